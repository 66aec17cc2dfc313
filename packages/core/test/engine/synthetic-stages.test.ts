import { describe, expect, it } from "vitest";
import { defineStage, defineTask, RetryableTaskError, type PipelineExecution } from "../../src/index.js";
import { createTestEngine } from "../../src/testing.js";
import { scriptedTask, testStages } from "./fixtures.js";

/** A deploy-like stage: two parallel before-stages, its own task, an after-stage, and an on-failure rollback. */
const deployish = defineStage({
  type: "deployish",
  tasks: [scriptedTask],
  beforeStages(stage, graph) {
    graph.add({ type: "scripted", name: "prepare A", context: { script: ["SUCCEEDED"] } });
    graph.add({ type: "scripted", name: "prepare B", context: { script: [String(stage.context["prepareB"] ?? "SUCCEEDED")] } });
  },
  taskGraph(_stage, graph) {
    graph.task("deploy", scriptedTask);
  },
  afterStages(_stage, graph) {
    graph.append({ type: "scripted", name: "cleanup" });
  },
  onFailureStages(_stage, graph) {
    graph.append({ type: "scripted", name: "rollback" });
    graph.append({ type: "scripted", name: "notify" });
  },
});

function pipeline(context: Record<string, unknown> = {}) {
  return {
    id: "synthetic",
    application: "app",
    stages: [
      { refId: "1", type: "deployish", name: "Deploy", ...context },
      { refId: "2", type: "scripted", name: "after deploy", requisiteStageRefIds: ["1"] },
    ],
  };
}

const view = (e: PipelineExecution) => e.stages.map((s) => [s.refId, s.name, s.status, s.syntheticStageOwner]);

describe("synthetic stages (spec 3.5)", () => {
  it("runs before-stages (in parallel), then tasks, then after-stages, in the flat stage list order", async () => {
    const engine = createTestEngine({ stages: [...testStages, deployish] });
    const e = await engine.runToCompletion((await engine.start(pipeline())).id);
    expect(e.status).toBe("SUCCEEDED");
    expect(view(e)).toEqual([
      ["1<1", "prepare A", "SUCCEEDED", "STAGE_BEFORE"],
      ["1<2", "prepare B", "SUCCEEDED", "STAGE_BEFORE"],
      ["1", "Deploy", "SUCCEEDED", null],
      ["1>1", "cleanup", "SUCCEEDED", "STAGE_AFTER"],
      ["2", "after deploy", "SUCCEEDED", null],
    ]);
    const byName = Object.fromEntries(e.stages.map((s) => [s.name, s]));
    expect(byName["Deploy"]!.tasks[0]!.startTime).toBeGreaterThanOrEqual(byName["prepare B"]!.endTime!);
    expect(byName["cleanup"]!.startTime).toBeGreaterThanOrEqual(byName["Deploy"]!.tasks[0]!.endTime!);
    expect(byName["after deploy"]!.startTime).toBeGreaterThanOrEqual(byName["cleanup"]!.endTime!);
  });

  it("a failed before-stage fails the parent through the parent's failure options; its tasks never run; on-failure stages run as a chain", async () => {
    const engine = createTestEngine({ stages: [...testStages, deployish] });
    const e = await engine.runToCompletion((await engine.start(pipeline({ prepareB: "TERMINAL" }))).id);
    expect(e.status).toBe("TERMINAL");
    const byName = Object.fromEntries(e.stages.map((s) => [s.name, s]));
    expect(byName["Deploy"]!.status).toBe("TERMINAL");
    expect(byName["Deploy"]!.tasks[0]!.status).toBe("NOT_STARTED");
    expect(byName["rollback"]!.status).toBe("SUCCEEDED");
    expect(byName["notify"]!.requisiteStageRefIds).toEqual([byName["rollback"]!.refId]);
    expect(byName["notify"]!.status).toBe("SUCCEEDED");
    expect(byName["after deploy"]!.status).toBe("NOT_STARTED");
    expect(byName["cleanup"]).toBeUndefined();
  });

  it("a failing task with 'halt this branch' makes the parent STOPPED after its on-failure chain", async () => {
    const engine = createTestEngine({ stages: [...testStages, deployish] });
    const e = await engine.runToCompletion((await engine.start(pipeline({ script: ["TERMINAL"], failPipeline: false }))).id);
    const byName = Object.fromEntries(e.stages.map((s) => [s.name, s]));
    expect(byName["Deploy"]!.status).toBe("STOPPED");
    expect(byName["rollback"]!.status).toBe("SUCCEEDED");
    expect(e.status).toBe("SUCCEEDED");
  });
});

