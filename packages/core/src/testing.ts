/**
 * `@gennaker/core/testing`: run pipelines in virtual time, and the contract suites every queue
 * and repository implementation must pass.
 * @packageDocumentation
 */
import { isComplete } from "./execution/status.js";
import type { PipelineExecution } from "./execution/types.js";
import { createEngine, type Engine, type EngineOptions } from "./engine/engine.js";
import { InMemoryQueue } from "./queue/memory-queue.js";
import { VirtualClock } from "./time/clock.js";

/** An engine on a virtual clock. */
export interface TestEngine extends Engine {
  readonly clock: VirtualClock;
  /**
   * Move virtual time forward by `ms`, handling every message that falls due on the way, in time
   * order. A 3-day manual judgment timeout takes milliseconds.
   */
  advance(ms: number): Promise<void>;
  /**
   * Handle messages (advancing virtual time to each next due message) until the execution is
   * complete or `maxMs` of virtual time has passed. Returns the execution.
   */
  runToCompletion(executionId: string, maxMs?: number): Promise<PipelineExecution>;
  /** Like {@link runToCompletion}, but stops as soon as `predicate` holds. */
  runUntil(predicate: () => boolean | Promise<boolean>, maxMs?: number): Promise<void>;
}

/** Options of {@link createTestEngine}: engine options plus the virtual start time. */
export interface TestEngineOptions extends Omit<EngineOptions, "clock"> {
  /** Virtual start time (default 2026-01-01T00:00:00Z). */
  start?: number | Date;
}

/** An in-memory engine on a {@link VirtualClock}, with deterministic randomness by default. */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  const clock = new VirtualClock(options.start);
  let seed = 42;
  const random = options.random ?? (() => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648));
  const engine = createEngine({ ...options, clock, random, queue: options.queue ?? new InMemoryQueue({ clock }) });

  async function step(limit: number): Promise<boolean> {
    await engine.runUntilIdle();
    const next = await engine.queue.nextDueAt();
    if (next === undefined || next > limit) return false;
    clock.advance(Math.max(0, next - clock.now()));
    return true;
  }

  const test: TestEngine = Object.assign(Object.create(null) as object, engine, {
    clock,
    async advance(ms: number) {
      const target = clock.now() + ms;
      while (await step(target)) {
        /* keep going */
      }
      clock.advance(Math.max(0, target - clock.now()));
      await engine.runUntilIdle();
    },
    async runUntil(predicate: () => boolean | Promise<boolean>, maxMs = 30 * 24 * 3_600_000) {
      const limit = clock.now() + maxMs;
      for (;;) {
        await engine.runUntilIdle();
        if (await predicate()) return;
        if (!(await step(limit))) return;
      }
    },
    async runToCompletion(executionId: string, maxMs = 30 * 24 * 3_600_000) {
      let e: PipelineExecution | undefined;
      await test.runUntil(async () => {
        e = await engine.get(executionId);
        return e !== undefined && isComplete(e.status);
      }, maxMs);
      e = await engine.get(executionId);
      if (!e) throw new Error(`execution ${executionId} not found`);
      return e;
    },
  });
  return test;
}

export { VirtualClock } from "./time/clock.js";
export * from "./testing/contract/index.js";
