/**
 * The queue contract (spec section 3.1 and preface decisions 3 and 7): the behaviour every
 * {@link Queue} implementation must have, as a vitest suite. Call it from a test file of your own
 * with a factory that builds a fresh, empty queue.
 * @module
 */
import { describe, expect, it } from "vitest";
import { fingerprint, type Message } from "../../queue/messages.js";
import type { Delivery, Queue } from "../../queue/queue.js";
import type { VirtualClock } from "../../time/clock.js";
import { VirtualClock as Clock } from "../../time/clock.js";
import { messages as m } from "./fixtures.js";

/** The maximum number of deliveries the contract expects a factory's queue to be configured with. */
export const CONTRACT_MAX_ATTEMPTS = 3;

/** A queue under test and how to dispose of it. */
export interface QueueUnderTest {
  queue: Queue;
  /** Release whatever the queue holds (connections, listeners). Called once after each test. */
  close(): Promise<void>;
}

/**
 * Builds a fresh, empty queue for one test. The queue must:
 * - take every time (due times, lease expiry, dead-letter `at`) from `clock.now()` — the suite moves
 *   time with `clock.advance(ms)` and never waits for real time (except for `onPush`, see below);
 * - be configured with `maxAttempts` = {@link CONTRACT_MAX_ATTEMPTS} (3);
 * - be independent of every other queue the factory built (no shared messages).
 */
export type QueueFactory = (clock: VirtualClock) => Promise<QueueUnderTest>;

/** A small deterministic PRNG (mulberry32), so the randomised tests replay identically. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function drain(queue: Queue, leaseMs = 60_000): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (;;) {
    const d = await queue.poll(leaseMs);
    if (!d) return out;
    out.push(d);
  }
}

function sameMessages(actual: Message[], expected: Message[]): void {
  const key = (x: Message) => fingerprint(x);
  expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
}

/**
 * Registers the queue contract as a vitest `describe` block named `queue contract: <name>`.
 *
 * @param name shown in the test report, e.g. `"InMemoryQueue"`.
 * @param factory builds a fresh queue per test; see {@link QueueFactory} for what it must configure.
 */
