import { describe, expect, it } from "vitest";
import { VirtualClock } from "../time/clock.js";
import { InMemoryQueue } from "./memory-queue.js";
import { fingerprint, type Message } from "./messages.js";
import type { DeadLetter, Delivery } from "./queue.js";

/** A small deterministic random source (the test must not depend on luck). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const asMessage = (m: Record<string, unknown>) => m as unknown as Message;

interface ModelEntry {
  id: string;
  message: Message;
  fp: string;
  at: number;
  seq: number;
  attempts: number;
  leased: boolean;
}

/**
 * The queue's behaviour written out plainly: every entry in one list, twins found by comparing
 * fingerprint strings, the next delivery found by scanning for the least `(at, seq)`.
 */
class ModelQueue {
  readonly entries: ModelEntry[] = [];
  readonly dead: DeadLetter[] = [];
  #seq = 0;
  constructor(
    readonly clock: VirtualClock,
    readonly maxAttempts: number,
  ) {}

  #schedule(e: ModelEntry, at: number): void {
    e.at = at;
    e.seq = this.#seq++;
  }
  #pending(fp: string, self?: ModelEntry): ModelEntry | undefined {
    return this.entries.find((e) => e !== self && !e.leased && e.fp === fp);
  }
  #drop(e: ModelEntry): void {
    this.entries.splice(this.entries.indexOf(e), 1);
  }
  push(message: Message, delayMs: number): void {
    const fp = fingerprint(message);
    const at = this.clock.now() + Math.max(0, delayMs);
    const existing = this.#pending(fp);
    if (existing) return this.#schedule(existing, at);
    const e: ModelEntry = { id: `m${this.#seq}`, message: { ...message }, fp, at: 0, seq: 0, attempts: 0, leased: false };
    this.entries.push(e);
    this.#schedule(e, at);
  }
  ensure(message: Message, delayMs: number): void {
    const fp = fingerprint(message);
    if (!this.entries.some((e) => e.fp === fp)) this.push(message, delayMs);
  }
  reschedule(message: Message, delayMs: number): void {
    const existing = this.#pending(fingerprint(message));
    if (existing) this.#schedule(existing, this.clock.now() + Math.max(0, delayMs));
  }
  poll(leaseMs: number): Delivery | undefined {
    const now = this.clock.now();
    for (;;) {
      let e: ModelEntry | undefined;
      for (const x of this.entries) if (x.at <= now && (!e || x.at < e.at || (x.at === e.at && x.seq < e.seq))) e = x;
      if (!e) return undefined;
      if (e.leased && e.attempts >= this.maxAttempts) {
        this.#kill(e, `lease expired ${e.attempts} times`);
        continue;
      }
      e.leased = true;
      e.attempts++;
      this.#schedule(e, now + leaseMs);
      return { id: e.id, message: { ...e.message }, attempts: e.attempts };
    }
  }
  ack(d: Delivery): void {
    const e = this.entries.find((x) => x.id === d.id);
    if (e) this.#drop(e);
  }
  retry(d: Delivery, reason: string, delayMs: number): boolean {
    const e = this.entries.find((x) => x.id === d.id);
    if (!e || !e.leased || e.attempts !== d.attempts) return false;
    if (e.attempts >= this.maxAttempts) {
      this.#kill(e, reason);
      return true;
    }
    e.leased = false;
    if (this.#pending(e.fp, e)) {
      this.#drop(e);
      return false;
    }
    this.#schedule(e, this.clock.now() + Math.max(0, delayMs));
    return false;
  }
  #kill(e: ModelEntry, reason: string): void {
    this.#drop(e);
    this.dead.push({ id: e.id, message: e.message, attempts: e.attempts, reason, at: this.clock.now() });
  }
  nextDueAt(): number | undefined {
    return this.entries.length === 0 ? undefined : Math.min(...this.entries.map((e) => e.at));
  }
}

