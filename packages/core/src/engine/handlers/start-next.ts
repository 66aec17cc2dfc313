/**
 * Orca's `startNext`: what follows a stage that finished successfully.
 * @module
 */
import type { PipelineExecution, StageExecution } from "../../execution/types.js";
import { downstreamOf, parentOf } from "../graph.js";
import { completeExecution, continueParent, stageMessage } from "../message-builders.js";
import type { Runtime } from "../runtime.js";

/** Start the downstream stages, else continue the parent (synthetic), else complete the execution. */
export function startNext(rt: Runtime, e: PipelineExecution, stage: StageExecution): Promise<void> | undefined {
  const downstream = downstreamOf(e, stage);
  if (downstream.length === 1) return rt.push(stageMessage("StartStage", e, downstream[0]!));
  if (downstream.length > 0) return rt.pushAll(downstream.map((d) => stageMessage("StartStage", e, d)));
  if (stage.syntheticStageOwner !== null) {
    const parent = parentOf(e, stage);
    return parent ? rt.push(continueParent(e, parent, stage.syntheticStageOwner)) : undefined;
  }
  return rt.push(completeExecution(e));
}
