/**
 * Shared fixtures of the semantics suite: small stage types whose behaviour is driven by their
 * context, and helpers to build pipelines and read executions.
 */
import { defineStage, defineTask, type StageDefinition } from "../../src/index.js";
import type { PipelineExecution, StageExecution } from "../../src/execution/types.js";
import { createTestEngine, type TestEngine, type TestEngineOptions } from "../../src/testing.js";

/** `emit`: succeeds at once, with `context.emit` as outputs and `context.put` merged into its context. */
export const emitTask = defineTask({
  type: "test.emit",
  execute(ctx) {
    const outputs = (ctx.stage.context["emit"] as Record<string, unknown> | undefined) ?? {};
    const context = (ctx.stage.context["put"] as Record<string, unknown> | undefined) ?? {};
    return { status: "SUCCEEDED", outputs, context };
  },
});
export const emitStage = defineStage({
  type: "emit",
  tasks: [emitTask],
  taskGraph: (_s, g) => void g.task("emit", emitTask),
});

/** `read`: records `ctx.get(key)` for every key in `context.keys` into `context.read` (null when missing). */
export const readTask = defineTask({
  type: "test.read",
  execute(ctx) {
    const keys = (ctx.stage.context["keys"] as string[] | undefined) ?? [];
    const read: Record<string, unknown> = {};
    for (const k of keys) read[k] = ctx.get(k) ?? null;
    return { status: "SUCCEEDED", context: { read } };
  },
});
export const readStage = defineStage({
  type: "read",
  tasks: [readTask],
  taskGraph: (_s, g) => void g.task("read", readTask),
});

/** `fail`: returns TERMINAL with `context.message` as its error (thrown, so it is recorded as the exception). */
export const failTask = defineTask({
  type: "test.fail",
  execute(ctx) {
    throw new Error(String(ctx.stage.context["message"] ?? "boom"));
  },
});
export const failStage = defineStage({
  type: "fail",
  tasks: [failTask],
  taskGraph: (_s, g) => void g.task("fail", failTask),
});

/** `flaky`: fails until `context.fixed` is true (set it with `updateStage`), then succeeds. */
export const flakyTask = defineTask({
  type: "test.flaky",
  execute(ctx) {
    if (ctx.stage.context["fixed"] === true) return { status: "SUCCEEDED", outputs: { flakyDone: true } };
    throw new Error("not fixed yet");
  },
});
export const flakyStage = defineStage({
  type: "flaky",
  tasks: [flakyTask],
  taskGraph: (_s, g) => void g.task("flaky", flakyTask),
});

/** The test stage types. */
export const testStages: StageDefinition[] = [emitStage, readStage, failStage, flakyStage];

/** A test engine with the test stages and a silent logger. */
export function engine(options: TestEngineOptions = {}): TestEngine {
  return createTestEngine({
    logger: { warn: () => {}, error: () => {} },
    ...options,
    stages: [...testStages, ...(options.stages ?? [])],
  });
}

/** Epoch of every test engine (2026-01-01T00:00:00Z). */
export const T0 = Date.UTC(2026, 0, 1);

/** A stage by name (throws when absent). */
export function stage(e: PipelineExecution, name: string): StageExecution {
  const s = e.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage named ${name} in ${e.stages.map((x) => x.name).join(", ")}`);
  return s;
}

/** `name → status` of every stage. */
export function statuses(e: PipelineExecution): Record<string, string> {
  return Object.fromEntries(e.stages.map((s) => [s.name, s.status]));
}

/** The execution (throws when absent). */
export async function get(t: TestEngine, id: string): Promise<PipelineExecution> {
  const e = await t.get(id);
  if (!e) throw new Error(`no execution ${id}`);
  return e;
}

/** A pipeline config of one `wait` stage of `seconds`. */
export function waitPipeline(id: string, seconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    application: "app",
    name: id,
    stages: [{ refId: "1", type: "wait", name: "wait", waitTime: seconds }],
    ...extra,
  };
}
