/**
 * The Evaluate Variables stage: SpEL v4 sequential semantics (each variable sees the ones before
 * it) and the SpEL v3 one-shot semantics.
 * @module
 */
import type { ExpressionEvaluator } from "../evaluator.js";
import { isPlainObject } from "../values/kinds.js";
import { precomputeValues, process, SUMMARY_KEY } from "./process.js";
import { buildStageContext, type ExecutionJson, type StageContext, type StageJson } from "./stage-context.js";
import { processStageContext } from "./stage.js";
import { ExpressionEvaluationSummary } from "./summary.js";

/** One variable of an Evaluate Variables stage. */
export interface EvaluatedVariable {
  /** The variable name (becomes an output key). */
  key: string;
  /** The evaluated value (or the raw string when its evaluation failed). */
  value: unknown;
  /** The original text with every `${` replaced by `{` (only for string values). */
  sourceValue?: string;
  /** The evaluated description, or null. */
  description: unknown;
  /** Any other property of the variable, kept as is. */
  [extra: string]: unknown;
}

/** The outcome of an Evaluate Variables evaluation. */
export interface EvaluateVariablesResult {
  /** The processed stage context (`variables` replaced by the evaluated list, summary attached on failure). */
  context: Record<string, unknown>;
  /** The evaluated variables, in order. */
  variables: EvaluatedVariable[];
  /** The stage outputs: variable key → value. */
  outputs: Record<string, unknown>;
  /** Every failure of the stage. */
  summary: ExpressionEvaluationSummary;
}

function variablesOf(context: Record<string, unknown>): Record<string, unknown>[] {
  const v = context["variables"];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

function outputsOf(vars: readonly EvaluatedVariable[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of vars) out[v.key] = v.value;
  return out;
}

/**
 * SpEL v4 (`EvaluateVariablesStage.processExpressions`): every context key other than
 * `variables` is processed normally; then each variable's string `value` (and its
 * `description`) is processed in order against the stage context augmented with the variables
 * evaluated successfully so far. A variable whose evaluation recorded a failure keeps its raw
 * value and description. `sourceValue` keeps the original with `${` replaced by `{`.
 */
export function evaluateVariablesV4(stage: StageJson, execution: ExecutionJson, evaluator: ExpressionEvaluator): EvaluateVariablesResult {
  const stageContext = isPlainObject(stage["context"]) ? stage["context"] : {};
  const summary = new ExpressionEvaluationSummary(() => evaluator.now());
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(stageContext)) if (k !== "variables") rest[k] = stageContext[k];
  let root: StageContext = precomputeValues(buildStageContext(stage, execution)) as StageContext;
  const context = process(rest, root, true, evaluator, { summary });
  delete context[SUMMARY_KEY];

  const variables: EvaluatedVariable[] = [];
  for (const raw of variablesOf(stageContext)) {
    const v: EvaluatedVariable = { ...raw, key: String(raw["key"]), value: raw["value"] ?? null, description: raw["description"] ?? null };
    if (typeof v.value === "string") {
      const source = v.value;
      const varSummary = new ExpressionEvaluationSummary(() => evaluator.now());
      const processed = process({ value: source, description: v.description }, root, true, evaluator, { summary: varSummary });
      v.sourceValue = source.replaceAll("${", "{");
      if (varSummary.failureCount === 0) {
        v.value = processed["value"] ?? null;
        v.description = processed["description"] ?? null;
        root = root.with({ [v.key]: v.value });
      }
      summary.merge(varSummary);
    }
    variables.push(v);
  }
  context["variables"] = variables;
  if (summary.failureCount > 0) context[SUMMARY_KEY] = summary.results();
  return { context, variables, outputs: outputsOf(variables), summary };
}

/**
 * SpEL v3: the whole stage context, `variables` included, is processed in one go, so a variable
 * cannot refer to a sibling (`${var1 + var2}` stays unevaluated with a summary entry).
 */
export function evaluateVariablesV3(stage: StageJson, execution: ExecutionJson, evaluator: ExpressionEvaluator): EvaluateVariablesResult {
  const { context, summary } = processStageContext(stage, execution, evaluator);
  const variables: EvaluatedVariable[] = variablesOf(context).map((raw) => ({
    ...raw,
    key: String(raw["key"]),
    value: raw["value"] ?? null,
    description: raw["description"] ?? null,
  }));
  return { context, variables, outputs: outputsOf(variables), summary };
}

/** Evaluate Variables under the execution's SpEL version (`execution.spelEvaluator`, default v3). */
export function evaluateVariables(stage: StageJson, execution: ExecutionJson, evaluator: ExpressionEvaluator): EvaluateVariablesResult {
  const v = execution["spelEvaluator"];
  return typeof v === "string" && v.toLowerCase() === "v4"
    ? evaluateVariablesV4(stage, execution, evaluator)
    : evaluateVariablesV3(stage, execution, evaluator);
}
