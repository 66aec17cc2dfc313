import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JavaArray } from "../values/boxes.js";
import type { ExpressionFunction, HostServices } from "./function.js";
import { parseJavaJson, toJacksonJson } from "./json.js";
import {
  currentStage,
  currentUser,
  deployedServerGroups,
  judgement,
  judgment,
  stage,
  stageByRefId,
  stageExists,
  StageView,
} from "./stages.js";
import { createTestEnv, thrown } from "./test-env.js";

// The pipeline root of the conformance corpus (cases.jsonl func-072..func-109, pipeline-*).
const PIPELINE = parseJavaJson(readFileSync(new URL("./fixtures/pipeline-root.json", import.meta.url), "utf8"));
const env = createTestEnv({ root: PIPELINE });
const call = (fn: ExpressionFunction, ...args: unknown[]): unknown => fn.invoke(env, ...args);
const on = (root: unknown, fn: ExpressionFunction, ...args: unknown[]): unknown => fn.invoke(createTestEnv({ root }), ...args);

// Roots of spinnaker-cases.json (Orca's own specs): stages under root.execution.
const exec = (stages: unknown[]): unknown => ({ execution: { id: "exec-1", stages } });
const SPK_087 = exec([
  { id: "1", refId: "1.0", name: "My First Stage", context: { region: "us-east-1" } },
  { id: "2", refId: "2.0", name: "My Second Stage", context: { region: "us-west-1" } },
  {
    id: "3",
    refId: "3",
    status: "SUCCEEDED",
    type: "createServerGroup",
    name: "Deploy in us-east-1",
    context: { account: "test", availabilityZones: { "us-east-1": ["us-east-1c"] }, "deploy.server.groups": { "us-east-1": ["app-test-v001"] } },
  },
  {
    id: "4",
    refId: "4",
    status: "SUCCEEDED",
    type: "disableServerGroup",
    name: "disable server group",
    context: { account: "test", "deploy.server.groups": { "us-west-2": ["app-test-v002"] } },
  },
]);

describe("#stage", () => {
  it("finds by name or id (func-072..079, pipeline-051/053/056/075)", () => {
    const bake = call(stage, "Bake") as StageView;
    expect(bake).toBeInstanceOf(StageView);
    expect(bake.get("status")).toBe("SUCCEEDED");
    expect((bake.get("context") as Record<string, unknown>)["region"]).toBe("us-west-2");
    expect(bake.get("hasSucceeded")).toBe(true);
    expect(bake.get("hasFailed")).toBe(false);
    expect(bake.has("hasSucceeded")).toBe(true);
    expect(bake.has("nope")).toBe(false);
    expect(bake.get("nope")).toBeUndefined();
    expect((call(stage, "01HV7J8K2M-bake") as StageView).get("name")).toBe("Bake");
    expect((call(stage, "Smoke Test") as StageView).get("status")).toBe("TERMINAL");
    expect((call(stage, "Smoke Test") as StageView).get("hasFailed")).toBe(true);
    const ev = (call(stage, "Evaluate Vars") as StageView).get("outputs") as Record<string, unknown>;
    expect(ev["imageTag"]).toBe("v1.4.2");
  });

  it("serialises as the stage map without the virtual properties", () => {
    const v = call(stage, "Approve Prod") as StageView;
    expect(v.keys()).not.toContain("hasSucceeded");
    expect(JSON.parse(toJacksonJson(v))).toMatchObject({ id: "01HV7J8K2M-judge", name: "Approve Prod" });
    expect(toJacksonJson(v)).not.toContain("hasSucceeded");
  });

  it("reads stages under root.execution (spk-066..071, spk-090..093)", () => {
    const ok = exec([{ id: "s1", refId: "1", type: "wait", name: "Wait1", status: "SUCCEEDED", context: { waitTime: 1 }, outputs: {} }]);
    expect((on(ok, stage, "Wait1") as StageView).get("hasSucceeded")).toBe(true);
    expect((on(ok, stage, "Wait1") as StageView).get("hasFailed")).toBe(false);
    const bad = exec([{ id: "s1", refId: "1", type: "wait", name: "Wait1", status: "TERMINAL", context: {}, outputs: {} }]);
    expect((on(bad, stage, "Wait1") as StageView).get("hasSucceeded")).toBe(false);
    expect((on(bad, stage, "Wait1") as StageView).get("hasFailed")).toBe(true);
    expect(((on(SPK_087, stage, "My Second Stage") as StageView).get("context") as Record<string, unknown>)["region"]).toBe("us-west-1");
    expect(((on(SPK_087, stage, "1") as StageView).get("context") as Record<string, unknown>)["region"]).toBe("us-east-1");
  });

  it("fails when nothing matches, case-sensitively (func-080, func-081, func-082, spk-093)", () => {
    const e = thrown(() => call(stage, "Nope"));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    expect(e.message).toBe("Unable to locate [Nope] using #stage(Nope) in execution 01HV7J8K2M3N4P5Q6R7S8T9V0W");
    expect(thrown(() => call(stage, "bake")).message).toContain("Unable to locate [bake]");
    expect(thrown(() => call(stage, null)).message).toBe(
      "Unable to locate [null] using #stage(null) in execution 01HV7J8K2M3N4P5Q6R7S8T9V0W",
    );
    expect(thrown(() => on(SPK_087, stage, "does_not_exist")).message).toContain("in execution exec-1");
  });
});

