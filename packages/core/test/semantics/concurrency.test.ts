/** Spec section 5: limitConcurrent, maxConcurrentExecutions, keepWaitingPipelines and waiting executions. */
import { describe, expect, it } from "vitest";
import { engine, get, T0, waitPipeline } from "./helpers.js";

const SUPERSEDED =
  "This execution was queued but then canceled because a newer queued execution superceded it. This pipeline is configured to automatically cancel waiting executions.";

describe("limitConcurrent: true", () => {
  it("holds a second execution NOT_STARTED and starts it the moment the first ends", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    const a = await t.start(config);
    const b = await t.start(config);
    await t.advance(30_000);
    expect((await get(t, a.id)).status).toBe("RUNNING");
    const waiting = await get(t, b.id);
    expect(waiting.status).toBe("NOT_STARTED");
    expect(waiting.startTime).toBeNull();
    expect(waiting.stages[0]!.status).toBe("NOT_STARTED");
    expect(await t.repository.pending("p")).toHaveLength(1);

    const first = await t.runToCompletion(a.id);
    expect(first.status).toBe("SUCCEEDED");
    expect(first.endTime).toBe(T0 + 60_000);
    await t.runUntilIdle();
    const started = await get(t, b.id);
    expect(started.status).toBe("RUNNING");
    expect(started.startTime).toBe(T0 + 60_000);

    const second = await t.runToCompletion(b.id);
    expect(second.status).toBe("SUCCEEDED");
    expect(second.endTime).toBe(T0 + 120_000);
    expect(await t.repository.pending("p")).toHaveLength(0);
  });

  it("lets a queued execution start after the running one fails", async () => {
    const t = engine();
    const config = {
      id: "p",
      application: "app",
      name: "p",
      limitConcurrent: true,
      stages: [
        { refId: "1", type: "wait", name: "wait", waitTime: 10 },
        { refId: "2", type: "fail", name: "fail", requisiteStageRefIds: ["1"] },
      ],
    };
    const a = await t.start(config);
    const b = await t.start(config);
    const first = await t.runToCompletion(a.id);
    expect(first.status).toBe("TERMINAL");
    const second = await t.runToCompletion(b.id);
    expect(second.status).toBe("TERMINAL");
    expect(second.startTime).toBe(T0 + 10_000);
    expect(second.endTime).toBe(T0 + 20_000);
  });

  it("canceling the running execution starts the waiting one at once", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    const a = await t.start(config);
    const b = await t.start(config);
    await t.advance(20_000);
    await t.cancel(a.id);
    const canceled = await t.runToCompletion(a.id);
    expect(canceled.status).toBe("CANCELED");
    expect(canceled.endTime).toBe(T0 + 20_000);
    await t.runUntilIdle();
    const started = await get(t, b.id);
    expect(started.status).toBe("RUNNING");
    expect(started.startTime).toBe(T0 + 20_000);
    expect((await t.runToCompletion(b.id)).endTime).toBe(T0 + 80_000);
  });

  it("a PAUSED execution does not hold others back (only RUNNING ones count)", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    const a = await t.start(config);
    await t.advance(10_000);
    await t.pause(a.id);
    await t.runUntilIdle();
    expect((await get(t, a.id)).status).toBe("PAUSED");
    const b = await t.start(config);
    await t.runUntilIdle();
    expect((await get(t, b.id)).status).toBe("RUNNING");
  });

  it("does not count a different pipeline config", async () => {
    const t = engine();
    const a = await t.start(waitPipeline("p", 60, { limitConcurrent: true }));
    const b = await t.start(waitPipeline("q", 60, { limitConcurrent: true }));
    await t.runUntilIdle();
    expect((await get(t, a.id)).status).toBe("RUNNING");
    expect((await get(t, b.id)).status).toBe("RUNNING");
  });
});

