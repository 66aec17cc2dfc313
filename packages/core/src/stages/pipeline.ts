/**
 * The `pipeline` stage (spec section 4.9): start a child pipeline from the host's pipeline config
 * store, wait for it (unless `waitForCompletion: false`), and bring its status and outputs back.
 * Child parameters that are empty, false or zero are passed as given (QUIRK fixed).
 * @module
 */
import { isComplete } from "../execution/status.js";
import type { PipelineExecution } from "../execution/types.js";
import { defineStage } from "../spi/stage-definition.js";
import { defineTask } from "../spi/task.js";

/** Merge of a child's top-level stage outputs (Orca's execution context), in stage order. */
export function executionOutputs(e: PipelineExecution): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of e.stages) {
    if (s.parentStageId !== null) continue;
    for (const [k, v] of Object.entries(s.outputs)) {
      const prev = out[k];
      out[k] = Array.isArray(prev) && Array.isArray(v) ? [...new Set([...prev, ...v])] : v;
    }
  }
  return out;
}

/** The `startPipeline` task. */
export const startPipelineTask = defineTask({
  type: "startPipeline",
  async execute(ctx) {
    const c = ctx.stage.context;
    if (typeof c["executionId"] === "string") return { status: "SUCCEEDED" };
    const id = c["pipeline"] ?? c["pipelineId"];
    if (typeof id !== "string") throw new Error("pipeline stage needs context.pipeline (the child pipeline config id)");
    const config = await ctx.engine.pipelineConfig(id);
    if (!config) throw new Error(`pipeline config ${id} not found`);
    if (config["disabled"] === true) throw new Error(`pipeline ${String(config["name"] ?? id)} is disabled and cannot be started`);
    const supplied = (c["pipelineParameters"] as Record<string, unknown> | undefined) ?? {};
    const parameters: Record<string, unknown> = {};
    const declared = Array.isArray(config["parameterConfig"]) ? (config["parameterConfig"] as Record<string, unknown>[]) : [];
    for (const p of declared) {
      const name = String(p["name"]);
      parameters[name] = Object.hasOwn(supplied, name) ? supplied[name] : (p["default"] ?? null);
    }
    Object.assign(parameters, supplied);
    const e = ctx.execution;
    const child = await ctx.engine.startPipeline(config, {
      type: "pipeline",
      user: e.trigger.user,
      parentExecution: e,
      parentPipelineId: e.id,
      parentPipelineStageId: ctx.stage.id,
      parentPipelineName: e.name,
      parentPipelineApplication: e.application,
      parameters,
      strategy: c["strategy"] === true,
      dryRun: e.trigger["dryRun"] === true,
      correlationId: `${e.id}_${ctx.stage.id}_${id}_${e.startTime ?? 0}`,
    });
    return { status: "SUCCEEDED", context: { executionId: child.id, executionName: child.name } };
  },
});

/** Child status ⇒ this stage's task status. */
function statusFor(child: PipelineExecution): "SUCCEEDED" | "TERMINAL" | "CANCELED" | "RUNNING" {
  switch (child.status) {
    case "SUCCEEDED":
      return "SUCCEEDED";
    case "TERMINAL":
    case "STOPPED":
      return "TERMINAL";
    case "CANCELED":
      return "CANCELED";
    default:
      return isComplete(child.status) ? "SUCCEEDED" : "RUNNING";
  }
}

/** The `monitorPipeline` task (woken at once when the child completes; polls every 15 s otherwise). */
export const monitorPipelineTask = defineTask({
  type: "monitorPipeline",
  overridableTimeout: true,
  timeoutMs: () => 12 * 3_600_000,
  backoffMs: () => 15_000,
  async execute(ctx) {
    const id = ctx.stage.context["executionId"];
    if (typeof id !== "string") throw new Error("no child execution was started");
    const child = await ctx.engine.getExecution(id);
    if (!child) throw new Error(`child execution ${id} not found`);
    const status = statusFor(child);
    const context: Record<string, unknown> = { status: child.status };
    if (status === "RUNNING") return { status, context };
    const outputs = ctx.stage.context["skipDownstreamOutput"] === true ? {} : executionOutputs(child);
    if (status === "TERMINAL") {
      const errors = child.stages
        .filter((s) => s.status === "TERMINAL")
        .map((s) => {
          const ex = s.context["exception"] as { details?: { errors?: unknown[] } } | undefined;
          return { sourceStageId: s.id, sourceStageName: s.name, errors: ex?.details?.errors ?? [] };
        });
      context["exception"] = {
        details: { error: `child pipeline ${child.name ?? id} ended ${child.status}`, errors: errors.flatMap((e) => e.errors.map(String)) },
        source: errors,
      };
    }
    return { status, context, outputs };
  },
});

/** The `pipeline` stage. */
export const pipelineStage = defineStage({
  type: "pipeline",
  tasks: [startPipelineTask, monitorPipelineTask],
  taskGraph(stage, graph) {
    graph.task("startPipeline", startPipelineTask);
    if (stage.context["waitForCompletion"] !== false) graph.task("monitorPipeline", monitorPipelineTask);
  },
  canManuallySkip: (stage) => stage.context["skippable"] === true,
  prepareForRestart(stage) {
    if (stage.context["_skipPipelineRestart"] === true) return;
    delete stage.context["status"];
    delete stage.context["executionId"];
    delete stage.context["executionName"];
  },
  async cancel(stage, env) {
    const id = stage.context["executionId"];
    if (typeof id !== "string") return undefined;
    const child = await env.engine.getExecution(id);
    if (child && !isComplete(child.status)) await env.engine.cancelExecution(id, "parent pipeline", "the parent pipeline stage was canceled");
    return undefined;
  },
});
