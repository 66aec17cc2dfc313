/** Spec section 9 (and preface decisions 2 and 8): lifecycle events, echo envelopes, listener isolation. */
import { describe, expect, it } from "vitest";
import type { EchoEvent } from "../../src/events/events.js";
import { engine, stage, T0 } from "./helpers.js";
import type { TestEngine } from "../../src/testing.js";

function record(t: TestEngine): { log: string[]; echoes: EchoEvent[] } {
  const log: string[] = [];
  const echoes: EchoEvent[] = [];
  t.events.on("execution.started", (e) => log.push(`execution.started ${e.status}`));
  t.events.on("execution.complete", (e) => log.push(`execution.complete ${e.status}`));
  t.events.on("stage.started", (e) => log.push(`stage.started ${e.stage.name} ${e.status}`));
  t.events.on("stage.complete", (e) => log.push(`stage.complete ${e.stage.name} ${e.status}`));
  t.events.on("task.started", (e) => log.push(`task.started ${e.stage.name}.${e.task.name} ${e.status}`));
  t.events.on("task.complete", (e) => log.push(`task.complete ${e.stage.name}.${e.task.name} ${e.status}`));
  t.events.on("echo", (e) => echoes.push(e));
  return { log, echoes };
}

const linear = {
  id: "p",
  application: "app",
  name: "p",
  stages: [
    { refId: "1", type: "wait", name: "w", waitTime: 1 },
    { refId: "2", type: "emit", name: "e", requisiteStageRefIds: ["1"] },
  ],
};

describe("lifecycle events", () => {
  it("each transition is published exactly once, in order", async () => {
    const t = engine();
    const { log } = record(t);
    await t.runToCompletion((await t.start(linear)).id);
    await t.advance(60_000);
    expect(log).toEqual([
      "execution.started RUNNING",
      "stage.started w RUNNING",
      "task.started w.wait RUNNING",
      "task.complete w.wait SUCCEEDED",
      "stage.complete w SUCCEEDED",
      "stage.started e RUNNING",
      "task.started e.emit RUNNING",
      "task.complete e.emit SUCCEEDED",
      "stage.complete e SUCCEEDED",
      "execution.complete SUCCEEDED",
    ]);
  });

  it("echo envelopes have Orca's types and content", async () => {
    const t = engine();
    const { echoes } = record(t);
    const e = await t.start(linear);
    const done = await t.runToCompletion(e.id);
    expect(echoes.map((x) => x.details.type)).toEqual([
      "orca:pipeline:starting",
      "orca:stage:starting",
      "orca:task:starting",
      "orca:task:complete",
      "orca:stage:complete",
      "orca:stage:starting",
      "orca:task:starting",
      "orca:task:complete",
      "orca:stage:complete",
      "orca:pipeline:complete",
    ]);
    for (const x of echoes) expect(x.details).toEqual({ source: "orca", type: x.details.type, application: "app" });
    const starting = echoes[0]!;
    expect(starting.content["executionId"]).toBe(e.id);
    expect((starting.content["execution"] as { status: string }).status).toBe("RUNNING");
    const taskComplete = echoes[3]!;
    expect(taskComplete.content).toMatchObject({
      taskName: "wait.wait",
      executionId: e.id,
      stageId: stage(done, "w").id,
      name: "w",
      standalone: false,
      canceled: false,
      isSynthetic: false,
      startTime: T0,
    });
    expect(echoes[7]!.content["taskName"]).toBe("emit.emit");
    const stageComplete = echoes[4]!;
    expect(stageComplete.content).toMatchObject({ name: "w", startTime: T0, endTime: T0 + 1_000, isSynthetic: false });
    expect((stageComplete.content["context"] as Record<string, unknown>)["waitTime"]).toBe(1);
  });

  it("orchestrations use orca:orchestration:*", async () => {
    const t = engine();
    const { echoes } = record(t);
    await t.runToCompletion((await t.start(linear, { type: "orchestration" })).id);
    expect(echoes[0]!.details.type).toBe("orca:orchestration:starting");
    expect(echoes[0]!.content["execution"]).toMatchObject({ type: "orchestration" });
    expect(echoes.at(-1)!.details.type).toBe("orca:orchestration:complete");
    expect(echoes.find((x) => x.details.type === "orca:stage:starting")!.content["standalone"]).toBe(true);
  });

  it("STOPPED ⇒ orca:stage:failed, SKIPPED ⇒ orca:stage:skipped, TERMINAL execution ⇒ orca:pipeline:failed", async () => {
    const t = engine();
    const { echoes, log } = record(t);
    const done = await t.runToCompletion(
      (
        await t.start({
          id: "p",
          application: "app",
          name: "p",
          stages: [
            { refId: "1", type: "fail", name: "halt branch", failPipeline: false },
            { refId: "2", type: "wait", name: "skipped", waitTime: 1, stageEnabled: { type: "expression", expression: "false" } },
          ],
        })
      ).id,
    );
    expect(done.status).toBe("SUCCEEDED");
    const stageEchoes = echoes
      .filter((x) => x.details.type.startsWith("orca:stage:") && x.details.type !== "orca:stage:starting")
      .map((x) => `${x.content["name"] as string} ${x.details.type}`);
    expect(stageEchoes.sort()).toEqual(["halt branch orca:stage:failed", "skipped orca:stage:skipped"]);
    expect(log.filter((l) => l.startsWith("stage.complete")).sort()).toEqual(["stage.complete halt branch STOPPED", "stage.complete skipped SKIPPED"]);
    // a skipped stage never started
    expect(log).not.toContain("stage.started skipped RUNNING");
    expect(echoes.at(-1)!.details.type).toBe("orca:pipeline:complete");

    const t2 = engine();
    const r2 = record(t2);
    await t2.runToCompletion((await t2.start({ id: "q", application: "app", name: "q", stages: [{ refId: "1", type: "fail", name: "f" }] })).id);
    expect(r2.echoes.map((x) => x.details.type)).toEqual([
      "orca:pipeline:starting",
      "orca:stage:starting",
      "orca:task:starting",
      "orca:task:failed",
      "orca:stage:failed",
      "orca:pipeline:failed",
    ]);
  });
});

