/**
 * Orca's `ContextParameterProcessor`: evaluate every expression of a map against a context,
 * with the computed root properties, and attach the summary when anything failed.
 * @module
 */
import type { ExpressionEvaluator } from "../evaluator.js";
import { isPlainObject } from "../values/kinds.js";
import { StageContext } from "./stage-context.js";
import { ExpressionEvaluationSummary } from "./summary.js";
import { ExpressionTransform } from "./transform.js";

/** The key under which the summary is stored next to the processed values. */
export const SUMMARY_KEY = "expressionEvaluationSummary";

/** Extra options for {@link process} and {@link processAsync}. */
export interface ProcessOptions {
  /** Accumulate failures into this summary (default: a new one per call). */
  summary?: ExpressionEvaluationSummary;
  /** `#name` variables. */
  variables?: Record<string, unknown>;
}

/** A processing context: a plain map or a stage-time {@link StageContext}. */
export type ProcessContext = Record<string, unknown> | StageContext;

function ctxGet(ctx: ProcessContext, key: string): unknown {
  return ctx instanceof StageContext ? ctx.get(key) : Object.hasOwn(ctx, key) ? ctx[key] : undefined;
}

function ctxHas(ctx: ProcessContext, key: string): boolean {
  return ctx instanceof StageContext ? ctx.containsOwnKey(key) : Object.hasOwn(ctx, key);
}

function mapGet(m: unknown, key: string): unknown {
  return isPlainObject(m) && Object.hasOwn(m, key) ? m[key] : undefined;
}

/**
 * `scmInfo` from a trigger: its `buildInfo.scm` list; with two or more entries the first whose
 * `branch` is neither `master` nor `develop` (else the first), with one entry that entry,
 * otherwise null.
 */
export function computeScmInfo(trigger: unknown): unknown {
  const scm = mapGet(mapGet(trigger, "buildInfo"), "scm");
  if (!Array.isArray(scm) || scm.length === 0) return null;
  if (scm.length >= 2) {
    const pick = scm.find((s) => {
      const b = mapGet(s, "branch");
      return b !== "master" && b !== "develop";
    });
    return pick ?? scm[0] ?? null;
  }
  return scm[0] ?? null;
}

/**
 * Orca's `precomputeValues`: a copy of the context with `parameters` (the trigger's parameters
 * when non-empty, else an existing `parameters` key, else `{}`) and `scmInfo` ({@link computeScmInfo}).
 */
export function precomputeValues(context: ProcessContext): ProcessContext {
  const trigger = ctxGet(context, "trigger");
  const params = mapGet(trigger, "parameters");
  const extra: Record<string, unknown> = {};
  if (isPlainObject(params) && Object.keys(params).length > 0) extra["parameters"] = params;
  else if (!ctxHas(context, "parameters")) extra["parameters"] = {};
  extra["scmInfo"] = computeScmInfo(trigger);
  if (context instanceof StageContext) return context.with(extra);
  return { ...context, ...extra };
}

function finish(result: Record<string, unknown>, summary: ExpressionEvaluationSummary): Record<string, unknown> {
  if (summary.failureCount > 0) result[SUMMARY_KEY] = summary.results();
  return result;
}

/**
 * `ContextParameterProcessor.process(source, context, allowUnknownKeys)`: a new map with every
 * expression of `source` (keys included) evaluated against `context` plus the computed
 * `parameters`/`scmInfo`; when anything failed (INFO or ERROR) the summary entries are stored
 * under {@link SUMMARY_KEY}. Never throws for expression failures.
 */
export function process(
  source: Record<string, unknown>,
  context: ProcessContext,
  allowUnknownKeys: boolean,
  evaluator: ExpressionEvaluator,
  options: ProcessOptions = {},
): Record<string, unknown> {
  const summary = options.summary ?? new ExpressionEvaluationSummary(() => evaluator.now());
  if (Object.keys(source).length === 0) return {};
  const t = new ExpressionTransform(evaluator, {
    root: precomputeValues(context),
    allowUnknownKeys,
    summary,
    ...(options.variables ? { variables: options.variables } : {}),
  });
  return finish(t.transformMap(source), summary);
}

