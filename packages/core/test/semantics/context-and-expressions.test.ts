/** Spec section 6: context vs outputs, ancestor lookup, stage expressions, the evaluation summary. */
import { describe, expect, it } from "vitest";
import { engine, stage, statuses } from "./helpers.js";

describe("outputs flow to descendants only (ancestor lookup)", () => {
  it("a stage reads an upstream stage's output, the nearest one first, and never a parallel branch's", async () => {
    const t = engine();
    const e = await t.start({
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "emit", name: "root", emit: { shared: "root", fromRoot: 1 } },
        { refId: "2", type: "emit", name: "left", requisiteStageRefIds: ["1"], emit: { shared: "left", onlyLeft: true } },
        { refId: "w", type: "wait", name: "delay", waitTime: 10, requisiteStageRefIds: ["1"] },
        {
          refId: "3",
          type: "read",
          name: "right",
          requisiteStageRefIds: ["w"],
          keys: ["shared", "fromRoot", "onlyLeft"],
          viaExpression: { shared: "${shared}", fromRoot: "${fromRoot}" },
        },
        {
          refId: "4",
          type: "read",
          name: "below left",
          requisiteStageRefIds: ["2"],
          keys: ["shared", "fromRoot", "onlyLeft"],
          viaExpression: { shared: "${shared}", onlyLeft: "${onlyLeft}" },
        },
      ],
    });
    const done = await t.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    // left finished 10 s before right started, and still is not visible to it
    expect(stage(done, "left").endTime! < stage(done, "right").startTime!).toBe(true);
    expect(stage(done, "right").context["read"]).toEqual({ shared: "root", fromRoot: 1, onlyLeft: null });
    expect(stage(done, "right").context["viaExpression"]).toEqual({ shared: "root", fromRoot: 1 });
    expect(stage(done, "below left").context["read"]).toEqual({ shared: "left", fromRoot: 1, onlyLeft: true });
    expect(stage(done, "below left").context["viaExpression"]).toEqual({ shared: "left", onlyLeft: true });
    // outputs are not copied into downstream contexts
    expect(stage(done, "below left").context["shared"]).toBeUndefined();
    expect(stage(done, "below left").outputs).toEqual({});
    // a task's context result stays in its stage
    expect(stage(done, "right").outputs).toEqual({});
  });

  it("a stage's own context wins over ancestor outputs", async () => {
    const t = engine();
    const done = await t.runToCompletion(
      (
        await t.start({
          id: "p",
          application: "app",
          name: "p",
          stages: [
            { refId: "1", type: "emit", name: "up", emit: { region: "eu" } },
            { refId: "2", type: "read", name: "own", requisiteStageRefIds: ["1"], region: "us", keys: ["region"] },
          ],
        })
      ).id,
    );
    expect(stage(done, "own").context["read"]).toEqual({ region: "us" });
  });
});

describe("stage expression helpers", () => {
  it("#stage, #stageByRefId and #stageExists see other stages' context, outputs and status", async () => {
    const t = engine();
    const done = await t.runToCompletion(
      (
        await t.start({
          id: "p",
          application: "app",
          name: "p",
          stages: [
            { refId: "1", type: "emit", name: "Bake", emit: { imageId: "ami-123" }, put: { baked: "yes" } },
            {
              refId: "2",
              type: "emit",
              name: "Deploy",
              requisiteStageRefIds: ["1"],
              put: {
                image: "${#stage('Bake').outputs.imageId}",
                baked: "${#stage('Bake').context.baked}",
                bakeStatus: "${#stage('Bake').status.toString()}",
                succeeded: "${#stage('Bake').hasSucceeded}",
                byRef: "${#stageByRefId('1').name}",
                missing: "${#stageExists('Nope')}",
                execution: "${execution.name}",
              },
            },
          ],
        })
      ).id,
    );
    expect(done.status).toBe("SUCCEEDED");
    expect(stage(done, "Deploy").context["put"]).toEqual({
      image: "ami-123",
      baked: "yes",
      bakeStatus: "SUCCEEDED",
      succeeded: true,
      byRef: "Bake",
      missing: false,
      execution: "p",
    });
  });
});