export function queueContract(name: string, factory: QueueFactory): void {
  describe(`queue contract: ${name}`, () => {
    async function withQueue(body: (queue: Queue, clock: VirtualClock) => Promise<void>): Promise<void> {
      const clock = new Clock();
      const { queue, close } = await factory(clock);
      try {
        await body(queue, clock);
      } finally {
        await close();
      }
    }

    describe("delivery", () => {
      it("delivers a pushed message with its content intact and attempts = 1", () =>
        withQueue(async (queue) => {
          const all: Message[] = [
            m.startExecution("e1"),
            m.runTask("e1", "s1", "2", "waitForJudgment"),
            m.completeTask("e1", "s1"),
            m.cancelExecution("e1", null, "user asked «stop» ✋"),
            m.startWaitingExecutions("cfg-1", true),
          ];
          for (const msg of all) await queue.push(msg);
          const got = await drain(queue);
          expect(got).toHaveLength(all.length);
          for (const d of got) expect(d.attempts).toBe(1);
          expect(new Set(got.map((d) => d.id)).size).toBe(all.length);
          // deep equality, not just the same fingerprint
          const byFp = new Map(got.map((d) => [fingerprint(d.message), d.message]));
          for (const msg of all) expect(byFp.get(fingerprint(msg))).toEqual(msg);
        }));

      it("returns undefined when nothing is queued", () =>
        withQueue(async (queue) => {
          expect(await queue.poll()).toBeUndefined();
        }));

      it("does not deliver a delayed message before its due time, and does after", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.startExecution("e1"), 1_000);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(999);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(1);
          const d = await queue.poll();
          expect(d?.message).toEqual(m.startExecution("e1"));
          expect(d?.attempts).toBe(1);
        }));

      it("delivers the earliest due message first, whatever the push order", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.startStage("e1", "c"), 300);
          await queue.push(m.startStage("e1", "a"), 100);
          await queue.push(m.startStage("e1", "d"), 400);
          await queue.push(m.startStage("e1", "b"), 200);
          clock.advance(250);
          const early = await drain(queue);
          expect(early.map((d) => (d.message as { stageId: string }).stageId)).toEqual(["a", "b"]);
          clock.advance(1_000);
          const late = await drain(queue);
          expect(late.map((d) => (d.message as { stageId: string }).stageId)).toEqual(["c", "d"]);
        }));

      it("treats a message with the same content in another key order as identical", () =>
        withQueue(async (queue) => {
          await queue.push({ kind: "StartExecution", executionType: "pipeline", executionId: "e1", application: "payments" });
          await queue.push({ application: "payments", executionId: "e1", executionType: "pipeline", kind: "StartExecution" });
          expect(await queue.size()).toBe(1);
        }));
    });

    describe("de-duplication", () => {
      it("keeps one pending message when an identical one is pushed twice", () =>
        withQueue(async (queue) => {
          await queue.push(m.startStage("e1", "s1"));
          await queue.push(m.startStage("e1", "s1"));
          expect(await queue.size()).toBe(1);
          expect(await drain(queue)).toHaveLength(1);
          expect(await queue.poll()).toBeUndefined();
        }));

      it("moves the due time to the second push's (later)", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.startStage("e1", "s1"), 1_000);
          await queue.push(m.startStage("e1", "s1"), 5_000);
          clock.advance(1_000);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(4_000);
          expect((await queue.poll())?.message).toEqual(m.startStage("e1", "s1"));
          expect(await queue.poll()).toBeUndefined();
        }));

      it("moves the due time to the second push's (earlier)", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.startStage("e1", "s1"), 5_000);
          clock.advance(1_000);
          await queue.push(m.startStage("e1", "s1"), 500);
          clock.advance(499);
          expect(await queue.poll(60_000)).toBeUndefined();
          clock.advance(1);
          expect((await queue.poll(60_000))?.message).toEqual(m.startStage("e1", "s1"));
          clock.advance(10_000);
          expect(await queue.poll(60_000)).toBeUndefined();
        }));

      it("does not merge different messages", () =>
        withQueue(async (queue) => {
          await queue.push(m.startStage("e1", "s1"));
          await queue.push(m.startStage("e1", "s2"));
          await queue.push(m.startStage("e2", "s1"));
          await queue.push(m.cancelExecution("e1", "alice", null));
          await queue.push(m.cancelExecution("e1", "bob", null));
          expect(await queue.size()).toBe(5);
        }));

      it("creates a new pending message when an identical one is in flight", () =>
        withQueue(async (queue) => {
          await queue.push(m.runTask("e1", "s1"));
          const first = await queue.poll(10_000);
          expect(first).toBeDefined();
          await queue.push(m.runTask("e1", "s1"));
          expect(await queue.size()).toBe(2);
          const second = await queue.poll(10_000);
          expect(second?.message).toEqual(m.runTask("e1", "s1"));
          expect(second?.id).not.toBe(first?.id);
          expect(second?.attempts).toBe(1);
          await queue.ack(first!);
          await queue.ack(second!);
          expect(await queue.size()).toBe(0);
        }));

      it("a retried message merges into an identical one pushed while it was in flight", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          const first = await queue.poll(10_000);
          await queue.push(m.runTask("e1", "s1"), 2_000);
          expect(await queue.retry(first!, "boom", 0)).toBe(false);
          expect(await queue.size()).toBe(1);
          clock.advance(2_000);
          expect(await drain(queue)).toHaveLength(1);
        }));
    });

    describe("ensure", () => {
      it("pushes when nothing identical is queued", () =>
        withQueue(async (queue, clock) => {
          await queue.ensure(m.startStage("e1", "s1"), 100);
          expect(await queue.size()).toBe(1);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(100);
          expect((await queue.poll())?.message).toEqual(m.startStage("e1", "s1"));
        }));

      it("is a no-op when an identical message is pending (the due time does not move)", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.startStage("e1", "s1"), 1_000);
          await queue.ensure(m.startStage("e1", "s1"), 0);
          expect(await queue.size()).toBe(1);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(1_000);
          expect(await drain(queue)).toHaveLength(1);
        }));

      it("is a no-op when an identical message is in flight", () =>
        withQueue(async (queue) => {
          await queue.push(m.startStage("e1", "s1"));
          const d = await queue.poll(10_000);
          expect(d).toBeDefined();
          await queue.ensure(m.startStage("e1", "s1"));
          expect(await queue.size()).toBe(1);
          expect(await queue.poll()).toBeUndefined();
        }));
    });

    describe("reschedule", () => {
      it("moves a pending message's due time to now + delay", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"), 60_000);
          clock.advance(1_000);
          await queue.reschedule(m.runTask("e1", "s1"), 0);
          expect((await queue.poll())?.message).toEqual(m.runTask("e1", "s1"));
        }));

      it("can postpone a pending message", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"), 100);
          await queue.reschedule(m.runTask("e1", "s1"), 5_000);
          clock.advance(4_999);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(1);
          expect(await queue.poll()).toBeDefined();
        }));

      it("is a no-op when no identical message is queued", () =>
        withQueue(async (queue) => {
          await queue.push(m.runTask("e1", "s1"), 1_000);
          await queue.reschedule(m.runTask("e1", "s2"), 0);
          expect(await queue.size()).toBe(1);
          expect(await queue.poll()).toBeUndefined();
        }));

      it("is a no-op when the identical message is in flight", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          const d = await queue.poll(10_000);
          await queue.reschedule(m.runTask("e1", "s1"), 0);
          expect(await queue.size()).toBe(1);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(10_000);
          const again = await queue.poll(10_000);
          expect(again?.id).toBe(d?.id);
          expect(again?.attempts).toBe(2);
        }));
    });

    describe("leases and acks", () => {
      it("redelivers an un-acked message after its lease expires, with attempts + 1, and not before", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          const first = await queue.poll(1_000);
          expect(first?.attempts).toBe(1);
          expect(await queue.poll(1_000)).toBeUndefined();
          clock.advance(999);
          expect(await queue.poll(1_000)).toBeUndefined();
          clock.advance(1);
          const second = await queue.poll(1_000);
          expect(second?.id).toBe(first?.id);
          expect(second?.attempts).toBe(2);
          expect(second?.message).toEqual(m.runTask("e1", "s1"));
        }));

      it("never redelivers an acked message", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          const d = await queue.poll(1_000);
          await queue.ack(d!);
          clock.advance(10_000);
          expect(await queue.poll()).toBeUndefined();
          expect(await queue.size()).toBe(0);
          expect(await queue.nextDueAt()).toBeUndefined();
          expect(await queue.deadLetters()).toEqual([]);
        }));

      it("acking twice is harmless", () =>
        withQueue(async (queue) => {
          await queue.push(m.runTask("e1", "s1"));
          await queue.push(m.runTask("e1", "s2"));
          const d = await queue.poll(1_000);
          await queue.ack(d!);
          await queue.ack(d!);
          expect(await queue.size()).toBe(1);
        }));

      it("never hands one message to two concurrent pollers while it is leased", () =>
        withQueue(async (queue) => {
          for (let i = 0; i < 10; i++) await queue.push(m.runTask("e1", `s${i}`));
          const polled = await Promise.all(Array.from({ length: 20 }, () => queue.poll(60_000)));
          const got = polled.filter((d): d is Delivery => d !== undefined);
          expect(got).toHaveLength(10);
          expect(new Set(got.map((d) => d.id)).size).toBe(10);
          expect(new Set(got.map((d) => fingerprint(d.message))).size).toBe(10);
          expect(await queue.poll()).toBeUndefined();
        }));
    });

    describe("retries and dead letters", () => {
      it("retries after the given delay, with attempts + 1", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          const first = await queue.poll(60_000);
          expect(await queue.retry(first!, "connection reset", 500)).toBe(false);
          expect(await queue.size()).toBe(1);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(499);
          expect(await queue.poll()).toBeUndefined();
          clock.advance(1);
          const second = await queue.poll(60_000);
          expect(second?.id).toBe(first?.id);
          expect(second?.attempts).toBe(2);
        }));

      it(`moves a message to the dead letters with its reason once it has been delivered ${CONTRACT_MAX_ATTEMPTS} times`, () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          for (let attempt = 1; attempt <= CONTRACT_MAX_ATTEMPTS; attempt++) {
            const d = await queue.poll(60_000);
            expect(d?.attempts).toBe(attempt);
            const dead = await queue.retry(d!, `boom ${attempt}`, 100);
            expect(dead).toBe(attempt === CONTRACT_MAX_ATTEMPTS);
            clock.advance(100);
          }
          expect(await queue.poll()).toBeUndefined();
          expect(await queue.size()).toBe(0);
          const dead = await queue.deadLetters();
          expect(dead).toHaveLength(1);
          expect(dead[0]).toMatchObject({ message: m.runTask("e1", "s1"), attempts: CONTRACT_MAX_ATTEMPTS, reason: `boom ${CONTRACT_MAX_ATTEMPTS}` });
          expect(dead[0]!.at).toBe(clock.now() - 100);
          expect(typeof dead[0]!.id).toBe("string");
        }));

      it("dead-letters a message whose lease expired on every attempt", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "s1"));
          for (let attempt = 1; attempt <= CONTRACT_MAX_ATTEMPTS; attempt++) {
            const d = await queue.poll(1_000);
            expect(d?.attempts).toBe(attempt);
            clock.advance(1_000);
          }
          expect(await queue.poll(1_000)).toBeUndefined();
          expect(await queue.size()).toBe(0);
          const dead = await queue.deadLetters();
          expect(dead).toHaveLength(1);
          expect(dead[0]?.message).toEqual(m.runTask("e1", "s1"));
          expect(dead[0]?.attempts).toBe(CONTRACT_MAX_ATTEMPTS);
          expect(dead[0]?.reason).toMatch(/lease expired/);
        }));

      it("lists dead letters oldest first and never lets them block other messages", () =>
        withQueue(async (queue, clock) => {
          await queue.push(m.runTask("e1", "poison-1"));
          await queue.push(m.runTask("e1", "poison-2"), 10);
          await queue.push(m.startStage("e1", "healthy"), 50);
          const seen: string[] = [];
          for (let round = 0; round < 20; round++) {
            for (const d of await drain(queue, 60_000)) {
              const stageId = (d.message as { stageId: string }).stageId;
              seen.push(stageId);
              if (stageId === "healthy") await queue.ack(d);
              else await queue.retry(d, `cannot handle ${stageId}`, 0);
            }
            clock.advance(10);
          }
          expect(seen.filter((s) => s === "healthy")).toHaveLength(1);
          const dead = await queue.deadLetters();
          expect(dead.map((d) => d.reason)).toEqual(["cannot handle poison-1", "cannot handle poison-2"]);
          expect(dead[0]!.at).toBeLessThanOrEqual(dead[1]!.at);
          expect(await queue.size()).toBe(0);
        }));

      it("a message with the same content as a dead letter can be pushed and delivered again", () =>
        withQueue(async (queue) => {
          await queue.push(m.runTask("e1", "s1"));
          for (let attempt = 1; attempt <= CONTRACT_MAX_ATTEMPTS; attempt++) {
            await queue.retry((await queue.poll(60_000))!, "boom", 0);
          }
          await queue.push(m.runTask("e1", "s1"));
          const d = await queue.poll(60_000);
          expect(d?.attempts).toBe(1);
        }));
    });

    describe("at-least-once delivery", () => {
      it("delivers every push at least once, under duplicated and reordered pushes, lost leases and retries", () =>
        withQueue(async (queue, clock) => {
          const random = prng(20260101);
          const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
          const catalogue: Message[] = [];
          for (let i = 0; i < 12; i++) catalogue.push(i % 3 === 0 ? m.startStage(`e${i % 4}`, `s${i}`) : m.runTask(`e${i % 4}`, `s${i}`, `${i}`));
          const leaseMs = 1_000;
          let seq = 0;
          const pushes: Array<{ seq: number; fp: string }> = [];
          const deliveries: Array<{ seq: number; fp: string }> = [];
          const held: Array<{ delivery: Delivery; leasedUntil: number }> = [];
          const leaseOf = new Map<string, number>(); // delivery id -> lease end of its current holder

          const handle = async (d: Delivery) => {
            const now = clock.now();
            const current = leaseOf.get(d.id);
            // nobody else may hold a live lease on this message
            expect(current === undefined || current <= now).toBe(true);
            leaseOf.set(d.id, now + leaseMs);
            deliveries.push({ seq: seq++, fp: fingerprint(d.message) });
            const r = random();
            if (d.attempts >= CONTRACT_MAX_ATTEMPTS - 1) {
              leaseOf.delete(d.id);
              await queue.ack(d);
            } else if (r < 0.45) {
              leaseOf.delete(d.id);
              await queue.ack(d);
            } else if (r < 0.65) {
              leaseOf.delete(d.id);
              expect(await queue.retry(d, "flaky", Math.floor(random() * 300))).toBe(false);
            } else if (r < 0.85) {
              held.push({ delivery: d, leasedUntil: now + leaseMs }); // acked a bit later, within its lease
            }
            // else: the worker "crashed"; the lease will expire
          };

          for (let step = 0; step < 400; step++) {
            const r = random();
            if (r < 0.4) {
              const msg = { ...pick(catalogue) };
              // the same content with its keys in another order
              const reordered = Object.fromEntries(Object.entries(msg).reverse()) as unknown as Message;
              pushes.push({ seq: seq++, fp: fingerprint(msg) });
              await queue.push(random() < 0.5 ? msg : reordered, Math.floor(random() * 2_000));
            } else if (r < 0.7) {
              const d = await queue.poll(leaseMs);
              if (d) await handle(d);
            } else if (r < 0.8 && held.length > 0) {
              const h = held.shift()!;
              if (h.leasedUntil > clock.now()) {
                leaseOf.delete(h.delivery.id);
                await queue.ack(h.delivery);
              }
            } else {
              clock.advance(Math.floor(random() * 400));
            }
          }
          // drain: release held deliveries, then let everything come due and ack what arrives
          for (const h of held.splice(0)) if (h.leasedUntil > clock.now()) {
            leaseOf.delete(h.delivery.id);
            await queue.ack(h.delivery);
          }
          for (let round = 0; round < 100 && (await queue.size()) > 0; round++) {
            clock.advance(2_000);
            for (let d = await queue.poll(leaseMs); d; d = await queue.poll(leaseMs)) {
              const now = clock.now();
              const current = leaseOf.get(d.id);
              expect(current === undefined || current <= now).toBe(true);
              deliveries.push({ seq: seq++, fp: fingerprint(d.message) });
              leaseOf.delete(d.id);
              await queue.ack(d);
            }
          }
          expect(await queue.size()).toBe(0);
          expect(await queue.deadLetters()).toEqual([]);
          expect(pushes.length).toBeGreaterThan(100);
          // every push is followed by a delivery of the same content
          for (const p of pushes) {
            const later = deliveries.some((d) => d.fp === p.fp && d.seq > p.seq);
            expect(later, `push #${p.seq} (${p.fp}) was never delivered after it was pushed`).toBe(true);
          }
        }));
    });

    describe("inspection", () => {
      it("nextDueAt is the earliest pending due time or lease expiry, undefined when empty", () =>
        withQueue(async (queue, clock) => {
          const t0 = clock.now();
          expect(await queue.nextDueAt()).toBeUndefined();
          await queue.push(m.startStage("e1", "a"), 500);
          await queue.push(m.startStage("e1", "b"), 200);
          expect(await queue.nextDueAt()).toBe(t0 + 200);
          clock.advance(200);
          const d = await queue.poll(1_000);
          expect((d?.message as { stageId: string }).stageId).toBe("b");
          expect(await queue.nextDueAt()).toBe(t0 + 500);
          clock.advance(300);
          const a = await queue.poll(10_000);
          expect(await queue.nextDueAt()).toBe(t0 + 200 + 1_000);
          await queue.ack(d!);
          expect(await queue.nextDueAt()).toBe(t0 + 500 + 10_000);
          await queue.ack(a!);
          expect(await queue.nextDueAt()).toBeUndefined();
        }));

      it("size counts pending and in-flight messages, not dead letters", () =>
        withQueue(async (queue) => {
          expect(await queue.size()).toBe(0);
          await queue.push(m.startStage("e1", "a"));
          await queue.push(m.startStage("e1", "b"), 1_000);
          await queue.push(m.startStage("e1", "c"));
          expect(await queue.size()).toBe(3);
          const d = await queue.poll(60_000);
          expect(await queue.size()).toBe(3);
          await queue.ack(d!);
          expect(await queue.size()).toBe(2);
          let x = await queue.poll(60_000);
          for (let i = 1; i < CONTRACT_MAX_ATTEMPTS; i++) {
            await queue.retry(x!, "boom", 0);
            x = await queue.poll(60_000);
          }
          expect(await queue.retry(x!, "boom", 0)).toBe(true);
          expect(await queue.size()).toBe(1);
        }));

      it("messagesFor lists the pending and in-flight messages of one execution", () =>
        withQueue(async (queue) => {
          await queue.push(m.startStage("e1", "a"));
          await queue.push(m.runTask("e1", "b"), 60_000);
          await queue.push(m.startStage("e2", "a"), 10);
          await queue.push(m.startWaitingExecutions("cfg-1"), 10);
          const d = await queue.poll(60_000);
          expect(d?.message).toEqual(m.startStage("e1", "a"));
          sameMessages(await queue.messagesFor("e1"), [m.startStage("e1", "a"), m.runTask("e1", "b")]);
          sameMessages(await queue.messagesFor("e2"), [m.startStage("e2", "a")]);
          expect(await queue.messagesFor("e3")).toEqual([]);
          await queue.ack(d!);
          expect(await queue.messagesFor("e1")).toEqual([m.runTask("e1", "b")]);
        }));

      it("onPush listeners (when supported) are told about pushes and can unsubscribe", () =>
        withQueue(async (queue) => {
          if (!queue.onPush) return;
          let calls = 0;
          const unsubscribe = queue.onPush(() => void calls++);
          await queue.push(m.startStage("e1", "a"));
          const deadline = Date.now() + 5_000;
          while (calls === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
          expect(calls).toBeGreaterThan(0);
          unsubscribe();
        }));
    });
  });
}
