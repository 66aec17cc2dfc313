/**
 * Orca's `StageContext.get`: a key missing from the stage's own context is read from the outputs
 * of the nearest ancestor stage that has it (spec section 6.1).
 * @module
 */
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import { childrenOf, findStage, upstreamOf } from "./graph.js";

/** Ancestors of a stage, nearest first (Orca `ancestors()`), excluding the stage itself. */
export function ancestorsOf(execution: PipelineExecution, stage: StageExecution): StageExecution[] {
  const out: StageExecution[] = [];
  const seen = new Set<string>([stage.id]);
  const add = (s: StageExecution): boolean => {
    if (seen.has(s.id)) return false;
    seen.add(s.id);
    out.push(s);
    return true;
  };
  const walk = (s: StageExecution): void => {
    if (s.requisiteStageRefIds.length > 0) {
      const previous = upstreamOf(execution, s);
      const fresh = previous.filter((p) => !seen.has(p.id));
      for (const p of previous) add(p);
      for (const p of previous) for (const c of childrenOf(execution, p)) add(c);
      for (const p of fresh) walk(p);
      return;
    }
    if (s.parentStageId !== null) {
      const parent = findStage(execution, s.parentStageId);
      if (!parent) return;
      if (s.syntheticStageOwner === "STAGE_AFTER") for (const b of childrenOf(execution, parent, "STAGE_BEFORE")) add(b);
      if (add(parent)) walk(parent);
    }
  };
  walk(stage);
  return out;
}

/** The value of `key` for a stage: own context, else the nearest ancestor's outputs; undefined if none. */
export function lookupContext(execution: PipelineExecution, stage: StageExecution, key: string): unknown {
  if (Object.hasOwn(stage.context, key)) return stage.context[key];
  for (const a of ancestorsOf(execution, stage)) if (Object.hasOwn(a.outputs, key)) return a.outputs[key];
  return undefined;
}
