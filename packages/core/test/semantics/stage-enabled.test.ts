/** Spec section 4.3: conditional stages (`stageEnabled`). */
import { describe, expect, it } from "vitest";
import { engine, stage, statuses, T0 } from "./helpers.js";

function pipeline(stageEnabled: unknown, extra: Record<string, unknown> = {}) {
  return {
    id: "p",
    application: "app",
    name: "p",
    parameterConfig: [{ name: "env", default: "prod" }],
    stages: [
      { refId: "1", type: "wait", name: "first", waitTime: 5 },
      { refId: "2", type: "wait", name: "conditional", waitTime: 10, requisiteStageRefIds: ["1"], stageEnabled },
      { refId: "3", type: "wait", name: "after", waitTime: 1, requisiteStageRefIds: ["2"] },
    ],
    ...extra,
  };
}

describe("stageEnabled", () => {
  it("an expression that is true runs the stage", async () => {
    const t = engine();
    const e = await t.runToCompletion((await t.start(pipeline({ type: "expression", expression: "parameters.env == 'prod'" }))).id);
    expect(e.status).toBe("SUCCEEDED");
    expect(statuses(e)).toEqual({ first: "SUCCEEDED", conditional: "SUCCEEDED", after: "SUCCEEDED" });
    expect(e.endTime).toBe(T0 + 16_000);
  });

  it("an expression that is false skips the stage; SKIPPED counts as complete downstream", async () => {
    const t = engine();
    const e = await t.runToCompletion(
      (await t.start(pipeline({ type: "expression", expression: "parameters.env == 'prod'" }), { parameters: { env: "dev" } })).id,
    );
    expect(e.status).toBe("SUCCEEDED");
    expect(statuses(e)).toEqual({ first: "SUCCEEDED", conditional: "SKIPPED", after: "SUCCEEDED" });
    const c = stage(e, "conditional");
    expect(c.tasks).toEqual([]);
    expect(c.endTime).toBe(T0 + 5_000);
    expect(stage(e, "after").startTime).toBe(T0 + 5_000);
    expect(e.endTime).toBe(T0 + 6_000);
  });

  it("accepts the literal strings true / false in any case, with or without ${}", async () => {
    for (const [expression, expected] of [
      ["true", "SUCCEEDED"],
      ["FALSE", "SKIPPED"],
      ["${false}", "SKIPPED"],
      ["${ 1 == 1 }", "SUCCEEDED"],
    ] as const) {
      const t = engine();
      const e = await t.runToCompletion((await t.start(pipeline({ type: "expression", expression }))).id);
      expect([expression, stage(e, "conditional").status]).toEqual([expression, expected]);
      expect(e.status).toBe("SUCCEEDED");
    }
  });

  it("a ${...} expression already evaluated at launch still decides (parameters are known at launch)", async () => {
    for (const [env, expected] of [
      ["prod", "SUCCEEDED"],
      ["dev", "SKIPPED"],
    ] as const) {
      const t = engine();
      const e = await t.start(pipeline({ type: "expression", expression: "${parameters.env == 'prod'}" }), { parameters: { env } });
      const done = await t.runToCompletion(e.id);
      expect([env, stage(done, "conditional").status]).toEqual([env, expected]);
    }
  });

  it("the type is case-insensitive", async () => {
    const t = engine();
    const e = await t.runToCompletion((await t.start(pipeline({ type: "Expression", expression: "false" }))).id);
    expect(stage(e, "conditional").status).toBe("SKIPPED");
  });

  it("an invalid expression, or one that is not a boolean, skips the stage", async () => {
    for (const expression of ["this is ((( not valid", "nosuchthing.foo == 'x'", "'maybe'", "42"]) {
      const t = engine();
      const e = await t.runToCompletion((await t.start(pipeline({ type: "expression", expression }))).id);
      expect([expression, statuses(e)]).toEqual([expression, { first: "SUCCEEDED", conditional: "SKIPPED", after: "SUCCEEDED" }]);
      expect(e.status).toBe("SUCCEEDED");
    }
  });

  it("a blank expression or an unknown type makes the stage not optional", async () => {
    for (const se of [{ type: "expression", expression: "  " }, { type: "other", expression: "false" }, { expression: "false" }]) {
      const t = engine();
      const e = await t.runToCompletion((await t.start(pipeline(se))).id);
      expect([se, stage(e, "conditional").status]).toEqual([se, "SUCCEEDED"]);
    }
  });

  it("reads upstream outputs and other stages", async () => {
    const t = engine();
    const e = await t.runToCompletion(
      (
        await t.start({
          id: "p",
          application: "app",
          name: "p",
          stages: [
            { refId: "1", type: "emit", name: "decide", emit: { deploy: false, region: "eu" } },
            { refId: "2", type: "wait", name: "by output", waitTime: 1, requisiteStageRefIds: ["1"], stageEnabled: { type: "expression", expression: "deploy" } },
            {
              refId: "3",
              type: "wait",
              name: "by helper",
              waitTime: 1,
              requisiteStageRefIds: ["1"],
              stageEnabled: { type: "expression", expression: "#stage('decide').outputs.region == 'eu'" },
            },
          ],
        })
      ).id,
    );
    expect(statuses(e)).toEqual({ decide: "SUCCEEDED", "by output": "SKIPPED", "by helper": "SUCCEEDED" });
  });

  it("is ignored in orchestrations", async () => {
    const t = engine();
    const e = await t.runToCompletion((await t.start(pipeline({ type: "expression", expression: "false" }), { type: "orchestration" })).id);
    expect(stage(e, "conditional").status).toBe("SUCCEEDED");
  });

  it("a skipped first stage lets the pipeline continue and a skipped last stage completes it", async () => {
    const t = engine();
    const e = await t.runToCompletion(
      (
        await t.start({
          id: "p",
          application: "app",
          name: "p",
          stages: [
            { refId: "1", type: "wait", name: "a", waitTime: 1, stageEnabled: { type: "expression", expression: "false" } },
            { refId: "2", type: "wait", name: "b", waitTime: 2, requisiteStageRefIds: ["1"] },
            { refId: "3", type: "wait", name: "c", waitTime: 3, requisiteStageRefIds: ["2"], stageEnabled: { type: "expression", expression: "false" } },
          ],
        })
      ).id,
    );
    expect(e.status).toBe("SUCCEEDED");
    expect(statuses(e)).toEqual({ a: "SKIPPED", b: "SUCCEEDED", c: "SKIPPED" });
    expect(e.endTime).toBe(T0 + 2_000);
  });
});
