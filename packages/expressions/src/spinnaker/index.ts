/**
 * Spinnaker's evaluation walk over whole pipeline and stage JSON: kork's `ExpressionTransform`,
 * Orca's `ContextParameterProcessor`, the stage-time `StageContext` root, Evaluate Variables,
 * expression preconditions, `stageEnabled` and `failOnFailedExpressions`.
 * @module
 */

/** Summary of failed expressions (kork's `ExpressionEvaluationSummary`). */
export { ExpressionEvaluationSummary, type SummaryJson, type SummaryLevel, type SummaryResult, type SummaryResults } from "./summary.js";
/** The walk itself (kork's `ExpressionTransform`) and its building blocks. */
export {
  containsExpression,
  escapeSimpleExpression,
  ExpressionTransform,
  isWalkMap,
  preprocessExpression,
  rootExceptionType,
  transformValue,
  transformValueAsync,
  type TransformOptions,
  type WalkMap,
  type WalkOptions,
} from "./transform.js";
/** Conversion of evaluator results to plain JSON. */
export { toPlainJson } from "./plain-json.js";
/** `ContextParameterProcessor.process` / `processPipeline`. */
export {
  computeScmInfo,
  precomputeValues,
  process,
  processAsync,
  processPipeline,
  processPipelineAsync,
  spelEvaluatorVersion,
  SUMMARY_KEY,
  type PipelineStartContext,
  type ProcessContext,
  type ProcessOptions,
  type ProcessPipelineOptions,
} from "./process.js";
/** The stage-time root. */
export { buildStageContext, StageContext, stageAncestors, stagesOf, type ExecutionJson, type StageJson } from "./stage-context.js";
/** Stage/task-time processing and the completion rule. */
export {
  assertManifestsEvaluated,
  completeStageStatus,
  failedExpressionException,
  processStageContext,
  processStageContextAsync,
  readStageContextValue,
  shouldFailOnExpressions,
  type FailedExpressionException,
  type StageProcessResult,
} from "./stage.js";
/** Evaluate Variables (v3 and v4). */
export {
  evaluateVariables,
  evaluateVariablesV3,
  evaluateVariablesV4,
  type EvaluatedVariable,
  type EvaluateVariablesResult,
} from "./evaluate-variables.js";
/** Expressions wrapped by Orca itself. */
export {
  evaluateExpressionPrecondition,
  evaluateStageEnabled,
  type ExpressionPreconditionResult,
  type StageEnabledResult,
} from "./preconditions.js";
