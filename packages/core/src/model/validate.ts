/**
 * Validation of pipeline config JSON: every problem of a document in one pass, in document order.
 * @module
 */
import { PipelineValidationError } from "../errors.js";
import type { ValidationProblem } from "../errors.js";
import { compareDocumentPositions, documentPosition, formatJsonPath } from "./json-path.js";
import { withSourceKeyOrder } from "./key-order.js";
import { PipelineConfigSchema } from "./pipeline-config.js";
import type { PipelineConfig } from "./pipeline-config.js";
import { checkStageGraph } from "./stage-graph-checks.js";
import { problemsFromZodIssues } from "./zod-problems.js";
import type { LocatedProblem } from "./zod-problems.js";

/** Options of {@link validatePipelineConfig} and {@link parsePipelineConfig}. */
export interface ValidatePipelineOptions {
  /** When given, stages whose `type` this returns false for are reported as `unknown_stage_type`. */
  isKnownStageType?: (type: string) => boolean;
}

/** Result of {@link validatePipelineConfig}: the parsed config, or every problem found. */
export type PipelineValidationResult =
  | { ok: true; config: PipelineConfig; problems: [] }
  | { ok: false; problems: ValidationProblem[] };

/**
 * Validates a pipeline config JSON value and collects every problem (type errors, missing stage
 * types, unknown stage types, refId / requisite / cycle problems, execution-window problems,
 * duplicate parameters), in document order. On success returns the parsed config: defaults applied,
 * unknown fields kept, keys in input order. Does not normalise (see `normalizePipelineConfig`).
 */
export function validatePipelineConfig(input: unknown, options: ValidatePipelineOptions = {}): PipelineValidationResult {
  const parsed = PipelineConfigSchema.safeParse(input);
  const located: LocatedProblem[] = parsed.success ? [] : problemsFromZodIssues(parsed.error.issues, input);
  if (isObject(input)) {
    located.push(...checkStageTypes(input["stages"], options.isKnownStageType));
    located.push(...checkStageGraph(input["stages"]));
    located.push(...checkParameterNames(input["parameterConfig"]));
  }
  if (located.length === 0 && parsed.success) {
    return { ok: true, config: withSourceKeyOrder(parsed.data, input), problems: [] };
  }
  return { ok: false, problems: inDocumentOrder(located, input) };
}

/**
 * Like {@link validatePipelineConfig}, but returns the parsed config directly.
 * @throws PipelineValidationError listing every problem, when the config is invalid.
 */
export function parsePipelineConfig(input: unknown, options: ValidatePipelineOptions = {}): PipelineConfig {
  const result = validatePipelineConfig(input, options);
  if (!result.ok) throw new PipelineValidationError(result.problems);
  return result.config;
}

function checkStageTypes(stages: unknown, isKnown: ((type: string) => boolean) | undefined): LocatedProblem[] {
  if (isKnown === undefined || !Array.isArray(stages)) return [];
  return stages.flatMap((stage: unknown, index): LocatedProblem[] => {
    const type = isObject(stage) ? stage["type"] : undefined;
    if (typeof type !== "string" || type === "" || isKnown(type)) return [];
    return [{ segments: ["stages", index, "type"], code: "unknown_stage_type", message: `unknown stage type ${JSON.stringify(type)}` }];
  });
}

function checkParameterNames(parameterConfig: unknown): LocatedProblem[] {
  if (!Array.isArray(parameterConfig)) return [];
  const firstIndex = new Map<string, number>();
  return parameterConfig.flatMap((parameter: unknown, index): LocatedProblem[] => {
    const name = isObject(parameter) ? parameter["name"] : undefined;
    if (typeof name !== "string" || name === "") return [];
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      return [];
    }
    return [
      {
        segments: ["parameterConfig", index, "name"],
        code: "duplicate_parameter",
        message: `duplicate parameter ${JSON.stringify(name)}, first declared at parameterConfig[${first}]`,
      },
    ];
  });
}

/** Sorts problems by where they occur in `input` (stable for problems at the same path). */
function inDocumentOrder(problems: LocatedProblem[], input: unknown): ValidationProblem[] {
  return problems
    .map((problem) => ({ problem, position: documentPosition(input, problem.segments) }))
    .sort((a, b) => compareDocumentPositions(a.position, b.position))
    .map(({ problem }) => ({ path: formatJsonPath(problem.segments), code: problem.code, message: problem.message }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