describe("#stageByRefId / #stageExists", () => {
  it("finds by refId (pipeline-074, func-085, spk-087, spk-088)", () => {
    expect((call(stageByRefId, "2") as StageView).get("name")).toBe("Bake");
    expect((call(stageByRefId, "4") as StageView).get("id")).toBe("01HV7J8K2M-deploy");
    expect((on(SPK_087, stageByRefId, "1.0") as StageView).get("name")).toBe("My First Stage");
    expect((on(SPK_087, stageByRefId, "2.0") as StageView).get("name")).toBe("My Second Stage");
  });

  it("fails when absent or null (func-084, spk-089)", () => {
    expect(thrown(() => call(stageByRefId, "99")).message).toBe(
      "Unable to locate [99] using #stageByRefId(99) in execution 01HV7J8K2M3N4P5Q6R7S8T9V0W",
    );
    expect(thrown(() => on(SPK_087, stageByRefId, "does_not_exist")).exceptionType).toBe("SpelHelperFunctionException");
    expect(thrown(() => call(stageByRefId, null)).message).toBe(
      "Stage refId must not be null in #stageByRefId in execution 01HV7J8K2M3N4P5Q6R7S8T9V0W",
    );
  });

  it("#stageExists (func-087, func-088, spk-094..099, spinnaker-112)", () => {
    expect(call(stageExists, "Nope")).toBe(false);
    expect(call(stageExists, "01HV7J8K2M-deploy")).toBe(true);
    expect(on(SPK_087, stageExists, "My First Stage")).toBe(true);
    expect(on(SPK_087, stageExists, "1")).toBe(true);
    expect(on(SPK_087, stageExists, "My Second Stage")).toBe(true);
    expect(on(SPK_087, stageExists, "2")).toBe(true);
    expect(on(SPK_087, stageExists, "Non-existent Stage")).toBe(false);
    expect(on(SPK_087, stageExists, "42")).toBe(false);
    expect(on(SPK_087, stageExists, null)).toBe(false);
    // no execution (pipeline launch): Orca dereferences a null execution, so the expression fails
    expect(() => on(null, stageExists, "x")).toThrow();
  });
});

