/**
 * The Spinnaker pipeline config model: schemas, validation, normalisation and JSON Schema export.
 * @module
 */

export {
  /** Zod schema of a whole pipeline config (loose: unknown fields are kept). */
  PipelineConfigSchema,
  /** Zod schema of one stage config (loose: unknown fields form the stage context). */
  StageConfigSchema,
  /** Zod schema of a trigger (loose). */
  TriggerSchema,
  /** Zod schema of one `parameterConfig[]` entry (loose). */
  ParameterConfigSchema,
  /** Zod schema of a notification entry (loose). */
  NotificationSchema,
  /** Zod schema of a stage's `restrictedExecutionWindow` (loose). */
  ExecutionWindowSchema,
  /** Zod schema of one `restrictedExecutionWindow.whitelist[]` entry (loose). */
  TimeWindowSchema,
  /** Zod schema of `restrictedExecutionWindow.jitter` (loose). */
  JitterSchema,
  /** Zod schema of a stage's `stageEnabled` (loose). */
  StageEnabledSchema,
  /** Zod schema of a SpEL template (a string containing `${`) standing in for a typed field. */
  SpelTemplateSchema,
  /** Wraps a field schema so that a SpEL template is accepted in its place. */
  orExpression,
  /** Whether a value is a SpEL template (a string containing `${`), to be evaluated before use. */
  isSpelTemplate,
} from "./pipeline-config.js";
export type {
  /** A parsed pipeline config (defaults applied, unknown fields kept). */
  PipelineConfig,
  /** A parsed stage config. */
  StageConfig,
  /** A parsed trigger. */
  TriggerConfig,
  /** A parsed `parameterConfig[]` entry. */
  ParameterConfig,
  /** A parsed `restrictedExecutionWindow`. */
  ExecutionWindowConfig,
  /** A parsed `restrictedExecutionWindow.whitelist[]` entry. */
  TimeWindowConfig,
  /** A parsed notification entry. */
  NotificationConfig,
} from "./pipeline-config.js";

export {
  /** Validates pipeline config JSON, collecting every problem in document order. */
  validatePipelineConfig,
  /** Validates pipeline config JSON and returns it, or throws `PipelineValidationError` with every problem. */
  parsePipelineConfig,
} from "./validate.js";
export type {
  /** Options of `validatePipelineConfig` / `parsePipelineConfig`. */
  ValidatePipelineOptions,
  /** Result of `validatePipelineConfig`. */
  PipelineValidationResult,
} from "./validate.js";

export {
  /** Orca's linear refIds, string refIds, `name` defaulting; returns a new object. */
  normalizePipelineConfig,
  /** Fills parameters missing from a trigger with their declared defaults (Orca semantics). */
  applyParameterDefaults,
} from "./normalize.js";
export type {
  /** A pipeline config after `normalizePipelineConfig`. */
  NormalizedPipelineConfig,
  /** A stage after `normalizePipelineConfig`. */
  NormalizedStageConfig,
} from "./normalize.js";

export {
  /** JSON Schema of the pipeline config input format. */
  pipelineJsonSchema,
} from "./json-schema.js";

export {
  /** Formats path segments as a `$.stages[0].type`-style JSON path. */
  formatJsonPath,
} from "./json-path.js";
export type {
  /** One step of a JSON path: object key or array index. */
  PathSegment,
} from "./json-path.js";
