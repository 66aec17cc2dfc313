/** Spec section 4.9: the `pipeline` stage runs a child pipeline from the host's pipeline config store. */
import { describe, expect, it } from "vitest";
import type { PipelineExecution } from "../../src/execution/types.js";
import { engine, get, stage, statuses, T0 } from "./helpers.js";

function store(configs: Record<string, unknown>[]) {
  return {
    get: (id: string) => configs.find((c) => c["id"] === id),
    list: () => configs,
  };
}

const child = {
  id: "child",
  application: "app",
  name: "Child",
  parameterConfig: [
    { name: "region", default: "us-east-1" },
    { name: "empty", default: "default-empty" },
    { name: "flag", default: true },
    { name: "count", default: 7 },
    { name: "untouched", default: "kept" },
  ],
  stages: [
    { refId: "1", type: "wait", name: "child wait", waitTime: 30 },
    {
      refId: "2",
      type: "emit",
      name: "child emit",
      requisiteStageRefIds: ["1"],
      emit: { childOutputKey: "from-child", region: "${parameters.region}" },
    },
  ],
};

const failingChild = {
  id: "failing",
  application: "app",
  name: "Failing child",
  stages: [
    { refId: "1", type: "wait", name: "child wait", waitTime: 5 },
    { refId: "2", type: "fail", name: "child boom", message: "child exploded", requisiteStageRefIds: ["1"] },
  ],
};

const slowChild = {
  id: "slow",
  application: "app",
  name: "Slow child",
  stages: [{ refId: "1", type: "wait", name: "child wait", waitTime: 100 }],
};

function parent(pipelineStage: Record<string, unknown>): Record<string, unknown> {
  return {
    id: "parent",
    application: "app",
    name: "Parent",
    stages: [
      { refId: "1", type: "pipeline", name: "Run child", application: "app", ...pipelineStage },
      {
        refId: "2",
        type: "emit",
        name: "after",
        requisiteStageRefIds: ["1"],
        put: { direct: "${childOutputKey}", viaHelper: "${#stage('Run child').outputs.childOutputKey}" },
      },
      { refId: "3", type: "read", name: "reader", requisiteStageRefIds: ["2"], keys: ["childOutputKey", "region"] },
    ],
  };
}

async function childOf(t: { get(id: string): Promise<PipelineExecution | undefined> }, p: PipelineExecution): Promise<PipelineExecution> {
  const id = stage(p, "Run child").context["executionId"];
  expect(typeof id).toBe("string");
  const c = await t.get(id as string);
  if (!c) throw new Error("child not stored");
  return c;
}

