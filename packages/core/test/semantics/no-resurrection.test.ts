/**
 * Preface decision 3: a duplicated, stale or redelivered message never moves a completed stage or
 * execution (cf. spinnaker/spinnaker#7921).
 */
import { describe, expect, it } from "vitest";
import { defineStage } from "../../src/index.js";
import type { ExecutionStatus } from "../../src/execution/status.js";
import type { PipelineExecution } from "../../src/execution/types.js";
import type { Message } from "../../src/queue/messages.js";
import type { Delivery } from "../../src/queue/queue.js";
import type { TestEngine } from "../../src/testing.js";
import { emitTask, engine, flakyStage, get, statuses } from "./helpers.js";

const guardedStage = defineStage({
  type: "guarded",
  tasks: [...(flakyStage.tasks ?? []), emitTask],
  beforeStages: (_s, g) => void g.add({ type: "emit", name: "prepare", context: { emit: { prepared: true } } }),
  afterStages: (_s, g) => void g.add({ type: "emit", name: "cleanup", context: { emit: { cleaned: true } } }),
  taskGraph: (s, g, env) => flakyStage.taskGraph!(s, g, env),
});

/** Every message any handler could receive about this execution, built from its current state. */
function everyMessage(e: PipelineExecution): Message[] {
  const base = { executionType: e.type, executionId: e.id, application: e.application };
  const out: Message[] = [
    { ...base, kind: "StartExecution" },
    { ...base, kind: "CompleteExecution" },
    { ...base, kind: "CancelExecution", user: "late", reason: "late" },
    { ...base, kind: "RescheduleExecution" },
    { ...base, kind: "ResumeExecution" },
  ];
  if (e.pipelineConfigId) {
    out.push({ kind: "StartWaitingExecutions", pipelineConfigId: e.pipelineConfigId, purgeQueue: true });
    out.push({ kind: "StartWaitingExecutions", pipelineConfigId: e.pipelineConfigId, purgeQueue: false });
  }
  for (const s of e.stages) {
    const st = { ...base, stageId: s.id };
    for (const kind of ["StartStage", "CompleteStage", "SkipStage", "CancelStage", "PauseStage", "ResumeStage", "AbortStage"] as const) {
      out.push({ ...st, kind } as Message);
    }
    out.push({ ...st, kind: "ContinueParentStage", phase: "STAGE_BEFORE" });
    out.push({ ...st, kind: "ContinueParentStage", phase: "STAGE_AFTER" });
    for (const t of s.tasks) {
      const tk = { ...st, taskId: t.id };
      out.push({ ...tk, kind: "StartTask" });
      out.push({ ...tk, kind: "RunTask", taskType: t.implementingClass });
      out.push({ ...tk, kind: "PauseTask" });
      out.push({ ...tk, kind: "ResumeTask" });
      for (const status of ["SUCCEEDED", "TERMINAL", "FAILED_CONTINUE", "STOPPED", "CANCELED", "SKIPPED", "REDIRECT", "RUNNING"] as ExecutionStatus[]) {
        out.push({ ...tk, kind: "CompleteTask", status, originalStatus: status });
      }
    }
  }
  return out;
}

function eventLog(t: TestEngine): string[] {
  const log: string[] = [];
  for (const name of ["execution.started", "execution.complete", "stage.started", "stage.complete", "task.started", "task.complete"] as const) {
    t.events.on(name, (x: { executionId: string; status: string }) => log.push(`${name} ${x.executionId} ${x.status}`));
  }
  return log;
}

async function assertInert(t: TestEngine, done: PipelineExecution, log: string[]): Promise<void> {
  const before = structuredClone(await get(t, done.id));
  const eventsBefore = log.length;
  const messages = everyMessage(before);
  // in order, in reverse, and all at once
  for (const m of messages) await t.queue.push(m);
  await t.advance(3_600_000);
  for (const m of [...messages].reverse()) {
    await t.queue.push(m);
    await t.runUntilIdle();
  }
  await t.advance(3_600_000);
  expect(await get(t, done.id)).toEqual(before);
  expect(log.slice(eventsBefore)).toEqual([]);
  expect(await t.queue.deadLetters()).toEqual([]);
}

