/**
 * @internal The unit of work of one message handled by a PostgreSQL worker loop, carried through
 * the engine's `processNext` with AsyncLocalStorage, so that the queue, the repository and the
 * stage lock can cut round trips without any change to the engine:
 *
 * - the poll that leases the message also takes its stage lock (RunTask) and reads its execution
 *   (in a fresh snapshot after the lease), which the handler's first `retrieve` then uses;
 * - the messages the handler pushes, its lock release and its ack are buffered and written in one
 *   transaction — together with the next poll of this process (the loop polls again at once);
 * - two loops of one process never handle messages of the same execution at once (which would
 *   only produce version conflicts and re-runs): the second waits for the first.
 *
 * Outside a worker loop (the host calling `push`, `processNext`, the contract suites) nothing is
 * buffered: every call is its own statement, as before.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Delivery, PipelineExecution } from "@gennaker/core";

/** A queue write made by a handler, applied in order at the flush. */
export interface QueueOp {
  op: "push" | "ensure" | "reschedule";
  fingerprint: string;
  executionId: string | null;
  body: string;
  dueAt: number;
}

/** An execution row as `retrieve` reads it. */
export interface ExecutionRow {
  version: number;
  stage_ids: string[];
  body: Record<string, unknown>;
  stages: unknown[] | null;
}

/** What one handled message buffers until its ack. */
export class UnitOfWork {
  /** The delivery this unit handles (set by `poll`). */
  delivery: Delivery | undefined;
  /** The execution read by the poll, for the handler's first `retrieve` of it. */
  prefetch: { executionId: string; row: ExecutionRow | null } | undefined;
  /** The stage lock the poll took (or tried to take) for a RunTask: `token` null when someone else holds it. */
  preLock: { key: string; token: string | null; consumed: boolean } | undefined;
  /** Pushes, ensures and reschedules of the handler, in order. */
  readonly ops: QueueOp[] = [];
  /** Stage locks released by the handler (deleted at the flush). */
  readonly releases: Array<{ key: string; token: string }> = [];
  /** After the ack (or retry): nothing more is buffered. */
  finished = false;
  /** Lets the next local handler of the same execution in. */
  #leaveGate: (() => void) | undefined;

  constructor(
    /** The queue instance whose worker loop runs this unit. */
    readonly queue: object,
    /** Its schema (the repository and the lock only use what belongs to their schema). */
    readonly schema: string,
  ) {}

  /** Whether writes to `schema` are buffered by this unit right now. */
  buffering(schema: string): boolean {
    return !this.finished && this.schema === schema;
  }

  /**
   * Waits until no other local unit handles `executionId` (or `maxWaitMs` passed: a slow task must
   * not hold up its execution's other branches), then holds it until {@link leaveGate}.
   */
  async enterGate(executionId: string, maxWaitMs = GATE_MAX_WAIT_MS): Promise<void> {
    this.#leaveGate = await gates.enter(`${this.schema}\u0000${executionId}`, maxWaitMs);
  }

  /** Releases the execution gate (idempotent). */
  leaveGate(): void {
    const leave = this.#leaveGate;
    this.#leaveGate = undefined;
    leave?.();
  }
}

/** Longest wait for another local handler of the same execution to finish. */
const GATE_MAX_WAIT_MS = 200;

/** The unit of work of the message being handled, if any. */
export const currentWork = new AsyncLocalStorage<UnitOfWork>();

/** Per-key FIFO mutexes: one local handler per execution at a time. */
class Gates {
  readonly #tails = new Map<string, Promise<void>>();

  async enter(key: string, maxWaitMs: number): Promise<() => void> {
    const previous = this.#tails.get(key);
    let open!: () => void;
    const mine = new Promise<void>((resolve) => (open = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.#tails.set(key, tail);
    if (previous) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
      clearTimeout(timer);
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      open();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}

const gates = new Gates();

/**
 * The executions this process wrote last (as it wrote them, with their new version). A handler's
 * first read of its message's execution takes whichever is newer: the poll's snapshot (taken after
 * the lease) or this process's own later write — so the handlers of one execution that a process
 * runs one after the other (see the gate) do not read it again after each other's writes. Objects
 * handed to `update` are never mutated by the engine afterwards (the in-memory store freezes
 * them), so keeping them is safe; readers get a shallow copy, as from the in-memory store.
 */
class LocalExecutions {
  readonly #latest = new Map<string, PipelineExecution>();

  remember(schema: string, execution: PipelineExecution): void {
    if (this.#latest.size >= 2_000) this.#latest.clear(); // bounded: forgetting only costs a read
    this.#latest.set(`${schema}\u0000${execution.id}`, execution);
  }

  forget(schema: string, executionId: string): void {
    this.#latest.delete(`${schema}\u0000${executionId}`);
  }

  /** A copy of the execution this process wrote last, if newer than `version`. */
  newerThan(schema: string, executionId: string, version: number): PipelineExecution | undefined {
    const e = this.#latest.get(`${schema}\u0000${executionId}`);
    return e && e.version > version ? { ...e, stages: e.stages.slice() } : undefined;
  }
}

export const localExecutions = new LocalExecutions();