describe("keepWaitingPipelines", () => {
  it("false: with three waiting, the newest starts and the older ones are CANCELED with Orca's reason", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true, keepWaitingPipelines: false });
    const running = await t.start(config);
    await t.runUntilIdle();
    const w1 = await t.start(config);
    await t.advance(1_000);
    const w2 = await t.start(config);
    await t.advance(1_000);
    const w3 = await t.start(config);
    await t.advance(1_000);
    for (const w of [w1, w2, w3]) expect((await get(t, w.id)).status).toBe("NOT_STARTED");
    expect(await t.repository.pending("p")).toHaveLength(3);

    await t.runToCompletion(running.id);
    await t.runUntilIdle();
    for (const w of [w1, w2]) {
      const e = await get(t, w.id);
      expect(e.status).toBe("CANCELED");
      expect(e.canceled).toBe(true);
      expect(e.canceledBy).toBe("spinnaker");
      expect(e.cancellationReason).toBe(SUPERSEDED);
      expect(e.startTime).toBeNull();
      expect(e.stages[0]!.status).toBe("NOT_STARTED");
    }
    const newest = await get(t, w3.id);
    expect(newest.status).toBe("RUNNING");
    expect(newest.startTime).toBe(T0 + 60_000);
    expect((await t.runToCompletion(w3.id)).status).toBe("SUCCEEDED");
    expect(await t.repository.pending("p")).toHaveLength(0);
  });

  it("false is the default when limitConcurrent is set", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    const running = await t.start(config);
    await t.runUntilIdle();
    const w1 = await t.start(config);
    const w2 = await t.start(config);
    await t.runToCompletion(running.id);
    await t.runUntilIdle();
    expect((await get(t, w1.id)).status).toBe("CANCELED");
    expect((await get(t, w2.id)).status).toBe("RUNNING");
  });

  it("false: canceling one waiting execution leaves the others waiting until the running one ends", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    const running = await t.start(config);
    await t.runUntilIdle();
    const w1 = await t.start(config);
    const w2 = await t.start(config);
    const w3 = await t.start(config);
    await t.advance(5_000);
    await t.cancel(w2.id, { user: "alice" });
    await t.advance(5_000);
    expect((await get(t, w1.id)).status).toBe("NOT_STARTED");
    expect((await get(t, w2.id)).status).toBe("CANCELED");
    expect((await get(t, w3.id)).status).toBe("NOT_STARTED");
    await t.runToCompletion(running.id);
    await t.runUntilIdle();
    const [e1, e2, e3] = [await get(t, w1.id), await get(t, w2.id), await get(t, w3.id)];
    expect([e1.status, e1.cancellationReason]).toEqual(["CANCELED", SUPERSEDED]);
    expect([e2.status, e2.canceledBy, e2.cancellationReason]).toEqual(["CANCELED", "alice", null]);
    expect(e2.endTime).toBe(T0 + 5_000);
    expect([e3.status, e3.startTime]).toEqual(["RUNNING", T0 + 60_000]);
  });

  it("false with maxConcurrentExecutions: a freed slot goes to the newest, older waiting ones are canceled", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { maxConcurrentExecutions: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await t.start(config)).id);
      await t.advance(1_000);
    }
    await t.runToCompletion(ids[0]!);
    await t.runUntilIdle();
    const now = await Promise.all(ids.map((id) => get(t, id)));
    expect(now.map((e) => e.status)).toEqual(["SUCCEEDED", "RUNNING", "CANCELED", "CANCELED", "RUNNING"]);
    expect(now[4]!.startTime).toBe(T0 + 60_000);
  });

  it("true: waiting executions run one at a time, oldest first", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true, keepWaitingPipelines: true });
    const running = await t.start(config);
    await t.runUntilIdle();
    const w1 = await t.start(config);
    const w2 = await t.start(config);
    const w3 = await t.start(config);
    await t.runToCompletion(w3.id);
    const all = await Promise.all([running, w1, w2, w3].map((x) => get(t, x.id)));
    expect(all.map((e) => e.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(all.map((e) => e.startTime! - T0)).toEqual([0, 60_000, 120_000, 180_000]);
    expect(all.map((e) => e.endTime! - T0)).toEqual([60_000, 120_000, 180_000, 240_000]);
    expect(all.every((e) => !e.canceled)).toBe(true);
  });
});

