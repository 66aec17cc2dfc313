/**
 * The built-in generic stage types.
 * @module
 */
import type { StageDefinition } from "../spi/stage-definition.js";
import { checkPreconditionsStage } from "./check-preconditions.js";
import { evaluateVariablesStage } from "./evaluate-variables.js";
import { executionWindowStage } from "./execution-window.js";
import { manualJudgmentStage } from "./manual-judgment.js";
import { pipelineStage } from "./pipeline.js";
import { waitStage } from "./wait.js";
import { webhookStage } from "./webhook/index.js";

export { checkPreconditionsStage, checkPreconditionTask } from "./check-preconditions.js";
export { evaluateVariablesStage, evaluateVariablesTask } from "./evaluate-variables.js";
export { executionWindowStage, suspendExecutionDuringTimeWindowTask, waitForJitterTask } from "./execution-window.js";
export { manualJudgmentStage, waitForJudgmentTask, MANUAL_JUDGMENT_TIMEOUT_MS } from "./manual-judgment.js";
export { pipelineStage, startPipelineTask, monitorPipelineTask, executionOutputs } from "./pipeline.js";
export { waitStage, waitTask } from "./wait.js";
export { webhookStage } from "./webhook/index.js";

/** Every built-in stage type: wait, manualJudgment, checkPreconditions, evaluateVariables, pipeline, webhook and the execution window. */
export const builtinStages: readonly StageDefinition[] = [
  waitStage,
  manualJudgmentStage,
  checkPreconditionsStage,
  evaluateVariablesStage,
  pipelineStage,
  executionWindowStage,
  webhookStage,
];