describe("task loops, retries and the continuePipeline quirk fix", () => {
  let polls = 0;
  const checkTask = defineTask({
    type: "check",
    execute(ctx) {
      polls++;
      const n = ((ctx.stage.context["attempt"] as number | undefined) ?? 0) + 1;
      return n < 3 ? { status: "REDIRECT", context: { attempt: n } } : { status: "SUCCEEDED", context: { attempt: n } };
    },
  });
  const loopStage = defineStage({
    type: "looping",
    tasks: [scriptedTask, checkTask],
    taskGraph(_s, graph) {
      graph.task("begin", scriptedTask);
      graph.loop((loop) => loop.task("work", scriptedTask).task("check", checkTask));
      graph.task("end", scriptedTask);
    },
  });

  it("REDIRECT re-runs the loop sub-graph from its first task", async () => {
    polls = 0;
    const engine = createTestEngine({ stages: [...testStages, loopStage] });
    const e = await engine.runToCompletion((await engine.start({ application: "a", stages: [{ refId: "1", type: "looping" }] })).id);
    const s = e.stages[0]!;
    expect(e.status).toBe("SUCCEEDED");
    expect(polls).toBe(3);
    expect(s.context["attempt"]).toBe(3);
    expect(s.tasks.map((t) => [t.name, t.stageStart, t.stageEnd, t.loopStart, t.loopEnd, t.status])).toEqual([
      ["begin", true, false, false, false, "SUCCEEDED"],
      ["work", false, false, true, false, "SUCCEEDED"],
      ["check", false, false, false, true, "SUCCEEDED"],
      ["end", false, true, false, false, "SUCCEEDED"],
    ]);
  });

  let calls = 0;
  const flaky = defineTask({
    type: "flaky",
    backoffMs: () => 5_000,
    timeoutMs: () => 60_000,
    execute() {
      calls++;
      if (calls < 4) throw new RetryableTaskError(`HTTP 503 (call ${calls})`);
      return { status: "SUCCEEDED" };
    },
  });
  const flakyStage = defineStage({ type: "flaky", tasks: [flaky], taskGraph: (_s, g) => void g.task("flaky", flaky) });

  it("a retryable error is retried after the task's backoff, durably through the queue", async () => {
    calls = 0;
    const engine = createTestEngine({ stages: [flakyStage] });
    const t0 = engine.clock.now();
    const e = await engine.runToCompletion((await engine.start({ application: "a", stages: [{ refId: "1", type: "flaky" }] })).id);
    expect(e.status).toBe("SUCCEEDED");
    expect(calls).toBe(4);
    expect(e.endTime! - t0).toBe(15_000);
  });

  it("retryable errors stop at the task timeout", async () => {
    calls = -1_000;
    const engine = createTestEngine({ stages: [flakyStage] });
    const e = await engine.runToCompletion((await engine.start({ application: "a", stages: [{ refId: "1", type: "flaky" }] })).id);
    expect(e.status).toBe("TERMINAL");
    const ex = e.stages[0]!.context["exception"] as { details: { errors: string[] } };
    expect(ex.details.errors[0]).toMatch(/^Task flaky of stage flaky timed out after 6\d{4} ms \(timeout 60000 ms\)$/);
  });

  const twoTasks = defineStage({
    type: "twoTasks",
    tasks: [scriptedTask],
    taskGraph: (_s, g) => void g.task("first", scriptedTask).task("second", scriptedTask),
  });

  it("a task failing in a continuePipeline stage stops the stage's remaining tasks (Orca QUIRK fixed)", async () => {
    const engine = createTestEngine({ stages: [...testStages, twoTasks] });
    const e = await engine.runToCompletion(
      (await engine.start({ application: "a", stages: [{ refId: "1", type: "twoTasks", script: ["TERMINAL"], continuePipeline: true }, { refId: "2", type: "scripted", requisiteStageRefIds: ["1"] }] })).id,
    );
    const s = e.stages[0]!;
    expect(s.tasks.map((t) => t.status)).toEqual(["FAILED_CONTINUE", "NOT_STARTED"]);
    expect(s.status).toBe("FAILED_CONTINUE");
    expect(e.stages[1]!.status).toBe("SUCCEEDED");
    expect(e.status).toBe("SUCCEEDED");
  });

  it("a task that explicitly returns FAILED_CONTINUE lets the stage's later tasks run", async () => {
    const engine = createTestEngine({ stages: [...testStages, twoTasks] });
    const e = await engine.runToCompletion(
      (await engine.start({ application: "a", stages: [{ refId: "1", type: "twoTasks", script: ["FAILED_CONTINUE", "SUCCEEDED"] }] })).id,
    );
    expect(e.stages[0]!.tasks.map((t) => t.status)).toEqual(["FAILED_CONTINUE", "SUCCEEDED"]);
    expect(e.stages[0]!.status).toBe("FAILED_CONTINUE");
  });
});

