/**
 * Expressions that Orca wraps in `${...}` itself: the `expression` precondition of Check
 * Preconditions and `stageEnabled` expressions.
 * @module
 */
import type { ExpressionEvaluator } from "../evaluator.js";
import { javaToString } from "../values/format.js";
import { process } from "./process.js";
import { buildStageContext, type ExecutionJson, type StageJson } from "./stage-context.js";

/** Wraps user text in `${...}`, processes it against the stage, strips a surviving `${...}`. */
function evaluateWrapped(text: string, stage: StageJson, execution: ExecutionJson, evaluator: ExpressionEvaluator): string {
  const processed = process({ expression: `\${${text}}` }, buildStageContext(stage, execution), true, evaluator)["expression"];
  let result = typeof processed === "string" ? processed : javaToString(processed);
  const m = /^\$\{(.*)\}$/.exec(result);
  if (m && !/[\n\r]/.test(result)) result = m[1]!;
  return result;
}

/** Java's `Boolean.valueOf(String)`: true only for case-insensitive `"true"`. */
function booleanValueOf(s: string): boolean {
  return s.toLowerCase() === "true";
}

/** The outcome of an `expression` precondition. */
export interface ExpressionPreconditionResult {
  /** The evaluated text (`"true"`, `"false"`, or the raw expression when it could not be evaluated). */
  expressionResult: string;
  /** `SUCCEEDED` when the result is `true` (case-insensitive), else `TERMINAL`. */
  status: "SUCCEEDED" | "TERMINAL";
}

/**
 * `ExpressionPreconditionTask`: wraps `expression` as `${expression}`, evaluates it against the
 * stage context (unknown keys null), strips a surviving `${...}` back to the raw text and decides
 * with `Boolean.valueOf`, so an unevaluable expression fails the check.
 */
export function evaluateExpressionPrecondition(
  expression: string,
  stage: StageJson,
  execution: ExecutionJson,
  evaluator: ExpressionEvaluator,
): ExpressionPreconditionResult {
  const expressionResult = evaluateWrapped(expression, stage, execution, evaluator);
  return { expressionResult, status: booleanValueOf(expressionResult) ? "SUCCEEDED" : "TERMINAL" };
}

/** The outcome of a `stageEnabled` expression. */
export interface StageEnabledResult {
  /** `run` when the expression evaluated to true, `skip` otherwise (false or invalid). */
  decision: "run" | "skip";
  /** The evaluated text. */
  expressionResult: string;
  /** True when the result was neither `true` nor `false` (Orca's `InvalidExpression`: the stage is skipped). */
  invalid: boolean;
}

/**
 * `stageEnabled: {type: "expression", expression}`: evaluated like the precondition; the result
 * must be `true`/`false` (trimmed, case-insensitive); anything else is an invalid expression and
 * the stage is skipped.
 */
export function evaluateStageEnabled(
  expression: string,
  stage: StageJson,
  execution: ExecutionJson,
  evaluator: ExpressionEvaluator,
): StageEnabledResult {
  const expressionResult = evaluateWrapped(expression, stage, execution, evaluator);
  const t = expressionResult.trim().toLowerCase();
  if (t !== "true" && t !== "false") return { decision: "skip", expressionResult, invalid: true };
  return { decision: t === "true" ? "run" : "skip", expressionResult, invalid: false };
}
