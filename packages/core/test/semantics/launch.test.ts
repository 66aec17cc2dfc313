/** Spec section 1.7: launching — validation, disabled pipelines, correlation ids. */
import { describe, expect, it } from "vitest";
import { PipelineValidationError } from "../../src/index.js";
import { engine, get, T0, waitPipeline } from "./helpers.js";

describe("invalid input", () => {
  it("throws PipelineValidationError with every problem and its path, and stores nothing", async () => {
    const t = engine();
    const bad = {
      id: "p",
      application: "app",
      name: 5,
      limitConcurrent: "yes",
      stages: [
        { refId: "1", name: "no type" },
        { refId: "1", type: "wait", waitTime: 1 },
        { refId: "2", type: "nosuch" },
        { refId: "3", type: "wait", requisiteStageRefIds: ["9"] },
        { refId: "4", type: "wait", requisiteStageRefIds: ["5"] },
        { refId: "5", type: "wait", requisiteStageRefIds: ["4"] },
        {
          refId: "6",
          type: "wait",
          restrictExecutionDuringTimeWindow: true,
          restrictedExecutionWindow: { whitelist: [{ startHour: 25, startMin: 0, endHour: 3, endMin: 0 }] },
        },
      ],
    };
    const error = await t.start(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PipelineValidationError);
    const problems = (error as PipelineValidationError).problems.map((p) => [p.path, p.code]);
    expect(problems).toEqual([
      ["$.name", "invalid_type"],
      ["$.limitConcurrent", "invalid_type"],
      ["$.stages[0].type", "missing_type"],
      ["$.stages[1].refId", "duplicate_ref_id"],
      ["$.stages[2].type", "unknown_stage_type"],
      ["$.stages[3].requisiteStageRefIds[0]", "unknown_requisite"],
      ["$.stages[5].requisiteStageRefIds[0]", "cycle"],
      ["$.stages[6].restrictedExecutionWindow.whitelist[0].startHour", "invalid_window"],
    ]);
    expect(await t.list()).toEqual([]);
    expect(await t.queue.size()).toBe(0);
    await t.advance(60_000);
    expect(await t.list()).toEqual([]);
  });

  it("rejects input that is not a pipeline at all", async () => {
    const t = engine();
    for (const bad of [null, "pipeline", 42, [], { stages: "none" }]) {
      await expect(t.start(bad)).rejects.toBeInstanceOf(PipelineValidationError);
    }
    expect(await t.list()).toEqual([]);
  });

  it("custom stage types are known to validation; unregistered ones are not", async () => {
    const t = engine();
    const ok = await t.start({ id: "p", application: "app", name: "p", stages: [{ refId: "1", type: "emit" }] });
    expect((await t.runToCompletion(ok.id)).status).toBe("SUCCEEDED");
    await expect(t.start({ id: "p", application: "app", name: "p", stages: [{ refId: "1", type: "deployManifest" }] })).rejects.toMatchObject({
      problems: [{ path: "$.stages[0].type", code: "unknown_stage_type" }],
    });
    expect(await t.list()).toHaveLength(1);
  });
});

describe("disabled pipelines", () => {
  it("are recorded TERMINAL, canceled by system, with Orca's startup failure reason, and nothing runs", async () => {
    const t = engine();
    const events: string[] = [];
    t.events.on("stage.started", () => events.push("stage.started"));
    t.events.on("execution.started", () => events.push("execution.started"));
    const e = await t.start(waitPipeline("p", 10, { disabled: true }));
    expect(e.status).toBe("TERMINAL");
    await t.advance(60_000);
    const stored = await get(t, e.id);
    expect(stored.status).toBe("TERMINAL");
    expect(stored.canceled).toBe(true);
    expect(stored.canceledBy).toBe("system");
    expect(stored.cancellationReason).toBe("Failed on startup: Pipeline is disabled and cannot be started.");
    expect(stored.startTime).toBeNull();
    expect(stored.endTime).toBe(T0);
    expect(stored.stages.map((s) => s.status)).toEqual(["NOT_STARTED"]);
    expect(events).toEqual([]);
    expect(await t.list()).toHaveLength(1);
  });
});

describe("correlation ids", () => {
  it("a second start with the same correlation id while the first runs returns the first; after it completes a new one starts", async () => {
    const t = engine();
    const config = waitPipeline("p", 60);
    const first = await t.start(config, { trigger: { type: "webhook", correlationId: "build-42" } });
    await t.advance(10_000);
    const again = await t.start(config, { trigger: { type: "webhook", correlationId: "build-42" } });
    expect(again.id).toBe(first.id);
    expect(again.status).toBe("RUNNING");
    const other = await t.start(config, { trigger: { type: "webhook", correlationId: "build-43" } });
    expect(other.id).not.toBe(first.id);
    expect(await t.list()).toHaveLength(2);

    expect((await t.runToCompletion(first.id)).status).toBe("SUCCEEDED");
    const fresh = await t.start(config, { trigger: { type: "webhook", correlationId: "build-42" } });
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.trigger.correlationId).toBe("build-42");
    expect(await t.list()).toHaveLength(3);
    expect((await t.runToCompletion(fresh.id)).status).toBe("SUCCEEDED");
  });

  it("a queued (NOT_STARTED) execution with the correlation id counts as not complete", async () => {
    const t = engine();
    const config = waitPipeline("p", 60, { limitConcurrent: true });
    await t.start(config);
    await t.runUntilIdle();
    const waiting = await t.start(config, { trigger: { correlationId: "c" } });
    await t.runUntilIdle();
    expect((await get(t, waiting.id)).status).toBe("NOT_STARTED");
    const again = await t.start(config, { trigger: { correlationId: "c" } });
    expect(again.id).toBe(waiting.id);
  });
});
