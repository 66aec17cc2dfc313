/**
 * Orca's `startNext`: what follows a stage that finished successfully.
 * @module
 */
import type { PipelineExecution, StageExecution } from "../../execution/types.js";
import { downstreamOf, parentOf } from "../graph.js";
import { completeExecution, continueParent, stageMessage } from "../message-builders.js";
import type { Runtime } from "../runtime.js";

/** Start the downstream stages, else continue the parent (synthetic), else complete the execution. */
export async function startNext(rt: Runtime, e: PipelineExecution, stage: StageExecution): Promise<void> {
  const downstream = downstreamOf(e, stage);
  if (downstream.length > 0) {
    for (const d of downstream) await rt.push(stageMessage("StartStage", e, d));
    return;
  }
  if (stage.syntheticStageOwner !== null) {
    const parent = parentOf(e, stage);
    if (parent) await rt.push(continueParent(e, parent, stage.syntheticStageOwner));
    return;
  }
  await rt.push(completeExecution(e));
}
