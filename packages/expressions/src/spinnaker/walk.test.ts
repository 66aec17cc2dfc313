import { describe, expect, it } from "vitest";
import { ExpressionEvaluator } from "../evaluator.js";
import { evaluatorWithUrls, loadSpinnakerCases, type SpinnakerCase, walkField } from "./corpus-support.js";
import {
  buildStageContext,
  completeStageStatus,
  evaluateExpressionPrecondition,
  evaluateStageEnabled,
  evaluateVariablesV3,
  evaluateVariablesV4,
  ExpressionTransform,
  process,
  processAsync,
  processPipeline,
  processStageContext,
  readStageContextValue,
  shouldFailOnExpressions,
  StageContext,
  SUMMARY_KEY,
  toPlainJson,
  transformValue,
} from "./index.js";
import { JavaDouble, JavaLong } from "../values/boxes.js";

const ev = evaluatorWithUrls();
const byId = new Map(loadSpinnakerCases().map((c) => [c.id, c]));
function kase(id: string): SpinnakerCase {
  const c = byId.get(id);
  if (!c) throw new Error(`missing case ${id}`);
  return c;
}
function withoutSummary(m: Record<string, unknown>): Record<string, unknown> {
  const { [SUMMARY_KEY]: _drop, ...rest } = m;
  return rest;
}
function rec(v: unknown): Record<string, unknown> {
  return v as Record<string, unknown>;
}

describe("spinnaker-cases.json: process", () => {
  for (const id of ["spk-042", "spk-043", "spk-044", "spk-045", "spk-046", "spk-047", "spk-048", "spk-049"]) {
    it(id, () => {
      const c = kase(id);
      const out = process(c.input!, rec(c.context), c.allowUnknownKeys ?? true, ev);
      expect(withoutSummary(out)).toEqual(c.expected["output"]);
      if (id === "spk-043") {
        const test = rec(out["test"]);
        expect(Number.isInteger(test["k1"])).toBe(true);
        expect(test["k2"]).toBeTypeOf("object");
      }
    });
  }

  it("spk-079: unknown names fall back to upstream stage outputs", () => {
    const c = kase("spk-079");
    const ctx = rec(c.context);
    const execution = rec(ctx["execution"]);
    const stage = (execution["stages"] as Record<string, unknown>[]).find((s) => s["refId"] === ctx["currentStageRefId"])!;
    const out = process(c.input!, buildStageContext(stage, execution), true, ev);
    expect(out).toEqual(c.expected["output"]);
  });

  it("spk-080: #deployedServerGroups() over a hand-built execution matching the case prose", () => {
    const c = kase("spk-080");
    const bake = {
      id: "bake",
      refId: "1",
      type: "bake",
      name: "Bake",
      status: "SUCCEEDED",
      context: {},
      outputs: {
        deploymentDetails: [
          { region: "us-east-1", ami: "ami-06362b6e" },
          { region: "us-west-1", ami: "ami-f759b7b3" },
        ],
      },
    };
    const deploy = { id: "deploy", refId: "2", type: "deploy", name: "Deploy", status: "SUCCEEDED", requisiteStageRefIds: ["1"], context: {} };
    const child = (id: string, region: string, sg: string, kato: unknown[]) => ({
      id,
      type: "createServerGroup",
      name: `Deploy in ${region}`,
      status: "SUCCEEDED",
      parentStageId: "deploy",
      context: { region, account: "test", "deploy.server.groups": { [region]: [sg] }, "kato.tasks": kato },
    });
    const execution = {
      id: "exec",
      stages: [
        bake,
        deploy,
        child("c1", "us-east-1", "flex-test-v043", [{ resultObjects: [{ deployments: [{ serverGroupName: "flex-test-v043" }] }] }]),
        child("c2", "us-west-1", "flex-prestaging-v011", []),
      ],
    };
    const out = process(c.input!, { execution }, true, ev);
    const deployed = out["deployed"] as Record<string, unknown>[];
    const x = rec(c.expected["output"])["deployed"] as Record<string, unknown>;
    expect(deployed).toHaveLength(x["size"] as number);
    expect(deployed.map((d) => d["serverGroup"])).toEqual(x["serverGroup"]);
    expect(deployed.map((d) => d["region"])).toEqual(x["region"]);
    expect(deployed.map((d) => d["deployments"])).toEqual(x["deployments"]);
    expect(deployed.map((d) => d["ami"])).toEqual(x["ami"]);
  });
});

describe("spk-051: the deployedServerGroups alias", () => {
  it("rewrites the bare word to the helper call (Gennaker helpers read the execution from the root)", () => {
    const c = kase("spk-051");
    const alias = walkField(ev, c.expr!, c.root, true, "deployed");
    const direct = walkField(ev, "${#deployedServerGroups()}", c.root, true, "deployed");
    expect(alias.value).toEqual(direct.value);
    expect(alias.summary.failureCount).toBe(direct.summary.failureCount);
  });
});

