/** Spec section 3.3 RestartStage: reset of the stage and its completed downstream, queued restarts, manual judgment. */
import { describe, expect, it } from "vitest";
import { defineStage } from "../../src/index.js";
import { emitTask, engine, flakyStage, get, stage, statuses, T0 } from "./helpers.js";

/** A flaky stage with a synthetic before-stage (`prepare`), to see synthetic children removed. */
const guardedStage = defineStage({
  type: "guarded",
  tasks: [...(flakyStage.tasks ?? []), emitTask],
  beforeStages: (_s, g) => void g.add({ type: "emit", name: "prepare", context: { emit: { prepared: true } } }),
  taskGraph: (s, g, env) => flakyStage.taskGraph!(s, g, env),
});

describe("restart a TERMINAL stage", () => {
  it("resets it (tasks cleared, synthetic children removed, restartDetails with the previous exception) and the execution runs to SUCCEEDED", async () => {
    const t = engine({ stages: [guardedStage], messagesPerTurn: 1 }); // one message at a time: the state right after RestartStage is seen
    const e = await t.start({
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "wait", name: "first", waitTime: 10 },
        { refId: "2", type: "guarded", name: "deploy", requisiteStageRefIds: ["1"] },
        { refId: "3", type: "wait", name: "after", waitTime: 5, requisiteStageRefIds: ["2"] },
      ],
    });
    const failed = await t.runToCompletion(e.id);
    expect(failed.status).toBe("TERMINAL");
    expect(failed.endTime).toBe(T0 + 10_000);
    expect(statuses(failed)).toEqual({ first: "SUCCEEDED", prepare: "SUCCEEDED", deploy: "TERMINAL", after: "NOT_STARTED" });
    const failedDeploy = stage(failed, "deploy");
    const previousException = failedDeploy.context["exception"];
    expect(previousException).toMatchObject({ details: { errors: ["not fixed yet"] } });
    const oldPrepareId = stage(failed, "prepare").id;
    const firstBefore = stage(failed, "first");

    await t.advance(60_000);
    await t.updateStage(e.id, "deploy", { fixed: true });
    await t.restartStage(e.id, "deploy", { user: "bob" });
    await t.processNext(); // just the RestartStage message
    const reset = await get(t, e.id);
    expect(reset.status).toBe("RUNNING");
    expect(reset.startTime).toBe(T0 + 70_000);
    expect(reset.endTime).toBeNull();
    expect(reset.canceled).toBe(false);
    const d = stage(reset, "deploy");
    expect(d.status).toBe("NOT_STARTED");
    expect(d.startTime).toBeNull();
    expect(d.endTime).toBeNull();
    expect(d.tasks).toEqual([]);
    expect(d.context["exception"]).toBeUndefined();
    expect(d.context["restartDetails"]).toEqual({ restartedBy: "bob", restartTime: T0 + 70_000, previousException });
    expect(reset.stages.map((s) => s.name)).toEqual(["first", "deploy", "after"]); // synthetic child removed
    expect(stage(reset, "first")).toEqual(firstBefore); // upstream untouched

    const done = await t.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(statuses(done)).toEqual({ first: "SUCCEEDED", prepare: "SUCCEEDED", deploy: "SUCCEEDED", after: "SUCCEEDED" });
    expect(stage(done, "prepare").id).not.toBe(oldPrepareId); // re-planned
    expect(stage(done, "deploy").startTime).toBe(T0 + 70_000);
    expect(stage(done, "after").endTime).toBe(T0 + 75_000);
    expect(done.endTime).toBe(T0 + 75_000);
    expect(stage(done, "deploy").context["restartDetails"]).toMatchObject({ restartedBy: "bob" });
  });

  it("resets completed downstream stages but leaves parallel branches and upstream alone", async () => {
    const t = engine({ messagesPerTurn: 1 }); // one message at a time: the state right after RestartStage is seen
    const e = await t.start({
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "wait", name: "root", waitTime: 1 },
        { refId: "2", type: "emit", name: "A", emit: { a: 1 }, requisiteStageRefIds: ["1"] },
        { refId: "3", type: "wait", name: "B", waitTime: 2, requisiteStageRefIds: ["2"] },
        { refId: "4", type: "flaky", name: "C", requisiteStageRefIds: ["3"] },
        { refId: "5", type: "wait", name: "parallel", waitTime: 1, requisiteStageRefIds: ["1"] },
      ],
    });
    const failed = await t.runToCompletion(e.id);
    expect(failed.status).toBe("TERMINAL");
    expect(statuses(failed)).toEqual({ root: "SUCCEEDED", A: "SUCCEEDED", B: "SUCCEEDED", C: "TERMINAL", parallel: "SUCCEEDED" });
    await t.updateStage(e.id, "C", { fixed: true });
    await t.restartStage(e.id, "A");
    await t.processNext();
    const reset = await get(t, e.id);
    expect(statuses(reset)).toEqual({ root: "SUCCEEDED", A: "NOT_STARTED", B: "NOT_STARTED", C: "NOT_STARTED", parallel: "SUCCEEDED" });
    for (const n of ["A", "B", "C"]) {
      expect(stage(reset, n).tasks).toEqual([]);
      expect(stage(reset, n).startTime).toBeNull();
    }
    expect(stage(reset, "A").context["restartDetails"]).toEqual({ restartedBy: "anonymous", restartTime: failed.endTime });
    expect(stage(reset, "B").context["restartDetails"]).toBeUndefined(); // only the restarted stage records it
    expect(stage(reset, "parallel")).toEqual(stage(failed, "parallel"));
    const done = await t.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(statuses(done)).toEqual({ root: "SUCCEEDED", A: "SUCCEEDED", B: "SUCCEEDED", C: "SUCCEEDED", parallel: "SUCCEEDED" });
    expect(done.endTime! - failed.endTime!).toBe(2_000);
  });

  it("restarting a running stage does nothing", async () => {
    const t = engine();
    const e = await t.start({ id: "p", application: "app", name: "p", stages: [{ refId: "1", type: "wait", name: "w", waitTime: 60 }] });
    await t.advance(10_000);
    const before = await get(t, e.id);
    await t.restartStage(e.id, "w");
    await t.advance(1);
    const after = await get(t, e.id);
    expect(after.version).toBe(before.version);
    expect((await t.runToCompletion(e.id)).endTime).toBe(T0 + 60_000);
  });
});

