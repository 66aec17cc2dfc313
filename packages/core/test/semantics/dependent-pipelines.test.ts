/** Spec section 9.3: a pipeline trigger starts a pipeline when another one completes with a matching status. */
import { describe, expect, it } from "vitest";
import { engine, stage, T0 } from "./helpers.js";

const A = (fail: boolean) => ({
  id: "A",
  application: "app",
  name: "Upstream A",
  stages: [
    { refId: "1", type: "wait", name: "a wait", waitTime: 20 },
    ...(fail ? [{ refId: "2", type: "fail", name: "a boom", requisiteStageRefIds: ["1"] }] : []),
  ],
});

const B = (trigger: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "B",
  application: "app",
  name: "Follower B",
  triggers: [{ type: "pipeline", pipeline: "A", enabled: true, status: ["successful"], ...trigger }],
  stages: [
    {
      refId: "1",
      type: "emit",
      name: "b emit",
      put: { parentId: "${trigger.parentExecution.id}", parentName: "${trigger.parentExecution.name}", parentStatus: "${trigger.parentExecution.status}" },
    },
  ],
  ...extra,
});

function store(configs: Record<string, unknown>[]) {
  return { get: (id: string) => configs.find((c) => c["id"] === id), list: () => configs };
}

async function byConfig(t: ReturnType<typeof engine>, id: string) {
  return (await t.list()).filter((e) => e.pipelineConfigId === id);
}

describe("dependent pipelines", () => {
  it("B starts when A succeeds, at A's end, and reads A through trigger.parentExecution", async () => {
    const t = engine({ pipelines: store([A(false), B({})]) });
    const a = await t.start(A(false));
    const doneA = await t.runToCompletion(a.id);
    expect(doneA.status).toBe("SUCCEEDED");
    const bs = await byConfig(t, "B");
    expect(bs).toHaveLength(1);
    const b = await t.runToCompletion(bs[0]!.id);
    expect(b.status).toBe("SUCCEEDED");
    expect(b.startTime).toBe(T0 + 20_000);
    expect(b.trigger.type).toBe("pipeline");
    expect(b.trigger.user).toBe(doneA.trigger.user);
    expect(stage(b, "b emit").context["put"]).toEqual({ parentId: a.id, parentName: "Upstream A", parentStatus: "SUCCEEDED" });
  });

  it("B does not start when A fails", async () => {
    const t = engine({ pipelines: store([A(true), B({})]) });
    const doneA = await t.runToCompletion((await t.start(A(true))).id);
    expect(doneA.status).toBe("TERMINAL");
    await t.advance(60_000);
    expect(await byConfig(t, "B")).toEqual([]);
  });

  it("status [failed] starts B when A fails, not when it succeeds", async () => {
    const t = engine({ pipelines: store([A(true), B({ status: ["failed"] })]) });
    await t.runToCompletion((await t.start(A(true))).id);
    await t.runUntilIdle();
    expect(await byConfig(t, "B")).toHaveLength(1);

    const t2 = engine({ pipelines: store([A(false), B({ status: ["failed"] })]) });
    await t2.runToCompletion((await t2.start(A(false))).id);
    await t2.advance(60_000);
    expect(await byConfig(t2, "B")).toEqual([]);
  });

  it("a disabled trigger, a disabled pipeline or another upstream id start nothing", async () => {
    for (const follower of [B({ enabled: false }), B({}, { disabled: true }), B({ pipeline: "Z" })]) {
      const t = engine({ pipelines: store([A(false), follower]) });
      await t.runToCompletion((await t.start(A(false))).id);
      await t.advance(60_000);
      expect(await byConfig(t, "B")).toEqual([]);
    }
  });
});