describe("#judgment", () => {
  it("returns judgmentInput of the named manual judgment (pipeline-060, template-088)", () => {
    expect(call(judgment, "Approve Prod")).toBe("Ship it");
    expect(call(judgement, "Approve Prod")).toBe("Ship it");
  });

  it("skips same-named stages of other types (spk-074)", () => {
    const root = exec([
      { id: "s1", type: "bake", name: "my stage", context: { judgmentInput: "input2" } },
      { id: "s2", type: "manualJudgment", name: "my stage", context: { judgmentInput: "Real Judgment input" } },
    ]);
    expect(on(root, judgment, "my stage")).toBe("Real Judgment input");
  });

  it("fails for non-judgment stages and ids (func-091, func-092)", () => {
    const e = thrown(() => call(judgment, "Bake"));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    expect(e.message).toBe(
      "Unable to locate manual Judgment stage [Bake] using #judgment(Bake) in execution 01HV7J8K2M3N4P5Q6R7S8T9V0W. " +
        "Stage doesn't exist or doesn't contain judgmentInput in its context ",
    );
    expect(thrown(() => call(judgment, "approve prod")).message).toContain("[approve prod]");
    expect(thrown(() => call(judgment, "01HV7J8K2M-judge")).exceptionType).toBe("SpelHelperFunctionException");
  });
});

describe("#currentStage / #currentUser", () => {
  const services = (s: HostServices): ReturnType<typeof createTestEnv> => createTestEnv({ root: PIPELINE, services: s });

  it("#currentStage uses services.currentStageId (spk-100)", () => {
    const v = currentStage.invoke(services({ currentStageId: () => "01HV7J8K2M-deploy" })) as StageView;
    expect(v.get("name")).toBe("Deploy");
    expect(thrown(() => currentStage.invoke(services({}))).exceptionType).toBe("SpelHelperFunctionException");
    expect(thrown(() => currentStage.invoke(services({ currentStageId: () => "zzz" }))).message).toBe("No stage found with id 'zzz'");
  });

  it("#currentUser defaults to anonymous", () => {
    expect(currentUser.invoke(services({}))).toBe("anonymous");
    expect(currentUser.invoke(services({ currentUser: () => "jane" }))).toBe("jane");
    expect(currentUser.invoke(services({ currentUser: () => null }))).toBe("anonymous");
  });
});

describe("#deployedServerGroups", () => {
  it("builds one map per deploy stage (spinnaker-086, func-093, func-096)", () => {
    const r = call(deployedServerGroups, new JavaArray([], "java.lang.String")) as Array<Record<string, unknown>>;
    expect(JSON.parse(toJacksonJson(r))).toEqual([
      {
        account: "prod",
        capacity: { min: 2, max: 5, desired: 3 },
        parentStage: null,
        region: "us-west-2",
        ami: "ami-0abc1234def567890",
        serverGroup: "orders-prod-v042",
        deployments: [{ serverGroupName: "orders-prod-v042", location: "us-west-2" }],
      },
    ]);
    expect(Object.keys(r[0]!)).toEqual(["account", "capacity", "parentStage", "region", "ami", "serverGroup", "deployments"]);
  });

  it("filters by stage name or id (func-094, func-098)", () => {
    expect((call(deployedServerGroups, new JavaArray(["Deploy"], "java.lang.String")) as unknown[]).length).toBe(1);
    const two = call(deployedServerGroups, new JavaArray(["Deploy", "Bake"], "java.lang.String")) as Array<Record<string, unknown>>;
    expect(two.map((d) => d["region"])).toEqual(["us-west-2"]);
    expect(call(deployedServerGroups, new JavaArray(["Bake"], "java.lang.String"))).toEqual([]);
    expect((call(deployedServerGroups, "Deploy", "Bake") as unknown[]).length).toBe(1);
    expect((call(deployedServerGroups) as unknown[]).length).toBe(1);
  });

  it("takes the region from availabilityZones and skips other stage types (spk-101)", () => {
    const r = on(SPK_087, deployedServerGroups) as Array<Record<string, unknown>>;
    expect(r.map((d) => d["serverGroup"])).toEqual(["app-test-v001"]);
    expect(r[0]!["region"]).toBe("us-east-1");
    expect(r[0]!["deployments"]).toEqual([]);
  });
});