/** {@link process}, performing the URL fetches and lookups helpers ask for. */
export async function processAsync(
  source: Record<string, unknown>,
  context: ProcessContext,
  allowUnknownKeys: boolean,
  evaluator: ExpressionEvaluator,
  options: ProcessOptions = {},
): Promise<Record<string, unknown>> {
  if (Object.keys(source).length === 0) return {};
  const root = precomputeValues(context);
  const { result, summary } = await evaluator.settle((resolved) => {
    const t = new ExpressionTransform(evaluator, {
      root,
      allowUnknownKeys,
      resolved,
      ...(options.variables ? { variables: options.variables } : {}),
    });
    return { result: t.transformMap(source), summary: t.summary };
  });
  if (options.summary) {
    options.summary.merge(summary);
    return finish(result, options.summary);
  }
  return finish(result, summary);
}

/** The SpEL evaluator version a pipeline asks for (`spelEvaluator`, case-insensitive; default v3). */
export function spelEvaluatorVersion(config: unknown): "v3" | "v4" {
  const v = mapGet(config, "spelEvaluator");
  return typeof v === "string" && v.toLowerCase() === "v4" ? "v4" : "v3";
}

/** The pipeline-start root: the trigger and the template variables. */
export interface PipelineStartContext {
  /** The trigger map. */
  trigger?: Record<string, unknown> | null;
  /** Managed pipeline template variables. */
  templateVariables?: Record<string, unknown> | null;
  /** Anything else to expose at the root. */
  [key: string]: unknown;
}

/** Options for {@link processPipeline}. */
export interface ProcessPipelineOptions extends ProcessOptions {
  /** Default false (pipeline start fails on unknown names). */
  allowUnknownKeys?: boolean;
}

function pipelineParts(pipeline: Record<string, unknown>): { body: Record<string, unknown>; stages: unknown; v4: boolean } {
  const v4 = spelEvaluatorVersion(pipeline) === "v4";
  if (!v4 || !Object.hasOwn(pipeline, "stages")) return { body: pipeline, stages: undefined, v4: false };
  const body = { ...pipeline };
  const stages = body["stages"];
  delete body["stages"];
  return { body, stages, v4: true };
}

function startRoot(context: PipelineStartContext): Record<string, unknown> {
  return { ...context, trigger: context.trigger ?? null, templateVariables: context.templateVariables ?? {} };
}

/**
 * Pipeline start (`processPipeline`): processes the pipeline config against
 * `{trigger, templateVariables}` with allowUnknownKeys false. With SpEL v3 (default) the whole
 * config, stages included, is processed; with `"spelEvaluator": "v4"` the `stages` are removed
 * before and put back untouched after.
 */
export function processPipeline(
  pipelineConfig: Record<string, unknown>,
  context: PipelineStartContext,
  evaluator: ExpressionEvaluator,
  options: ProcessPipelineOptions = {},
): Record<string, unknown> {
  const { body, stages, v4 } = pipelineParts(pipelineConfig);
  const result = process(body, startRoot(context), options.allowUnknownKeys ?? false, evaluator, options);
  if (v4) result["stages"] = stages;
  return result;
}

/** {@link processPipeline}, performing the URL fetches and lookups helpers ask for. */
export async function processPipelineAsync(
  pipelineConfig: Record<string, unknown>,
  context: PipelineStartContext,
  evaluator: ExpressionEvaluator,
  options: ProcessPipelineOptions = {},
): Promise<Record<string, unknown>> {
  const { body, stages, v4 } = pipelineParts(pipelineConfig);
  const result = await processAsync(body, startRoot(context), options.allowUnknownKeys ?? false, evaluator, options);
  if (v4) result["stages"] = stages;
  return result;
}