describe("restart behind a concurrency limit", () => {
  const config = (keepWaitingPipelines: boolean) => ({
    id: "p",
    application: "app",
    name: "p",
    limitConcurrent: true,
    keepWaitingPipelines,
    parameterConfig: [{ name: "wait", default: "1" }, { name: "fix", default: "no" }],
    stages: [
      { refId: "3", type: "wait", name: "hold", waitTime: "${parameters.wait}" },
      { refId: "1", type: "flaky", name: "left", fixed: "${parameters.fix == 'yes'}", requisiteStageRefIds: ["3"] },
      { refId: "2", type: "flaky", name: "right", fixed: "${parameters.fix == 'yes'}", requisiteStageRefIds: ["3"] },
      { refId: "4", type: "wait", name: "join", waitTime: 1, requisiteStageRefIds: ["1", "2"] },
    ],
  });

  for (const keep of [false, true]) {
    it(`a second restart while the first is queued is not lost (keepWaitingPipelines ${keep})`, async () => {
      const t = engine();
      const x1 = await t.start(config(keep));
      const failed = await t.runToCompletion(x1.id);
      expect(failed.status).toBe("TERMINAL");
      expect(statuses(failed)).toEqual({ hold: "SUCCEEDED", left: "TERMINAL", right: "TERMINAL", join: "NOT_STARTED" });
      // another execution of the same pipeline now runs for 100 s
      const x2 = await t.start(config(keep), { parameters: { wait: "100", fix: "yes" } });
      await t.runUntilIdle();
      expect((await get(t, x2.id)).status).toBe("RUNNING");
      const t1 = t.clock.now();

      await t.updateStage(x1.id, "left", { fixed: true });
      await t.updateStage(x1.id, "right", { fixed: true });
      await t.restartStage(x1.id, "left", { user: "u1" });
      await t.advance(1_000);
      const queued = await get(t, x1.id);
      expect(queued.status).toBe("NOT_STARTED");
      expect(stage(queued, "left").status).toBe("NOT_STARTED");
      await t.restartStage(x1.id, "right", { user: "u2" });
      await t.advance(1_000);
      const queued2 = await get(t, x1.id);
      expect(queued2.status).toBe("NOT_STARTED");
      expect(stage(queued2, "right").status).toBe("NOT_STARTED");

      expect((await t.runToCompletion(x2.id)).endTime).toBe(t1 + 101_000); // 100 s hold + 1 s join
      const done = await t.runToCompletion(x1.id, 3_600_000);
      expect(done.status).toBe("SUCCEEDED");
      expect(statuses(done)).toEqual({ hold: "SUCCEEDED", left: "SUCCEEDED", right: "SUCCEEDED", join: "SUCCEEDED" });
      expect(stage(done, "hold")).toEqual(stage(failed, "hold"));
      expect(stage(done, "left").context["restartDetails"]).toMatchObject({ restartedBy: "u1" });
      expect(stage(done, "right").context["restartDetails"]).toMatchObject({ restartedBy: "u2" });
      expect(stage(done, "left").startTime).toBe(t1 + 101_000);
      expect(stage(done, "right").startTime).toBe(t1 + 101_000);
      expect(done.endTime).toBe(t1 + 102_000);
      // nothing of x1 is left waiting: a later execution of the pipeline does not re-run its stages
      expect(await t.repository.pending("p")).toEqual([]);
      const x3 = await t.start(config(keep), { parameters: { fix: "yes" } });
      expect((await t.runToCompletion(x3.id)).status).toBe("SUCCEEDED");
      await t.advance(60_000);
      expect(await get(t, x1.id)).toEqual(done);
    });
  }
});