const shapes: Record<string, { config: Record<string, unknown>; cancelAt?: number; expected: string }> = {
  "a SUCCEEDED DAG with synthetic, skipped and failed-continue stages": {
    config: {
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "wait", name: "start", waitTime: 2 },
        { refId: "2", type: "guarded", name: "guarded", fixed: true, requisiteStageRefIds: ["1"] },
        { refId: "3", type: "fail", name: "ignored failure", continuePipeline: true, requisiteStageRefIds: ["1"] },
        { refId: "4", type: "wait", name: "skipped", waitTime: 1, requisiteStageRefIds: ["1"], stageEnabled: { type: "expression", expression: "false" } },
        { refId: "5", type: "wait", name: "join", waitTime: 1, requisiteStageRefIds: ["2", "3", "4"] },
      ],
    },
    expected: "SUCCEEDED",
  },
  "a TERMINAL pipeline with a canceled parallel branch and stages that never started": {
    config: {
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "wait", name: "start", waitTime: 1 },
        { refId: "2", type: "fail", name: "boom", requisiteStageRefIds: ["1"] },
        { refId: "3", type: "wait", name: "long", waitTime: 30, requisiteStageRefIds: ["1"] },
        { refId: "4", type: "wait", name: "never", waitTime: 1, requisiteStageRefIds: ["2"] },
        { refId: "5", type: "wait", name: "never either", waitTime: 1, requisiteStageRefIds: ["3"] },
      ],
    },
    expected: "TERMINAL",
  },
  "a CANCELED pipeline": {
    config: {
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "wait", name: "a", waitTime: 30 },
        { refId: "2", type: "manualJudgment", name: "judge" },
        { refId: "3", type: "wait", name: "after", waitTime: 1, requisiteStageRefIds: ["1"] },
      ],
    },
    cancelAt: 5_000,
    expected: "CANCELED",
  },
  "a STOPPED branch (SUCCEEDED pipeline)": {
    config: {
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "fail", name: "halt", failPipeline: false },
        { refId: "2", type: "wait", name: "behind halt", waitTime: 1, requisiteStageRefIds: ["1"] },
        { refId: "3", type: "wait", name: "other", waitTime: 3 },
      ],
    },
    expected: "SUCCEEDED",
  },
};

describe("no resurrection", () => {
  for (const [name, shape] of Object.entries(shapes)) {
    it(`stale and duplicated messages leave ${name} exactly as it was`, async () => {
      const t = engine({ stages: [guardedStage] });
      const log = eventLog(t);
      const e = await t.start(shape.config);
      if (shape.cancelAt !== undefined) {
        await t.advance(shape.cancelAt);
        await t.cancel(e.id);
      }
      const done = await t.runToCompletion(e.id);
      expect(done.status).toBe(shape.expected);
      await t.advance(60_000); // let every follow-up message settle
      await assertInert(t, done, log);
    });
  }

  it("the stale messages do not start the next waiting execution twice or revive a superseded one", async () => {
    const t = engine();
    const config = { id: "p", application: "app", name: "p", limitConcurrent: true, stages: [{ refId: "1", type: "wait", name: "w", waitTime: 10 }] };
    const a = await t.start(config);
    const b = await t.start(config);
    const c = await t.start(config);
    const doneA = await t.runToCompletion(a.id);
    const doneC = await t.runToCompletion(c.id);
    expect(doneC.status).toBe("SUCCEEDED");
    const canceledB = await get(t, b.id);
    expect(canceledB.status).toBe("CANCELED");
    const log = eventLog(t);
    for (const x of [doneA, canceledB, doneC]) await assertInert(t, x, log);
    expect(statuses(await get(t, b.id))).toEqual({ w: "NOT_STARTED" });
  });
});

describe("redelivery", () => {
  it.each([1, 100])("messages handled but never acked are redelivered after their lease and change nothing (%i messages per turn)", async (messagesPerTurn) => {
    const t = engine({ stages: [guardedStage], messagesPerTurn });
    const log = eventLog(t);
    // a worker that handles every message and then dies before acking it
    const unacked: Delivery[] = [];
    const q = t.queue;
    const ack = q.ack.bind(q);
    let crashing = true;
    q.ack = async (d: Delivery) => {
      if (crashing && d.attempts === 1) unacked.push(d);
      else await ack(d);
    };
    const e = await t.start(shapes["a SUCCEEDED DAG with synthetic, skipped and failed-continue stages"]!.config);
    const done = await t.runToCompletion(e.id, 30_000); // well within the 60 s lease
    expect(done.status).toBe("SUCCEEDED");
    expect(done.endTime! - done.startTime!).toBe(3_000);
    expect(unacked.length).toBeGreaterThan(messagesPerTurn === 1 ? 20 : 3);
    crashing = false;
    const snapshot = structuredClone(done);
    const events = log.length;
    expect(await q.size()).toBe(unacked.length);

    await t.advance(120_000); // past every lease: each message is delivered a second time
    expect(await q.size()).toBe(0);
    expect(await get(t, e.id)).toEqual(snapshot);
    expect(log.length).toBe(events);
    expect(await q.deadLetters()).toEqual([]);
  });

  it("a redelivered StartExecution of a finished execution starts nothing", async () => {
    const t = engine();
    const log = eventLog(t);
    const e = await t.start({ id: "p", application: "app", name: "p", stages: [{ refId: "1", type: "wait", name: "w", waitTime: 5 }] });
    const first = await t.queue.poll(); // a worker takes StartExecution ...
    expect(first?.message.kind).toBe("StartExecution");
    await t.queue.push(first!.message); // ... another worker handles a copy
    const done = await t.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    const snapshot = structuredClone(done);
    const events = log.length;
    await t.advance(600_000); // the first lease expires: redelivered
    expect(await t.queue.size()).toBe(0);
    expect(await get(t, e.id)).toEqual(snapshot);
    expect(log.length).toBe(events);
  });
});
