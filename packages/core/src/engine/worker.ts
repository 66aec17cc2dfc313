/**
 * A worker loop: handle messages as they fall due, sleep until the next one (or until a push
 * wakes it), on the engine's clock.
 * @module
 */
import type { Queue } from "../queue/queue.js";
import type { Clock, Timer } from "../time/clock.js";

/** Options of a worker. */
export interface WorkerOptions {
  /** Messages handled at once by this worker (default 1). */
  concurrency?: number;
  /** Longest sleep between queue checks, for queues another process fills (default 1 s). */
  maxIdleMs?: number;
}

/** A running worker. */
export class Worker {
  readonly #processNext: () => Promise<boolean>;
  readonly #queue: Queue;
  readonly #clock: Clock;
  readonly #concurrency: number;
  readonly #maxIdleMs: number;
  #running = false;
  #loops: Promise<void>[] = [];
  readonly #waiters = new Set<() => void>();
  #unsubscribe: (() => void) | undefined;
  #keepAlive: ReturnType<typeof setInterval> | undefined;

  constructor(options: WorkerOptions & { processNext: () => Promise<boolean>; queue: Queue; clock: Clock }) {
    this.#processNext = options.processNext;
    this.#queue = options.queue;
    this.#clock = options.clock;
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#maxIdleMs = options.maxIdleMs ?? 1_000;
  }

  /** Whether the loops are running. */
  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    // a running worker keeps the process alive (the clock's own timers never do); stop() releases it
    this.#keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
    this.#unsubscribe = this.#queue.onPush?.(() => this.#wakeAll());
    for (let i = 0; i < this.#concurrency; i++) this.#loops.push(this.#loop());
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      let did = false;
      try {
        did = await this.#processNext();
      } catch {
        did = false;
      }
      if (did || !this.#running) continue;
      await this.#idle();
    }
  }

  async #idle(): Promise<void> {
    const next = await this.#queue.nextDueAt().catch(() => undefined);
    const delay = next === undefined ? this.#maxIdleMs : Math.min(this.#maxIdleMs, Math.max(0, next - this.#clock.now()));
    await new Promise<void>((resolve) => {
      let timer: Timer | undefined;
      const done = () => {
        timer?.cancel();
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
      timer = this.#clock.setTimer(done, delay);
    });
  }

  #wakeAll(): void {
    for (const w of [...this.#waiters]) w();
  }

  /** Stop after the messages in hand are handled. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    this.#unsubscribe?.();
    this.#wakeAll();
    await Promise.all(this.#loops);
    this.#loops = [];
  }
}
