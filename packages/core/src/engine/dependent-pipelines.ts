/**
 * What follows an execution's completion outside it: pipelines triggered by its completion
 * (Orca's `DependentPipelineExecutionListener`, spec section 9.3), and the parent pipeline stage
 * waiting on it, woken at once instead of at its next poll.
 * @module
 */
import type { PipelineExecution } from "../execution/types.js";
import { runTask } from "./message-builders.js";
import type { Runtime } from "./runtime.js";

/** Orca's mapping of an execution status to a pipeline trigger's `status` values. */
export function triggerStatusOf(e: PipelineExecution): string {
  switch (e.status) {
    case "SUCCEEDED":
      return "successful";
    case "CANCELED":
      return "canceled";
    case "SUSPENDED":
      return "suspended";
    default:
      return "failed";
  }
}

/**
 * Whether {@link startDependentPipelines} may have something to do for `e`: a parent pipeline stage
 * to wake, or saved pipeline configs that may be triggered by its config.
 */
export function mayHaveDependents(rt: Runtime, e: PipelineExecution): boolean {
  return typeof e.trigger["parentPipelineStageId"] === "string" || (rt.config.pipelines !== undefined && e.type === "pipeline" && e.pipelineConfigId !== null);
}

/** Start every enabled pipeline whose `pipeline` trigger names this execution's config and status. */
export async function startDependentPipelines(rt: Runtime, e: PipelineExecution): Promise<void> {
  await wakeParentStage(rt, e);
  const store = rt.config.pipelines;
  if (!store || e.type !== "pipeline" || e.pipelineConfigId === null) return;
  const status = triggerStatusOf(e);
  for (const config of await store.list()) {
    if (config["disabled"] === true) continue;
    const triggers = Array.isArray(config["triggers"]) ? (config["triggers"] as Record<string, unknown>[]) : [];
    for (const t of triggers) {
      if (t["type"] !== "pipeline" || t["enabled"] !== true || t["pipeline"] !== e.pipelineConfigId) continue;
      const statuses = Array.isArray(t["status"]) ? (t["status"] as unknown[]) : [];
      if (!statuses.map((x) => String(x).toLowerCase()).includes(status)) continue;
      await rt.access.startPipeline(config, {
        ...t,
        type: "pipeline",
        user: typeof t["runAsUser"] === "string" ? t["runAsUser"] : e.trigger.user,
        parentExecution: e,
        parentPipelineId: e.id,
        parentPipelineName: e.name,
        parentPipelineApplication: e.application,
        parentStatus: e.status,
        isPipeline: true,
        parameters: {},
      });
      break;
    }
  }
}

/** A child started by a `pipeline` stage completed: run the parent's monitor task now. */
async function wakeParentStage(rt: Runtime, child: PipelineExecution): Promise<void> {
  const parent = child.trigger["parentExecution"] as { id?: unknown } | undefined;
  const stageId = child.trigger["parentPipelineStageId"];
  if (!parent || typeof parent.id !== "string" || typeof stageId !== "string") return;
  const e = await rt.repository.retrieve(parent.id);
  const stage = e?.stages.find((s) => s.id === stageId);
  if (!e || !stage) return;
  for (const t of stage.tasks) if (t.status === "RUNNING") await rt.config.queue.reschedule(runTask(e, stage, t), 0);
}
