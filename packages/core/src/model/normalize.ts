/**
 * Normalisation of a validated pipeline config into the shape the engine plans from, and Orca's
 * parameter defaulting.
 * @module
 */
import { PipelineValidationError } from "../errors.js";
import { cloneData } from "../execution/clone.js";
import type { ParameterConfig, PipelineConfig, StageConfig } from "./pipeline-config.js";

/** A stage after {@link normalizePipelineConfig}: refId, requisites and name are always present strings. */
export type NormalizedStageConfig = StageConfig & {
  /** The stage's refId, as a string. */
  refId: string;
  /** refIds of the stages this one waits for, as strings (empty for a root stage). */
  requisiteStageRefIds: string[];
  /** Display name; defaults to the stage type. */
  name: string;
};

/** A pipeline config after {@link normalizePipelineConfig}. */
export type NormalizedPipelineConfig = PipelineConfig & {
  /** The normalised stages, in config order. */
  stages: NormalizedStageConfig[];
};

/**
 * Returns a normalised deep copy of a validated config (the input is never modified):
 * - when no stage has a `refId`, stages get refIds `"0"`, `"1"`, … and each requires the previous
 *   one, replacing any `requisiteStageRefIds` (Orca's linear pipelines);
 * - numeric refIds and requisite ids become strings; a missing `requisiteStageRefIds` becomes `[]`;
 * - `name` defaults to `type`.
 *
 * A `null` `refId`, `requisiteStageRefIds` or `name` is treated like an absent one.
 *
 * Parameter defaults are not applied here (see {@link applyParameterDefaults}).
 * @throws PipelineValidationError (`missing_ref_id`) when some stages have a refId and others do not;
 * `validatePipelineConfig` reports that case, so it only happens for unvalidated input.
 */
export function normalizePipelineConfig(config: PipelineConfig): NormalizedPipelineConfig {
  const copy = cloneData(config);
  const linear = copy.stages.every((stage) => stage.refId === undefined || stage.refId === null);
  if (!linear) {
    const missing = copy.stages.flatMap((stage, index) =>
      stage.refId === undefined || stage.refId === null
        ? [{ path: `$.stages[${index}].refId`, code: "missing_ref_id", message: "stage has no refId, but other stages do" }]
        : [],
    );
    if (missing.length > 0) throw new PipelineValidationError(missing);
  }
  const stages = copy.stages.map((stage, index): NormalizedStageConfig => ({
    ...stage,
    refId: linear ? String(index) : String(stage.refId),
    requisiteStageRefIds: linear
      ? index === 0
        ? []
        : [String(index - 1)]
      : (stage.requisiteStageRefIds ?? []).map((id) => String(id)),
    name: stage.name ?? stage.type,
  }));
  return { ...copy, stages };
}

/**
 * Orca's parameter defaulting at launch: returns a copy of `parameters` in which every parameter
 * declared in `parameterConfig` but missing from `parameters` is set to its `default` (`null` when it
 * declares none). Only missing keys are filled: explicit values, including `""`, `false`, `0` and
 * `null`, are kept. `required` and `options` are not enforced (Orca leaves that to Deck / echo).
 */
export function applyParameterDefaults(
  parameterConfig: readonly ParameterConfig[] | null | undefined,
  parameters: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...parameters };
  for (const parameter of parameterConfig ?? []) {
    if (!Object.hasOwn(result, parameter.name)) {
      Object.defineProperty(result, parameter.name, {
        value: parameter.default === undefined ? null : parameter.default,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return result;
}