describe("exactly one completion event", () => {
  it("when a running execution is canceled (QUIRK fixed)", async () => {
    const t = engine();
    const { log, echoes } = record(t);
    const e = await t.start({
      id: "p",
      application: "app",
      name: "p",
      stages: [
        { refId: "1", type: "wait", name: "a", waitTime: 100 },
        { refId: "2", type: "wait", name: "b", waitTime: 100 },
      ],
    });
    await t.advance(10_000);
    await t.cancel(e.id, { user: "u" });
    const done = await t.runToCompletion(e.id);
    await t.advance(600_000);
    expect(done.status).toBe("CANCELED");
    expect(done.endTime).toBe(T0 + 10_000);
    expect(log.filter((l) => l.startsWith("execution.complete"))).toEqual(["execution.complete CANCELED"]);
    expect(echoes.filter((x) => x.details.type === "orca:pipeline:failed")).toHaveLength(1);
    expect(echoes.filter((x) => x.details.type === "orca:pipeline:complete")).toHaveLength(0);
    expect(log.filter((l) => l.startsWith("stage.complete")).sort()).toEqual(["stage.complete a CANCELED", "stage.complete b CANCELED"]);
  });

  it("when a waiting execution is canceled, and when it is canceled twice", async () => {
    const t = engine();
    const { log } = record(t);
    const config = { ...linear, limitConcurrent: true };
    const running = await t.start(config);
    const waiting = await t.start(config);
    await t.runUntilIdle();
    await t.cancel(waiting.id);
    await t.cancel(waiting.id);
    await t.runToCompletion(running.id);
    await t.advance(60_000);
    expect(log.filter((l) => l.startsWith("execution.complete"))).toEqual(["execution.complete CANCELED", "execution.complete SUCCEEDED"]);
    expect(log.filter((l) => l.startsWith("execution.started"))).toHaveLength(1);
  });
});

describe("listener isolation", () => {
  it("a throwing listener does not stop other listeners or the engine, and is reported as listenerError", async () => {
    const t = engine();
    const errors: { event: string; message: string }[] = [];
    const seen: string[] = [];
    t.events.on("listenerError", (x) => errors.push({ event: x.event, message: (x.error as Error).message }));
    t.events.on("stage.started", () => {
      throw new Error("listener bug");
    });
    t.events.on("stage.started", (e) => seen.push(e.stage.name));
    t.events.on("echo", (x) => {
      if (x.details.type === "orca:pipeline:complete") throw new Error("echo bug");
    });
    const done = await t.runToCompletion((await t.start(linear)).id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.endTime).toBe(T0 + 1_000);
    expect(seen).toEqual(["w", "e"]);
    expect(errors).toEqual([
      { event: "stage.started", message: "listener bug" },
      { event: "stage.started", message: "listener bug" },
      { event: "echo", message: "echo bug" },
    ]);
  });

  it("a throwing listenerError listener is swallowed", async () => {
    const t = engine();
    t.events.on("listenerError", () => {
      throw new Error("worse");
    });
    t.events.on("execution.started", () => {
      throw new Error("bad");
    });
    expect((await t.runToCompletion((await t.start(linear)).id)).status).toBe("SUCCEEDED");
  });
});