describe("pipeline stage", () => {
  it("child SUCCEEDED ⇒ parent stage SUCCEEDED at the same instant, child outputs visible downstream", async () => {
    const t = engine({ pipelines: store([child]) });
    const p = await t.start(parent({ pipeline: "child", pipelineParameters: { region: "eu-west-1" } }));
    const done = await t.runToCompletion(p.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(statuses(done)).toEqual({ "Run child": "SUCCEEDED", after: "SUCCEEDED", reader: "SUCCEEDED" });
    const c = await childOf(t, done);
    expect(c.status).toBe("SUCCEEDED");
    expect(c.pipelineConfigId).toBe("child");
    expect(c.endTime).toBe(T0 + 30_000);
    const run = stage(done, "Run child");
    expect(run.endTime! - c.endTime!).toBe(0); // no polling lag
    expect(run.context["status"]).toBe("SUCCEEDED");
    expect(run.context["executionName"]).toBe("Child");
    expect(run.outputs).toEqual({ childOutputKey: "from-child", region: "eu-west-1" });
    expect(stage(done, "after").context["put"]).toEqual({ direct: "from-child", viaHelper: "from-child" });
    expect(stage(done, "reader").context["read"]).toEqual({ childOutputKey: "from-child", region: "eu-west-1" });
    // the child knows its parent
    expect(c.trigger.type).toBe("pipeline");
    expect((c.trigger["parentExecution"] as { id: string }).id).toBe(done.id);
    expect(c.trigger["parentPipelineStageId"]).toBe(run.id);
    expect(done.endTime).toBe(T0 + 30_000);
  });

  it("child TERMINAL ⇒ parent stage TERMINAL with the child's errors", async () => {
    const t = engine({ pipelines: store([failingChild]) });
    const p = await t.start(parent({ pipeline: "failing" }));
    const done = await t.runToCompletion(p.id);
    expect(done.status).toBe("TERMINAL");
    expect(statuses(done)).toEqual({ "Run child": "TERMINAL", after: "NOT_STARTED", reader: "NOT_STARTED" });
    const c = await childOf(t, done);
    expect(c.status).toBe("TERMINAL");
    const run = stage(done, "Run child");
    expect(run.endTime).toBe(c.endTime);
    expect(run.endTime).toBe(T0 + 5_000);
    expect(run.context["status"]).toBe("TERMINAL");
    const ex = run.context["exception"] as { details: { error: string; errors: string[] }; source: unknown[] };
    expect(ex.details.errors).toEqual(["child exploded"]);
    expect(ex.details.error).toContain("TERMINAL");
    expect(ex.source).toEqual([{ sourceStageId: stage(c, "child boom").id, sourceStageName: "child boom", errors: ["child exploded"] }]);
  });

  it("waitForCompletion false ⇒ the stage succeeds as soon as the child is started", async () => {
    const t = engine({ pipelines: store([slowChild]) });
    const p = await t.start(parent({ pipeline: "slow", waitForCompletion: false }));
    const done = await t.runToCompletion(p.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.endTime).toBe(T0);
    const run = stage(done, "Run child");
    expect(run.tasks.map((x) => x.name)).toEqual(["startPipeline"]);
    const c = await childOf(t, done);
    expect(c.status).toBe("RUNNING");
    expect((await t.runToCompletion(c.id)).endTime).toBe(T0 + 100_000);
  });

  it("parameters: defaults fill what is not supplied, and empty / false / 0 are passed as given", async () => {
    const t = engine({ pipelines: store([child]) });
    const p = await t.start(
      parent({ pipeline: "child", pipelineParameters: { region: "ap-south-1", empty: "", flag: false, count: 0, extra: "x" } }),
    );
    const done = await t.runToCompletion(p.id);
    const c = await childOf(t, done);
    expect(c.trigger.parameters).toEqual({ region: "ap-south-1", empty: "", flag: false, count: 0, untouched: "kept", extra: "x" });
  });

  it("parameters: nothing supplied ⇒ every default", async () => {
    const t = engine({ pipelines: store([child]) });
    const done = await t.runToCompletion((await t.start(parent({ pipeline: "child" }))).id);
    const c = await childOf(t, done);
    expect(c.trigger.parameters).toEqual({ region: "us-east-1", empty: "default-empty", flag: true, count: 7, untouched: "kept" });
    expect(stage(done, "Run child").outputs["region"]).toBe("us-east-1");
  });

  it("a missing child config ⇒ TERMINAL with a clear message, nothing started", async () => {
    const t = engine({ pipelines: store([child]) });
    const done = await t.runToCompletion((await t.start(parent({ pipeline: "nope" }))).id);
    expect(done.status).toBe("TERMINAL");
    const run = stage(done, "Run child");
    expect(run.status).toBe("TERMINAL");
    expect(run.context["exception"]).toMatchObject({ details: { errors: ["pipeline config nope not found"] } });
    expect(run.context["executionId"]).toBeUndefined();
    expect(await t.list()).toHaveLength(1);
  });

  it("a disabled child config ⇒ TERMINAL with a clear message, nothing started", async () => {
    const t = engine({ pipelines: store([{ ...child, disabled: true }]) });
    const done = await t.runToCompletion((await t.start(parent({ pipeline: "child" }))).id);
    expect(done.status).toBe("TERMINAL");
    expect(stage(done, "Run child").context["exception"]).toMatchObject({
      details: { errors: ["pipeline Child is disabled and cannot be started"] },
    });
    expect(await t.list()).toHaveLength(1);
  });

  it("canceling the parent cancels the running child", async () => {
    const t = engine({ pipelines: store([slowChild]) });
    const p = await t.start(parent({ pipeline: "slow" }));
    await t.advance(10_000);
    const c0 = await childOf(t, await get(t, p.id));
    expect(c0.status).toBe("RUNNING");
    await t.cancel(p.id, { user: "alice", reason: "enough" });
    const done = await t.runToCompletion(p.id);
    expect(done.status).toBe("CANCELED");
    expect(done.canceledBy).toBe("alice");
    expect(stage(done, "Run child").status).toBe("CANCELED");
    await t.runUntilIdle();
    const c = await get(t, c0.id);
    expect(c.status).toBe("CANCELED");
    expect(c.canceled).toBe(true);
    expect(c.canceledBy).toBe("parent pipeline");
    expect(c.endTime).toBe(T0 + 10_000);
    expect(done.endTime).toBe(T0 + 10_000);
  });
});