describe("maxConcurrentExecutions with limitConcurrent: false", () => {
  it("runs N at once and queues the rest until a slot frees", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: false, maxConcurrentExecutions: 2, keepWaitingPipelines: true });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await t.start(config)).id);
      await t.advance(1_000); // distinct start times
    }
    const now = await Promise.all(ids.map((id) => get(t, id)));
    expect(now.map((e) => e.status)).toEqual(["RUNNING", "RUNNING", "NOT_STARTED", "NOT_STARTED"]);
    await t.runToCompletion(ids[3]!);
    const done = await Promise.all(ids.map((id) => get(t, id)));
    expect(done.map((e) => e.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    // 3rd starts when the 1st ends (60 s), 4th when the 2nd ends (61 s)
    expect(done.map((e) => e.startTime! - T0)).toEqual([0, 1_000, 60_000, 61_000]);
  });

  it("never queues with limitConcurrent false and no maximum", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: false });
    const xs = [await t.start(config), await t.start(config), await t.start(config)];
    await t.runUntilIdle();
    for (const x of xs) expect((await get(t, x.id)).status).toBe("RUNNING");
  });

  it("limitConcurrent true ignores maxConcurrentExecutions", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true, maxConcurrentExecutions: 5 });
    const a = await t.start(config);
    const b = await t.start(config);
    await t.runUntilIdle();
    expect((await get(t, a.id)).status).toBe("RUNNING");
    expect((await get(t, b.id)).status).toBe("NOT_STARTED");
  });
});

describe("never queued", () => {
  it("orchestrations are never queued", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    const a = await t.start(config, { type: "orchestration" });
    const b = await t.start(config, { type: "orchestration" });
    await t.runUntilIdle();
    const [ea, eb] = [await get(t, a.id), await get(t, b.id)];
    expect(ea.pipelineConfigId).toBeNull();
    expect([ea.status, eb.status]).toEqual(["RUNNING", "RUNNING"]);
  });

  it("pipelines without an id are never queued", async () => {
    const t = engine();
    const config = { application: "app", name: "anon", limitConcurrent: true, stages: [{ refId: "1", type: "wait", name: "wait", waitTime: 60 }] };
    const a = await t.start(config);
    const b = await t.start(config);
    await t.runUntilIdle();
    expect((await get(t, a.id)).status).toBe("RUNNING");
    expect((await get(t, b.id)).status).toBe("RUNNING");
  });
});

describe("canceling a waiting execution", () => {
  it("cancels it at once (CANCELED, never started) and the running one is unaffected", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true, keepWaitingPipelines: true });
    const running = await t.start(config);
    const waiting = await t.start(config);
    const later = await t.start(config);
    await t.advance(10_000);
    await t.cancel(waiting.id, { user: "alice", reason: "not needed" });
    await t.runUntilIdle();
    const c = await get(t, waiting.id);
    expect(c.status).toBe("CANCELED");
    expect(c.canceled).toBe(true);
    expect(c.canceledBy).toBe("alice");
    expect(c.cancellationReason).toBe("not needed");
    expect(c.startTime).toBeNull();
    expect(c.endTime).toBe(T0 + 10_000);
    expect(c.stages.map((s) => s.status)).toEqual(["NOT_STARTED"]);
    expect((await get(t, running.id)).status).toBe("RUNNING");
    expect((await get(t, later.id)).status).toBe("NOT_STARTED");

    // when the running one ends, the canceled one is not started; the next waiting one is
    await t.runToCompletion(running.id);
    await t.runUntilIdle();
    expect((await get(t, waiting.id)).status).toBe("CANCELED");
    expect((await get(t, waiting.id)).startTime).toBeNull();
    const next = await get(t, later.id);
    expect(next.status).toBe("RUNNING");
    expect(next.startTime).toBe(T0 + 60_000);
    expect((await t.runToCompletion(later.id)).status).toBe("SUCCEEDED");
  });
});
