import { describe, expect, it } from "vitest";
import type { PipelineExecution } from "../../src/index.js";
import { createTestEngine } from "../../src/testing.js";
import { testStages } from "./fixtures.js";

/** Branch A: 1 (fails) -> 2; branch B: 3 (wait 60 s) -> 4 (wait 60 s). */
function pipeline(failureOptions: Record<string, unknown>) {
  return {
    id: "matrix",
    application: "app",
    name: "failure matrix",
    stages: [
      { refId: "1", type: "scripted", name: "fails", script: ["TERMINAL"], ...failureOptions },
      { refId: "2", type: "scripted", name: "after fail", requisiteStageRefIds: ["1"] },
      { refId: "3", type: "wait", name: "other branch", waitTime: 60 },
      { refId: "4", type: "wait", name: "other branch 2", waitTime: 60, requisiteStageRefIds: ["3"] },
    ],
  };
}

async function run(failureOptions: Record<string, unknown>): Promise<{ e: PipelineExecution; t0: number }> {
  const engine = createTestEngine({ stages: testStages });
  const t0 = engine.clock.now();
  const started = await engine.start(pipeline(failureOptions));
  const e = await engine.runToCompletion(started.id);
  return { e, t0 };
}

const statuses = (e: PipelineExecution) => Object.fromEntries(e.stages.map((s) => [s.name, s.status]));

describe("the four 'if stage fails' options (spec 4.1) and their effect on other branches (4.2)", () => {
  it("halt the entire pipeline: TERMINAL at once, the running branch is canceled, nothing else starts", async () => {
    const { e, t0 } = await run({});
    expect(e.status).toBe("TERMINAL");
    expect(statuses(e)).toEqual({ fails: "TERMINAL", "after fail": "NOT_STARTED", "other branch": "CANCELED", "other branch 2": "NOT_STARTED" });
    expect(e.endTime).toBe(t0);
  });

  it("halt this branch: STOPPED, downstream never starts, other branches finish, pipeline SUCCEEDED", async () => {
    const { e, t0 } = await run({ failPipeline: false });
    expect(e.status).toBe("SUCCEEDED");
    expect(statuses(e)).toEqual({ fails: "STOPPED", "after fail": "NOT_STARTED", "other branch": "SUCCEEDED", "other branch 2": "SUCCEEDED" });
    expect(e.endTime! - t0).toBe(120_000);
  });

  it("halt this branch and fail the pipeline once other branches complete: TERMINAL after the others finish", async () => {
    const { e, t0 } = await run({ failPipeline: false, completeOtherBranchesThenFail: true });
    expect(e.status).toBe("TERMINAL");
    expect(statuses(e)).toEqual({ fails: "STOPPED", "after fail": "NOT_STARTED", "other branch": "SUCCEEDED", "other branch 2": "SUCCEEDED" });
    expect(e.endTime! - t0).toBe(120_000);
  });

  it("ignore the failure: FAILED_CONTINUE, downstream runs, pipeline SUCCEEDED", async () => {
    const { e } = await run({ failPipeline: false, continuePipeline: true });
    expect(e.status).toBe("SUCCEEDED");
    expect(statuses(e)).toEqual({ fails: "FAILED_CONTINUE", "after fail": "SUCCEEDED", "other branch": "SUCCEEDED", "other branch 2": "SUCCEEDED" });
  });

  it("a task that throws is TERMINAL with Orca's exception details", async () => {
    const { e } = await run({ script: ["THROW"] });
    const failed = e.stages.find((s) => s.name === "fails")!;
    expect(failed.status).toBe("TERMINAL");
    expect(failed.context["exception"]).toMatchObject({
      details: { error: "Unexpected Task Failure", errors: ["scripted failure on run 1"] },
      operation: "scripted",
    });
    expect(failed.tasks[0]!.taskExceptionDetails["exception"]).toMatchObject({ details: { errors: ["scripted failure on run 1"] } });
  });
});

describe("joins", () => {
  const diamond = (leftOptions: Record<string, unknown>) => ({
    id: "diamond",
    application: "app",
    stages: [
      { refId: "1", type: "scripted", name: "root" },
      { refId: "2", type: "scripted", name: "left", requisiteStageRefIds: ["1"], ...leftOptions },
      { refId: "3", type: "wait", name: "right", waitTime: 30, requisiteStageRefIds: ["1"] },
      { refId: "4", type: "scripted", name: "join", requisiteStageRefIds: ["2", "3"] },
    ],
  });

  it("a join starts the moment its last upstream finishes (no 15 s re-polling)", async () => {
    const engine = createTestEngine({ stages: testStages });
    const t0 = engine.clock.now();
    const e = await engine.runToCompletion((await engine.start(diamond({}))).id);
    const join = e.stages.find((s) => s.name === "join")!;
    expect(e.status).toBe("SUCCEEDED");
    expect(join.startTime! - t0).toBe(30_000);
    expect(e.endTime! - t0).toBe(30_000);
  });

  it("a join behind a stopped branch never starts; the pipeline still succeeds once the other branch is done", async () => {
    const engine = createTestEngine({ stages: testStages });
    const t0 = engine.clock.now();
    const e = await engine.runToCompletion((await engine.start(diamond({ script: ["TERMINAL"], failPipeline: false }))).id);
    expect(statuses(e)).toEqual({ root: "SUCCEEDED", left: "STOPPED", right: "SUCCEEDED", join: "NOT_STARTED" });
    expect(e.status).toBe("SUCCEEDED");
    expect(e.endTime! - t0).toBe(30_000);
  });

  it("a join behind a failed-continue branch runs", async () => {
    const engine = createTestEngine({ stages: testStages });
    const e = await engine.runToCompletion((await engine.start(diamond({ script: ["TERMINAL"], continuePipeline: true }))).id);
    expect(statuses(e)).toEqual({ root: "SUCCEEDED", left: "FAILED_CONTINUE", right: "SUCCEEDED", join: "SUCCEEDED" });
    expect(e.status).toBe("SUCCEEDED");
  });

  it("linear pipelines without refIds get Orca's refIds 0,1,2 and run in order", async () => {
    const engine = createTestEngine({ stages: testStages });
    const e = await engine.runToCompletion(
      (await engine.start({ application: "app", stages: [{ type: "wait", waitTime: 1 }, { type: "wait", waitTime: 2 }, { type: "scripted" }] })).id,
    );
    expect(e.stages.map((s) => [s.refId, s.requisiteStageRefIds, s.status])).toEqual([
      ["0", [], "SUCCEEDED"],
      ["1", ["0"], "SUCCEEDED"],
      ["2", ["1"], "SUCCEEDED"],
    ]);
    expect(e.stages[2]!.startTime! - e.stages[0]!.startTime!).toBe(3_000);
  });
});