/** Messages with few distinct values (so twins are common), some of them not flat. */
function randomMessage(r: () => number): Message {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const executionId = pick(["e1", "e2", "e3"]);
  const x = r();
  if (x < 0.35) return { kind: "StartExecution", executionType: "pipeline", executionId, application: "app" };
  if (x < 0.55) {
    // the same keys in another order
    return asMessage({ application: "app", executionId, kind: "StartStage", stageId: pick(["s1", "s2"]), executionType: "pipeline" });
  }
  if (x < 0.7) return { kind: "RunTask", executionType: "pipeline", executionId, application: "app", stageId: pick(["s1", "s2"]), taskId: pick(["1", "2"]), taskType: "t" };
  if (x < 0.8) {
    // values that write the same JSON: null, NaN and infinities; 0 and -0
    return asMessage({ kind: "Odd", executionId, n: pick([null, Number.NaN, Infinity, 0, -0, 1]) });
  }
  if (x < 0.87) {
    // not flat: a Date writes the JSON of a string; a function and undefined both write nothing
    return asMessage({ kind: "Odd", executionId, n: pick([new Date(0), "1970-01-01T00:00:00.000Z", undefined, () => 1, { a: [1] }]) });
  }
  if (x < 0.94) return { kind: "StartWaitingExecutions", pipelineConfigId: pick(["p1", "p2"]), purgeQueue: r() < 0.5 };
  // keys that a fingerprint cannot tell apart from other keys and values: {a: 1, b: 2} and {"a=1;b": 2}
  return asMessage(pick([{ kind: "W", a: 1, b: 2 }, { kind: "W", "a=1;b": 2 }, { "executionId=\"e1\";kind": "W" }, { executionId: "e1", kind: "W" }]));
}