describe("spinnaker-cases.json: flow", () => {
  it("spk-086: execution-aware rewrite is not needed; the bare alias is rewritten; `#fn (` with a space fails as in Orca", () => {
    const root = { execution: { id: "e", stages: [{ id: "s1", name: "Bake", refId: "1", status: "SUCCEEDED" }] } };
    expect(walkField(ev, "${#stage('Bake').name}", root, true).value).toBe("Bake");
    const spaced = walkField(ev, "${#deployedServerGroups ()}", root, true);
    expect(spaced.value).toBe("${#deployedServerGroups ()}");
  });

  it("spk-125: v4 Evaluate Variables evaluates in order", () => {
    const c = kase("spk-125");
    const stage = { id: "s", refId: "1", type: "evaluateVariables", context: c.input };
    const r = evaluateVariablesV4(stage, { id: "e", stages: [stage], spelEvaluator: "v4" }, ev);
    expect(r.variables).toEqual(c.expected["variables"]);
    expect(r.summary.totalEvaluated).toBe(c.expected["totalEvaluated"]);
    expect(r.summary.failureCount).toBe(c.expected["failureCount"]);
    expect(r.outputs["product"]).toBe(240);
  });

  it("spk-126: v4 Evaluate Variables evaluates the other context keys", () => {
    const c = kase("spk-126");
    const stage = { id: "s", refId: "1", type: "evaluateVariables", context: c.input };
    const r = evaluateVariablesV4(stage, { id: "e", stages: [stage] }, ev);
    expect(r.context["notifications"]).toEqual(c.expected["notifications"]);
  });

  it("spk-127: v3 cannot see sibling variables; v4 can", () => {
    const c = kase("spk-127");
    const input = rec(c.input);
    const upstream = { id: "u", refId: "1", status: "SUCCEEDED", context: {}, outputs: input["upstreamOutputs"] };
    const stage = { id: "s", refId: "2", requisiteStageRefIds: ["1"], type: "evaluateVariables", context: { variables: input["variables"] } };
    const execution = { id: "e", stages: [upstream, stage] };
    const r = evaluateVariablesV3(stage, execution, ev);
    expect(r.variables.map((v) => ({ key: v.key, value: v.value }))).toEqual(c.expected["result"]);
    expect(Object.keys(rec(r.context[SUMMARY_KEY]))).toEqual(c.expected["detailKeys"]);
    const v4 = evaluateVariablesV4(stage, execution, ev);
    expect(v4.outputs["sum"]).toBe(300);
  });

  for (const id of ["spk-128", "spk-129", "spk-130", "spk-131", "spk-132"]) {
    it(`${id}: expression precondition`, () => {
      const input = rec(kase(id).input);
      const stage = { id: "s", refId: "1", type: "checkPreconditions", context: input["stageContext"] };
      const execution = { id: "e", stages: [stage], trigger: { type: "manual", parameters: input["triggerParameters"] } };
      expect(evaluateExpressionPrecondition(input["expression"] as string, stage, execution, ev)).toEqual(kase(id).expected);
    });
  }

  it("spk-133: manifests are evaluated by default, left alone under v4 + skipExpressionEvaluation", () => {
    const c = kase("spk-133");
    const stage = { id: "s", refId: "1", type: "deployManifest", context: c.input };
    expect(processStageContext(stage, { id: "e", stages: [stage] }, ev).context["manifests"]).toEqual(c.expected["manifests"]);
    const skip = { ...stage, context: { ...c.input, skipExpressionEvaluation: true, other: "${1+1}" } };
    const r = processStageContext(skip, { id: "e", stages: [skip], spelEvaluator: "v4" }, ev).context;
    expect(r["manifests"]).toEqual(rec(c.input)["manifests"]);
    expect(r["other"]).toBe(2);
  });

  it("spk-134: lookup order: own context, the stage's own outputs, parents, ancestors nearest first; never downstream", () => {
    const root = { id: "r", refId: "1", status: "SUCCEEDED", outputs: { a: "root", b: "root", c: "root", d: "root" } };
    const mid = { id: "m", refId: "2", requisiteStageRefIds: ["1"], outputs: { a: "mid", b: "mid" } };
    const parent = { id: "p", refId: "3", requisiteStageRefIds: ["2"], outputs: { a: "parent" } };
    const current = { id: "c", parentStageId: "p", context: { own: "ctx", a: "ctx-a" }, outputs: {} };
    const downstream = { id: "d", refId: "4", requisiteStageRefIds: ["3"], outputs: { z: "downstream" } };
    const unrelated = { id: "x", refId: "5", outputs: { y: "unrelated" } };
    const execution = { id: "e", stages: [root, mid, parent, current, downstream, unrelated] };
    const t = new ExpressionTransform(ev, { root: buildStageContext(current, execution), allowUnknownKeys: true });
    const out = t.transformMap({ a: "${a}", b: "${b}", c: "${c}", own: "${own}", z: "${z}", y: "${y}" });
    expect(out).toEqual({ a: "ctx-a", b: "mid", c: "root", own: "ctx", z: "${z}", y: "${y}" });
    const noCtx = { ...current, context: {} };
    const t2 = new ExpressionTransform(ev, { root: buildStageContext(noCtx, execution), allowUnknownKeys: true });
    expect(t2.transformMap({ a: "${a}" })).toEqual({ a: "parent" });
  });

  it("spk-135: expressions longer than the configured maximum fail; a higher limit accepts them", () => {
    const literal = "x".repeat(10_975);
    const text = "${'" + literal + "'.length() > 0}";
    const strict = walkField(new ExpressionEvaluator({ profile: "spinnaker" }), text, {}, true);
    expect(strict.value).toBe(text);
    expect(strict.summary.failureCount).toBe(1);
    const raised = walkField(new ExpressionEvaluator({ profile: "spinnaker", maxExpressionLength: 20_000 }), text, {}, true);
    expect(raised.value).toBe(kase("spk-135").expected["value"]);
  });
});

