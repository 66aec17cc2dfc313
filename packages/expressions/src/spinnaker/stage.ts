/**
 * Stage/task-time evaluation (Orca's `ExpressionAware.withMergedContext`) and the
 * `failOnFailedExpressions` rule of `CompleteStageHandler`.
 * @module
 */
import type { ExpressionEvaluator } from "../evaluator.js";
import { isPlainObject } from "../values/kinds.js";
import { process, processAsync, SUMMARY_KEY, spelEvaluatorVersion } from "./process.js";
import { buildStageContext, type ExecutionJson, type StageJson } from "./stage-context.js";
import { ExpressionEvaluationSummary } from "./summary.js";
import { containsExpression } from "./transform.js";

/** The outcome of {@link processStageContext}. */
export interface StageProcessResult {
  /** The processed stage context (a new map; the stage is not modified). */
  context: Record<string, unknown>;
  /** The summary of this pass. */
  summary: ExpressionEvaluationSummary;
}

/** Keys of a stage context that a stage type keeps away from evaluation. */
function excludedKeys(stage: StageJson, execution: ExecutionJson): string[] {
  const ctx = stage["context"];
  if (
    stage["type"] === "deployManifest" &&
    spelEvaluatorVersion(execution) === "v4" &&
    isPlainObject(ctx) &&
    ctx["skipExpressionEvaluation"] === true
  ) {
    return ["manifests"];
  }
  return [];
}

function split(stage: StageJson, execution: ExecutionJson): { source: Record<string, unknown>; kept: Record<string, unknown> } {
  const ctx = isPlainObject(stage["context"]) ? stage["context"] : {};
  const excluded = excludedKeys(stage, execution);
  const source: Record<string, unknown> = {};
  const kept: Record<string, unknown> = {};
  for (const k of Object.keys(ctx)) (excluded.includes(k) ? kept : source)[k] = ctx[k];
  return { source, kept };
}

/** Removes summary keys that were evaluated again in this pass and no longer fail. */
function cleanStaleSummary(context: Record<string, unknown>, summary: ExpressionEvaluationSummary): void {
  const failed = context[SUMMARY_KEY];
  if (!isPlainObject(failed)) return;
  const kept: Record<string, unknown> = {};
  for (const k of Object.keys(failed)) {
    if (!(summary.wasAttempted(k) && summary.getResult(k) === null)) kept[k] = failed[k];
  }
  if (Object.keys(kept).length > 0) context[SUMMARY_KEY] = kept;
  else context[SUMMARY_KEY] = {};
}

function assemble(
  processed: Record<string, unknown>,
  kept: Record<string, unknown>,
  summary: ExpressionEvaluationSummary,
): StageProcessResult {
  const context = { ...processed, ...kept };
  cleanStaleSummary(context, summary);
  return { context, summary };
}

/**
 * Processes a stage's context at stage/task time: root = {@link buildStageContext}, unknown keys
 * read as null. A summary stored by an earlier pass keeps only the keys that were not
 * re-evaluated successfully now. `deployManifest` under SpEL v4 with `skipExpressionEvaluation`
 * keeps its `manifests` untouched.
 */
export function processStageContext(stage: StageJson, execution: ExecutionJson, evaluator: ExpressionEvaluator): StageProcessResult {
  const summary = new ExpressionEvaluationSummary(() => evaluator.now());
  const { source, kept } = split(stage, execution);
  const processed = process(source, buildStageContext(stage, execution), true, evaluator, { summary });
  return assemble(processed, kept, summary);
}

/** {@link processStageContext}, performing the URL fetches and lookups helpers ask for. */
export async function processStageContextAsync(
  stage: StageJson,
  execution: ExecutionJson,
  evaluator: ExpressionEvaluator,
): Promise<StageProcessResult> {
  const summary = new ExpressionEvaluationSummary(() => evaluator.now());
  const { source, kept } = split(stage, execution);
  const processed = await processAsync(source, buildStageContext(stage, execution), true, evaluator, { summary });
  return assemble(processed, kept, summary);
}

/**
 * Reads one key of a processed stage context the way Orca's merged context does: a value that is
 * still a string containing `${` is processed again against the current stage context (a second
 * chance once upstream data exists); anything else is returned as is.
 */
export function readStageContextValue(
  context: Record<string, unknown>,
  key: string,
  stage: StageJson,
  execution: ExecutionJson,
  evaluator: ExpressionEvaluator,
): unknown {
  const value = Object.hasOwn(context, key) ? context[key] : undefined;
  if (!containsExpression(value)) return value ?? null;
  return process({ [key]: value }, buildStageContext(stage, execution), true, evaluator)[key];
}

function hasSummary(context: Record<string, unknown>): boolean {
  const s = context[SUMMARY_KEY];
  return isPlainObject(s) && Object.keys(s).length > 0;
}

/**
 * `CompleteStageHandler`'s rule: the stage turns TERMINAL when its context has a non-empty
 * `expressionEvaluationSummary` (an INFO entry is enough) and `failOnFailedExpressions` is `true`.
 */
export function shouldFailOnExpressions(context: Record<string, unknown>): boolean {
  return hasSummary(context) && context["failOnFailedExpressions"] === true;
}

/** What Orca writes under `context.exception` for a stage failed by {@link shouldFailOnExpressions}. */
export interface FailedExpressionException {
  /** The details shown in the UI. */
  details: {
    /** The title. */
    error: string;
    /** Every entry description of the summary. */
    errors: string[];
  };
}

/** The `context.exception` value for failed expressions: the descriptions of every summary entry. */
export function failedExpressionException(context: Record<string, unknown>): FailedExpressionException {
  const errors: string[] = [];
  const s = context[SUMMARY_KEY];
  if (isPlainObject(s)) {
    for (const k of Object.keys(s)) {
      const list = s[k];
      if (!Array.isArray(list)) continue;
      for (const r of list) {
        const d = isPlainObject(r) ? r["description"] : undefined;
        if (typeof d === "string") errors.push(d);
      }
    }
  }
  return { details: { error: "Failed Expression Evaluation", errors } };
}

/**
 * Applies the completion rule to a stage context: when {@link shouldFailOnExpressions} holds,
 * returns `{status: "TERMINAL", context}` with `exception` set; otherwise the status given.
 */
export function completeStageStatus(
  status: string,
  context: Record<string, unknown>,
): { status: string; context: Record<string, unknown> } {
  if (status === "SUCCEEDED" && shouldFailOnExpressions(context)) {
    return { status: "TERMINAL", context: { ...context, exception: failedExpressionException(context) } };
  }
  return { status, context };
}

/**
 * `ManifestEvaluator`'s rule: with `failOnFailedExpressions`, a manifest evaluation that produced
 * a summary fails immediately. Throws an `Error` listing the descriptions; otherwise returns.
 */
export function assertManifestsEvaluated(processedContext: Record<string, unknown>, failOnFailedExpressions: boolean): void {
  if (failOnFailedExpressions && hasSummary(processedContext)) {
    throw new Error(`Failure evaluating manifest expressions: ${failedExpressionException(processedContext).details.errors.join("; ")}`);
  }
}
