/**
 * Navigation of an execution's flat stage list: parents, synthetic children, upstream and
 * downstream stages (Orca's `StageExecution` helpers).
 * @module
 */
import { isComplete, isUpstreamComplete, isUpstreamFailed, type ExecutionStatus } from "../execution/status.js";
import type { PipelineExecution, StageExecution, SyntheticStageOwner } from "../execution/types.js";
import { stageById } from "./stage-index.js";
import { GraphView } from "./stage-graph.js";

/**
 * The answer of the graph questions below when nothing matches: shared, so the questions every
 * message asks of a small execution (most answers are empty there) allocate nothing. Frozen.
 */
const NONE: StageExecution[] = Object.freeze([]) as unknown as StageExecution[];

/** Top-level (non-synthetic) stages. */
export function topLevelStages(execution: PipelineExecution): StageExecution[] {
  return execution.stages.filter((s) => s.parentStageId === null);
}

/** The stage with this id, or undefined. */
export function findStage(execution: PipelineExecution, id: string): StageExecution | undefined {
  return stageById(execution, id);
}

/** The parent of a synthetic stage. */
export function parentOf(execution: PipelineExecution, stage: StageExecution): StageExecution | undefined {
  return stage.parentStageId === null ? undefined : findStage(execution, stage.parentStageId);
}

/** The top-level stage a stage belongs to (itself when top-level). */
export function topLevelOf(execution: PipelineExecution, stage: StageExecution): StageExecution {
  let s = stage;
  for (let p = parentOf(execution, s); p; p = parentOf(execution, s)) s = p;
  return s;
}

/** Direct synthetic children of a stage, optionally of one owner. */
export function childrenOf(execution: PipelineExecution, stage: StageExecution, owner?: SyntheticStageOwner): StageExecution[] {
  const view = GraphView.of(execution.stages);
  if (view !== undefined) {
    const children = view.children(stage);
    return owner === undefined ? children : children.filter((s) => s.syntheticStageOwner === owner);
  }
  // (loops, not `filter`: no closure and no array unless something matches)
  let out: StageExecution[] | undefined;
  for (const s of execution.stages) if (s.parentStageId === stage.id && (owner === undefined || s.syntheticStageOwner === owner)) (out ??= []).push(s);
  return out ?? NONE;
}

/** Every synthetic descendant of a stage. */
export function descendantsOf(execution: PipelineExecution, stage: StageExecution): StageExecution[] {
  const out: StageExecution[] = [];
  const ids = new Set([stage.id]);
  for (const s of execution.stages) {
    if (s.parentStageId !== null && ids.has(s.parentStageId)) {
      out.push(s);
      ids.add(s.id);
    }
  }
  // stages are ordered parents-first except before-stages, so a second pass catches those
  for (const s of execution.stages) {
    if (s.parentStageId !== null && ids.has(s.parentStageId) && !out.includes(s)) {
      out.push(s);
      ids.add(s.id);
    }
  }
  return out;
}

/** Sibling stages in the same scope (same parent, same owner). */
function sameScope(a: StageExecution, b: StageExecution): boolean {
  return a.parentStageId === b.parentStageId && a.syntheticStageOwner === b.syntheticStageOwner;
}

/** Stages this stage requires (its `requisiteStageRefIds`, resolved in its own scope). */
export function upstreamOf(execution: PipelineExecution, stage: StageExecution): StageExecution[] {
  if (stage.requisiteStageRefIds.length === 0) return NONE;
  const view = GraphView.of(execution.stages);
  if (view !== undefined) return view.upstream(stage);
  let out: StageExecution[] | undefined;
  for (const s of execution.stages) if (sameScope(s, stage) && stage.requisiteStageRefIds.includes(s.refId)) (out ??= []).push(s);
  return out ?? NONE;
}

/** Stages that directly require this stage. */
export function downstreamOf(execution: PipelineExecution, stage: StageExecution): StageExecution[] {
  const view = GraphView.of(execution.stages);
  if (view !== undefined) return view.downstream(stage);
  let out: StageExecution[] | undefined;
  for (const s of execution.stages) if (sameScope(s, stage) && s.requisiteStageRefIds.includes(stage.refId)) (out ??= []).push(s);
  return out ?? NONE;
}

/** Every stage transitively downstream of this one (excluding itself). */
export function allDownstreamOf(execution: PipelineExecution, stage: StageExecution): StageExecution[] {
  const out: StageExecution[] = [];
  const queue = [stage];
  const seen = new Set([stage.id]);
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const d of downstreamOf(execution, s)) {
      if (!seen.has(d.id)) {
        seen.add(d.id);
        out.push(d);
        queue.push(d);
      }
    }
  }
  return out;
}

/** Every direct upstream stage is SUCCEEDED, FAILED_CONTINUE or SKIPPED. */
export function allUpstreamComplete(execution: PipelineExecution, stage: StageExecution): boolean {
  return upstreamOf(execution, stage).every((s) => isUpstreamComplete(s.status));
}

/** Some upstream stage halted (directly, or through a NOT_STARTED upstream behind a halted one). */
export function anyUpstreamFailed(execution: PipelineExecution, stage: StageExecution, seen?: Set<string>): boolean {
  const upstream = upstreamOf(execution, stage);
  if (seen === undefined) {
    // the direct upstream stages first, with no set of visited stages: a join asks this once per
    // branch, and its upstream stages are mostly running or done
    let behind = false;
    for (const u of upstream) {
      if (isUpstreamFailed(u.status)) return true;
      if (u.status === "NOT_STARTED") behind = true;
    }
    if (!behind) return false;
    seen = new Set<string>();
  }
  for (const u of upstream) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    if (isUpstreamFailed(u.status)) return true;
    if (u.status === "NOT_STARTED" && anyUpstreamFailed(execution, u, seen)) return true;
  }
  return false;
}

/** Orca's `failureStatus(default)`: FAILED_CONTINUE, the default (TERMINAL/CANCELED) or STOPPED per the stage's failure options. */
export function failureStatus(stage: StageExecution, fallback: ExecutionStatus = "TERMINAL"): ExecutionStatus {
  const ctx = stage.context;
  if (ctx["continuePipeline"] === true) return "FAILED_CONTINUE";
  if (ctx["failPipeline"] === undefined || ctx["failPipeline"] === null || ctx["failPipeline"] === true) return fallback;
  return "STOPPED";
}

/** The stage or its nearest ancestor (via parents) whose context has a numeric `stageTimeoutMs`. */
export function parentWithTimeout(execution: PipelineExecution, stage: StageExecution): StageExecution | undefined {
  for (let s: StageExecution | undefined = stage; s; s = parentOf(execution, s)) {
    if (typeof s.context["stageTimeoutMs"] === "number") return s;
  }
  return undefined;
}

/** True when the stage or one of its parents has `manualSkip: true`. */
export function isManuallySkipped(execution: PipelineExecution, stage: StageExecution): boolean {
  for (let s: StageExecution | undefined = stage; s; s = parentOf(execution, s)) {
    if (s.context["manualSkip"] === true) return true;
  }
  return false;
}

/** Whether an execution status is complete (re-exported for handler brevity). */
export const complete = isComplete;