describe("launch-time evaluation leaves stage helpers for stage time", () => {
  // at launch there is no execution yet: like Orca (a null #root.execution), #stageExists fails
  // there and is evaluated again when the stage runs
  it("#stageExists of an existing stage is true at stage time", async () => {
    const t = engine();
    const done = await t.runToCompletion(
      (
        await t.start({
          id: "p",
          application: "app",
          name: "p",
          stages: [
            { refId: "1", type: "wait", name: "Bake", waitTime: 1 },
            { refId: "2", type: "emit", name: "Deploy", requisiteStageRefIds: ["1"], put: { exists: "${#stageExists('Bake')}" } },
          ],
        })
      ).id,
    );
    expect(stage(done, "Deploy").context["put"]).toEqual({ exists: true });
  });
});

describe("failed expressions", () => {
  const pipeline = (extra: Record<string, unknown>) => ({
    id: "p",
    application: "app",
    name: "p",
    stages: [
      { refId: "1", type: "wait", name: "expr", waitTime: 1, note: "${#stage('Nope').outputs.x}", ...extra },
      { refId: "2", type: "wait", name: "next", waitTime: 1, requisiteStageRefIds: ["1"] },
    ],
  });

  it("are left as written, recorded in the evaluation summary and surfaced as errors; the stage still succeeds", async () => {
    const t = engine();
    const done = await t.runToCompletion((await t.start(pipeline({}))).id);
    expect(done.status).toBe("SUCCEEDED");
    expect(statuses(done)).toEqual({ expr: "SUCCEEDED", next: "SUCCEEDED" });
    const s = stage(done, "expr");
    expect(s.context["note"]).toBe("${#stage('Nope').outputs.x}");
    const summary = s.context["expressionEvaluationSummary"] as Record<string, { level: string; description: string }[]>;
    expect(Object.keys(summary)).toEqual(["#stage('Nope').outputs.x"]);
    expect(summary["#stage('Nope').outputs.x"]![0]).toMatchObject({ level: "ERROR" });
    expect(summary["#stage('Nope').outputs.x"]![0]!.description).toContain("Unable to locate [Nope]");
    const ex = s.context["exception"] as { details: { error: string; errors: string[] } };
    expect(ex.details.error).toBe("Failed Expression Evaluation");
    expect(ex.details.errors).toHaveLength(1);
    expect(ex.details.errors[0]).toContain("Unable to locate [Nope]");
  });

  it("with failOnFailedExpressions the stage is TERMINAL and the pipeline stops", async () => {
    const t = engine();
    const done = await t.runToCompletion((await t.start(pipeline({ failOnFailedExpressions: true }))).id);
    expect(done.status).toBe("TERMINAL");
    expect(statuses(done)).toEqual({ expr: "TERMINAL", next: "NOT_STARTED" });
    expect((stage(done, "expr").context["exception"] as { details: { errors: string[] } }).details.errors[0]).toContain("Unable to locate [Nope]");
  });

  it("with failOnFailedExpressions and no failure the stage succeeds", async () => {
    const t = engine();
    const done = await t.runToCompletion((await t.start(pipeline({ failOnFailedExpressions: true, note: "${'fine'}" }))).id);
    expect(done.status).toBe("SUCCEEDED");
    expect(stage(done, "expr").context["note"]).toBe("fine");
    expect(stage(done, "expr").context["expressionEvaluationSummary"]).toBeUndefined();
  });
});

describe("trigger and parameters in expressions", () => {
  it("parameterConfig defaults fill missing parameters; supplied values win", async () => {
    const config = {
      id: "p",
      application: "app",
      name: "p",
      parameterConfig: [{ name: "env", default: "staging" }, { name: "replicas", default: "2" }, { name: "noDefault" }],
      stages: [{ refId: "1", type: "emit", name: "s", put: { env: "${parameters.env}", replicas: "${trigger.parameters.replicas}" } }],
    };
    const t = engine();
    const a = await t.runToCompletion((await t.start(config)).id);
    expect(a.trigger.parameters).toEqual({ env: "staging", replicas: "2", noDefault: null });
    expect(stage(a, "s").context["put"]).toEqual({ env: "staging", replicas: "2" });
    const b = await t.runToCompletion((await t.start(config, { parameters: { env: "prod" }, trigger: { parameters: { replicas: "5" } } })).id);
    expect(b.trigger.parameters).toEqual({ env: "prod", replicas: "5", noDefault: null });
    expect(stage(b, "s").context["put"]).toEqual({ env: "prod", replicas: "5" });
  });
});
