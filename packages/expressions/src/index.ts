/**
 * `@gennaker/expressions`: Spinnaker pipeline expressions (Spring SpEL) for TypeScript, with Java
 * number semantics, Spinnaker's helper functions and restrictions, and Spinnaker's evaluation walk.
 * @packageDocumentation
 */
export {
  ExpressionEvaluator,
  type CompiledExpression,
  type CompiledTemplate,
  type EvaluateOptions,
  type EvaluatorOptions,
} from "./evaluator.js";
export { ExpressionError, type ExpressionErrorCode, type ExpressionErrorInit, type ExpressionPhase } from "./errors.js";
export { defineFunction, type ExpressionFunction, type FunctionEnv, type HostServices } from "./functions/function.js";
export { builtinFunctions } from "./functions/index.js";
export { parseJavaJson, toJacksonJson } from "./functions/json.js";
export { StageView } from "./functions/stages.js";
export { SPINNAKER_ALLOWED_TYPES, type InvocationEnv, type JavaClassDef, type JavaMethod } from "./java/class.js";
export {
  JavaArray,
  JavaChar,
  JavaDouble,
  JavaFloat,
  JavaInstance,
  JavaLong,
  JavaMapEntry,
  NotEvaluable,
} from "./values/boxes.js";
export { javaKind, javaClassName, type JavaKind } from "./values/kinds.js";
export { javaToString, formatDouble, formatFloat } from "./values/format.js";
export { JavaClassRef } from "./eval/access.js";
export {
  process as processExpressions,
  processAsync as processExpressionsAsync,
  processPipeline,
  processPipelineAsync,
  processStageContext,
  processStageContextAsync,
  shouldFailOnExpressions,
  completeStageStatus,
  failedExpressionException,
  assertManifestsEvaluated,
  evaluateVariables,
  evaluateExpressionPrecondition,
  evaluateStageEnabled,
  buildStageContext,
  StageContext,
  ExpressionEvaluationSummary,
  ExpressionTransform,
  toPlainJson,
  spelEvaluatorVersion,
  SUMMARY_KEY,
  type ProcessContext,
  type ProcessOptions,
  type ProcessPipelineOptions,
  type PipelineStartContext,
  type StageProcessResult,
  type EvaluateVariablesResult,
  type ExpressionPreconditionResult,
  type StageEnabledResult,
  type ExecutionJson,
  type StageJson,
} from "./spinnaker/index.js";
export { createUrlFetcher, validateUrl } from "./functions/index.js";