describe("stage timeouts", () => {
  it("stageTimeoutMs fails a stage whose task keeps running", async () => {
    const engine = createTestEngine({ stages: testStages });
    const e = await engine.runToCompletion(
      (await engine.start({ application: "a", stages: [{ refId: "1", type: "scripted", script: ["RUNNING"], backoffMs: 10_000, stageTimeoutMs: 45_000 }] })).id,
    );
    expect(e.status).toBe("TERMINAL");
    const ex = e.stages[0]!.context["exception"] as { details: { errors: string[] } };
    expect(ex.details.errors[0]).toBe("Stage scripted timed out after 50000 ms (stageTimeoutMs 45000)");
    expect(e.stages[0]!.endTime! - e.stages[0]!.startTime!).toBe(50_000);
  });

  it("markSuccessfulOnTimeout turns the timeout into SUCCEEDED", async () => {
    const engine = createTestEngine({ stages: testStages });
    const e = await engine.runToCompletion(
      (await engine.start({ application: "a", stages: [{ refId: "1", type: "scripted", script: ["RUNNING"], backoffMs: 10_000, stageTimeoutMs: 45_000, markSuccessfulOnTimeout: true }] })).id,
    );
    expect(e.status).toBe("SUCCEEDED");
    expect(e.stages[0]!.status).toBe("SUCCEEDED");
  });
});

describe("checkPreconditions", () => {
  it("an expression written as ${...} (as Deck writes it) passes when true and fails when false", async () => {
    for (const [expression, status] of [
      ["${1 == 1}", "SUCCEEDED"],
      ["1 == 1", "SUCCEEDED"],
      ["${1 == 2}", "TERMINAL"],
    ] as const) {
      const engine = createTestEngine();
      const e = await engine.runToCompletion(
        (await engine.start({ application: "a", stages: [{ refId: "1", type: "checkPreconditions", preconditions: [{ type: "expression", context: { expression } }] }] })).id,
      );
      expect([expression, e.status]).toEqual([expression, status]);
      expect(e.stages[0]!.name).toBe("Check precondition (expression)");
    }
  });
});