describe("restart a manual judgment", () => {
  it("clears the judgment so the stage waits for a new one", async () => {
    const t = engine();
    const e = await t.start({
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "manualJudgment", name: "approve", judgmentInputs: [{ value: "yes" }] },
        { refId: "2", type: "wait", name: "go", waitTime: 1, requisiteStageRefIds: ["1"] },
      ],
    });
    await t.advance(5_000);
    await t.judge(e.id, "approve", { judgmentStatus: "stop", user: "carol", judgmentInput: "yes" });
    const stopped = await t.runToCompletion(e.id);
    expect(stopped.status).toBe("TERMINAL");
    expect(stage(stopped, "approve").context["judgmentStatus"]).toBe("stop");
    expect(stage(stopped, "approve").context["lastModifiedBy"]).toBe("carol");

    await t.restartStage(e.id, "approve", { user: "dave" });
    await t.advance(3_600_000); // an hour: still waiting, the old judgment is gone
    const waiting = await get(t, e.id);
    expect(waiting.status).toBe("RUNNING");
    const mj = stage(waiting, "approve");
    expect(mj.status).toBe("RUNNING");
    expect(mj.context["judgmentStatus"]).toBeUndefined();
    expect(mj.context["judgmentInput"]).toBeUndefined();
    expect(mj.context["lastModifiedBy"]).toBeUndefined();
    expect(mj.context["restartDetails"]).toMatchObject({ restartedBy: "dave" });
    expect(mj.context["judgmentInputs"]).toEqual([{ value: "yes" }]);

    await t.judge(e.id, "approve", { judgmentStatus: "continue", user: "erin" });
    const done = await t.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(stage(done, "approve").context["judgmentStatus"]).toBe("continue");
    expect(stage(done, "go").status).toBe("SUCCEEDED");
  });
});