describe("spk-100: #currentStage()", () => {
  const execution = { id: "e", stages: [{ id: "s1", name: "one" }, { id: "s2", name: "two" }] };
  it("resolves the stage whose id is the running stage id", () => {
    const e = new ExpressionEvaluator({ profile: "spinnaker", services: { currentStageId: () => "s2" } });
    expect(walkField(e, "${#currentStage().name}", { execution }, true).value).toBe("two");
  });
  it("fails without an execution context", () => {
    const r = walkField(ev, "${#currentStage()}", { execution }, true);
    expect(r.value).toBe("${#currentStage()}");
    expect(Object.values(r.summary.results()).flat()[0]?.level).toBe("ERROR");
  });
});

describe("the walk", () => {
  it("flattens nested lists (kork's transformList uses addAll)", () => {
    const r = transformValue(ev, { l: [["${1}", "a"], "b"] }, { root: {} });
    expect(r.result).toEqual({ l: [1, "a", "b"] });
  });

  it("names the sibling keys holding the string in descriptions", () => {
    const t = new ExpressionTransform(ev, { root: {}, allowUnknownKeys: true });
    t.transformMap({ f: "${missing}", g: "${missing}" });
    const entry = t.summary.results()["missing"]![0]!;
    expect(entry.level).toBe("INFO");
    expect(entry.description).toBe("Failed to evaluate [f, g] : missing not found");
    expect(t.summary.totalEvaluated).toBe(2);
    expect(t.summary.failureCount).toBe(2);
  });

  it("ERROR entries strip `$`, name the root cause class, and use the unparsable text as key", () => {
    const t = new ExpressionTransform(ev, { root: {}, allowUnknownKeys: true });
    const out = t.transformMap({ a: "${ 1 + }", b: "x ${" });
    expect(out).toEqual({ a: "${ 1 + }", b: "x ${" });
    const res = t.summary.results();
    expect(Object.keys(res).sort()).toEqual(["1 +", "x {"]);
    for (const list of Object.values(res)) {
      expect(list[0]!.level).toBe("ERROR");
      expect(list[0]!.description).not.toContain("$");
      expect(list[0]!.exceptionType).toBeTruthy();
    }
  });

  it("composite: null parts are re-emitted, maps are a conversion error", () => {
    expect(walkField(ev, "a.${ENV1}.b.${'x'}", {}, true).value).toBe("a.${ENV1}.b.x");
    const m = walkField(ev, "m=${ {'a':1} }", {}, true);
    expect(m.value).toBe("m=${ {'a':1} }");
    expect(Object.values(m.summary.results()).flat()[0]!.level).toBe("ERROR");
  });

  it("evaluates keys", () => {
    expect(transformValue(ev, { "${'k'}${1}": 1 }, { root: {} }).result).toEqual({ k1: 1 });
  });

  it("processAsync performs the lookups helpers ask for", async () => {
    const e = new ExpressionEvaluator({ profile: "spinnaker", services: { lookupPipelineId: async (app, name) => `${app}/${name}` } });
    const out = await processAsync({ v: "id=${#pipelineIdInApplication('deploy', 'orders')}" }, {}, true, e);
    expect(out).toEqual({ v: "id=orders/deploy" });
  });

  it("toPlainJson converts boxes", () => {
    expect(toPlainJson({ d: new JavaDouble(3), l: new JavaLong(2n ** 60n + 1n), m: new Map([[1, "a"]]) })).toEqual({
      d: 3,
      l: "1152921504606846977",
      m: { "1": "a" },
    });
  });
});