describe("InMemoryQueue", () => {
  it("behaves exactly like a plain fingerprint-comparing model over random operations", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const clock = new VirtualClock();
      const queue = new InMemoryQueue({ clock, maxAttempts: 3, leaseMs: 500 });
      const model = new ModelQueue(clock, 3);
      const delivered: Delivery[] = [];
      for (let step = 0; step < 400; step++) {
        const x = r();
        const delay = r() < 0.5 ? 0 : Math.floor(r() * 1_000);
        if (x < 0.3) {
          const m = randomMessage(r);
          await queue.push(m, delay);
          model.push(m, delay);
        } else if (x < 0.36) {
          const m = randomMessage(r);
          await queue.ensure(m, delay);
          model.ensure(m, delay);
        } else if (x < 0.4) {
          const m = randomMessage(r);
          await queue.reschedule(m, delay);
          model.reschedule(m, delay);
        } else if (x < 0.62) {
          const lease = r() < 0.2 ? Math.floor(r() * 300) : 500;
          const d = await queue.poll(lease);
          expect(d).toEqual(model.poll(lease));
          if (d) delivered.push(d);
        } else if (x < 0.75 && delivered.length > 0) {
          const d = delivered.splice(Math.floor(r() * delivered.length), 1)[0]!;
          await queue.ack(d);
          model.ack(d);
        } else if (x < 0.85 && delivered.length > 0) {
          const d = delivered.splice(Math.floor(r() * delivered.length), 1)[0]!;
          expect(await queue.retry(d, "failed", delay)).toBe(model.retry(d, "failed", delay));
        } else {
          clock.advance(Math.floor(r() * 400));
        }
        expect(await queue.size()).toBe(model.entries.length);
        expect(await queue.nextDueAt()).toBe(model.nextDueAt());
      }
      for (const e of ["e1", "e2", "e3"]) {
        const fps = (ms: Message[]) => ms.map(fingerprint).sort();
        expect(fps(await queue.messagesFor(e))).toEqual(fps(model.entries.filter((x) => (x.message as { executionId?: unknown }).executionId === e).map((x) => x.message)));
      }
      expect(await queue.deadLetters()).toEqual(model.dead);
    }
  });

  it("takes a pushed twin for the pending message whatever its key order or JSON-equal values", async () => {
    const queue = new InMemoryQueue({ clock: new VirtualClock() });
    await queue.push(asMessage({ kind: "X", executionId: "e1", a: null, b: 0, c: "s", d: true }));
    await queue.push(asMessage({ d: true, c: "s", b: -0, a: Number.NaN, executionId: "e1", kind: "X" }));
    await queue.push(asMessage({ kind: "X", executionId: "e1", a: Infinity, b: 0, c: "s", d: true }));
    expect(await queue.size()).toBe(1);
    // one key more, or one less, or another value: not a twin
    await queue.push(asMessage({ kind: "X", executionId: "e1", a: null, b: 0, c: "s", d: true, e: null }));
    await queue.push(asMessage({ kind: "X", executionId: "e1", a: null, b: 0, c: "s" }));
    await queue.push(asMessage({ kind: "X", executionId: "e1", a: null, b: 0, c: "s", d: "true" }));
    expect(await queue.size()).toBe(4);
  });

  it("finds twins that are not flat by fingerprint, in both directions", async () => {
    const queue = new InMemoryQueue({ clock: new VirtualClock() });
    await queue.push(asMessage({ kind: "X", executionId: "e1", at: "1970-01-01T00:00:00.000Z" }));
    await queue.push(asMessage({ kind: "X", executionId: "e1", at: new Date(0) }));
    expect(await queue.size()).toBe(1);
    await queue.push(asMessage({ kind: "Y", executionId: new Date(0) }));
    await queue.push(asMessage({ kind: "Y", executionId: "1970-01-01T00:00:00.000Z" }));
    expect(await queue.size()).toBe(2);
    await queue.push(asMessage({ kind: "W", a: 1, b: 2 }));
    await queue.push(asMessage({ kind: "W", "a=1;b": 2 }));
    expect(await queue.size()).toBe(3);
    // a message whose fingerprint cannot be made is refused, as before
    await expect(queue.push(asMessage({ kind: "Z", n: 1n }))).rejects.toThrow();
    expect(await queue.size()).toBe(3);
  });

  it("answers deliveries by their id only, never by a look-alike id", async () => {
    const queue = new InMemoryQueue({ clock: new VirtualClock() });
    for (let i = 0; i < 12; i++) await queue.push({ kind: "StartExecution", executionType: "pipeline", executionId: `e${i}`, application: "a" });
    const d = (await queue.poll())!;
    expect(d.id).toMatch(/^m\d+$/);
    for (const id of [`m0${d.id.slice(1)}`, `x${d.id.slice(1)}`, `${d.id} `, "m", "", "m99999999999999999999", `m${d.id.slice(1)}0`]) {
      await queue.ack({ ...d, id });
      expect(await queue.retry({ ...d, id }, "no", 0)).toBe(false);
    }
    await queue.ack({ ...d, id: 7 as unknown as string });
    expect(await queue.size()).toBe(12);
    await queue.ack(d);
    expect(await queue.size()).toBe(11);
  });

  it("keeps copies of its own: a pushed or delivered message mutated by its caller does not change", async () => {
    const queue = new InMemoryQueue({ clock: new VirtualClock() });
    const m = { kind: "StartExecution", executionType: "pipeline", executionId: "e1", application: "a" } as Message;
    await queue.push(m);
    (m as { application: string }).application = "changed";
    const d = (await queue.poll(0))!;
    expect(d.message).toEqual({ kind: "StartExecution", executionType: "pipeline", executionId: "e1", application: "a" });
    (d.message as { application: string }).application = "changed too";
    expect((await queue.poll(0))!.message).toEqual({ kind: "StartExecution", executionType: "pipeline", executionId: "e1", application: "a" });
    // the mutated message is not the queue's twin any more
    await queue.push(m);
    expect(await queue.size()).toBe(2);
  });

  it("keeps its schedule bounded by the live messages over a long virtual-clock run", async () => {
    const clock = new VirtualClock();
    const queue = new InMemoryQueue({ clock });
    for (let round = 0; round < 20_000; round++) {
      // a twin pushed again and again while pending, and handled messages acked long before their lease ends
      await queue.push({ kind: "StartExecution", executionType: "pipeline", executionId: "e1", application: "a" });
      await queue.push({ kind: "StartStage", executionType: "pipeline", executionId: `e${round}`, application: "a", stageId: "s" }, 10);
      clock.advance(10);
      const d = (await queue.poll())!;
      await queue.ack(d);
      if (queue.scheduleFootprint > 4 * (await queue.size()) + 4096) throw new Error(`footprint ${queue.scheduleFootprint} at round ${round}`);
    }
    expect(await queue.size()).toBeLessThanOrEqual(2);
  });
});