describe("pipeline start", () => {
  const trigger = { type: "manual", parameters: { env: "prod" } };
  const config = { name: "${parameters.env}-deploy", stages: [{ refId: "1", type: "wait", waitTime: "${parameters.env}" }] };

  it("v3 processes the stages too; unknown keys are errors", () => {
    const out = processPipeline({ ...config, x: "${nope}" }, { trigger }, ev);
    expect(out["name"]).toBe("prod-deploy");
    expect((out["stages"] as Record<string, unknown>[])[0]!["waitTime"]).toBe("prod");
    expect(out["x"]).toBe("${nope}");
    expect(Object.values(rec(out[SUMMARY_KEY])).flat()).toHaveLength(1);
  });

  it("v4 leaves the stages for stage time", () => {
    const out = processPipeline({ ...config, spelEvaluator: "v4" }, { trigger }, ev);
    expect(out["name"]).toBe("prod-deploy");
    expect(out["stages"]).toBe(config.stages);
  });
});

describe("stage time", () => {
  it("drops stale summary keys that now succeed, keeps the others", () => {
    const upstream = { id: "u", refId: "1", outputs: { late: "here" } };
    const stage = {
      id: "s",
      refId: "2",
      requisiteStageRefIds: ["1"],
      context: {
        v: "${late}",
        [SUMMARY_KEY]: {
          late: [{ level: "INFO", timestamp: 1, description: "Failed to evaluate [v] : late not found", exceptionType: null }],
          other: [{ level: "INFO", timestamp: 1, description: "x", exceptionType: null }],
        },
      },
    };
    const r = processStageContext(stage, { id: "e", stages: [upstream, stage] }, ev);
    expect(r.context["v"]).toBe("here");
    expect(Object.keys(rec(r.context[SUMMARY_KEY]))).toEqual(["other"]);
  });

  it("failOnFailedExpressions turns a SUCCEEDED stage TERMINAL when the summary is non-empty", () => {
    const stage = { id: "s", refId: "1", context: { v: "${missing}", failOnFailedExpressions: true } };
    const r = processStageContext(stage, { id: "e", stages: [stage] }, ev);
    expect(shouldFailOnExpressions(r.context)).toBe(true);
    const done = completeStageStatus("SUCCEEDED", r.context);
    expect(done.status).toBe("TERMINAL");
    expect(rec(rec(done.context["exception"])["details"])["errors"]).toEqual(["Failed to evaluate [v] : missing not found"]);
    expect(shouldFailOnExpressions({ ...r.context, failOnFailedExpressions: false })).toBe(false);
  });

  it("re-reads a value that still holds an expression", () => {
    const stage = { id: "s", refId: "2", requisiteStageRefIds: ["1"], context: {} };
    const upstream = { id: "u", refId: "1", outputs: { tag: "v1" } };
    expect(readStageContextValue({ t: "${tag}" }, "t", stage, { id: "e", stages: [upstream, stage] }, ev)).toBe("v1");
  });

  it("the StageContext root exposes execution, trigger and parameters", () => {
    const stage = { id: "s", refId: "1", context: { waitTime: 5 } };
    const execution = { id: "e", stages: [stage], trigger: { type: "manual", parameters: { p: "q" } } };
    const out = processStageContext({ ...stage, context: { a: "${waitTime}", b: "${parameters.p}", c: "${execution.id}", d: "${trigger.type}" } }, execution, ev);
    expect(withoutSummary(out.context)).toEqual({ a: "${waitTime}", b: "q", c: "e", d: "manual" });
    expect(buildStageContext(stage, execution)).toBeInstanceOf(StageContext);
  });

  it("stage helpers see the execution through the StageContext root", () => {
    const stage = { id: "s", refId: "1", name: "Me", status: "RUNNING", context: { v: "${#stage('Me').name}" } };
    const out = processStageContext(stage, { id: "e", stages: [stage] }, ev);
    expect(out.context).toEqual({ v: "Me" });
  });
});

describe("stageEnabled", () => {
  const stage = { id: "s", refId: "1", context: { flag: "TRUE" } };
  const execution = { id: "e", stages: [stage] };
  it("runs on true, skips on false or invalid", () => {
    expect(evaluateStageEnabled("flag", stage, execution, ev).decision).toBe("run");
    expect(evaluateStageEnabled("1 == 2", stage, execution, ev).decision).toBe("skip");
    const bad = evaluateStageEnabled("'maybe'", stage, execution, ev);
    expect(bad).toEqual({ decision: "skip", expressionResult: "maybe", invalid: true });
  });
});
