/**
 * Zod schemas for Spinnaker pipeline config JSON, as Orca consumes it (engine spec §1.4, §1.5, §4.4).
 *
 * Every object schema is loose: fields the schema does not know are kept as given, so a config read
 * and written back round-trips. Only the fields the engine reads are typed.
 *
 * Two Spinnaker habits shape every field:
 * - typed fields (numbers, booleans, enums, arrays) may hold a SpEL template such as
 *   `"${parameters.timeout}"` instead, evaluated at launch or stage start (see {@link orExpression});
 * - Deck and Orca write `null` for unset fields, so every optional field accepts `null` (kept as
 *   given), and a field with a default treats `null` like absent (see {@link withDefault}).
 * @module
 */
import { z } from "zod";

/**
 * Whether `value` is a SpEL template: a string containing `${`. Such a value stands in for a typed
 * field and is only checked once the expression has been evaluated.
 */
export function isSpelTemplate(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/**
 * `params` of the issue raised by {@link SpelTemplateSchema}; `zod-problems` recognises the
 * expression branch of an {@link orExpression} union by it.
 */
export const SPEL_TEMPLATE_ISSUE_PARAMS = { spelTemplate: true } as const;

/** A SpEL template (a string containing `${`) standing in for a typed field. */
export const SpelTemplateSchema = z
  .custom<string>(isSpelTemplate, { params: SPEL_TEMPLATE_ISSUE_PARAMS, abort: true })
  .meta({ type: "string", pattern: "\\$\\{", description: 'SpEL template ("${...}"), evaluated by the engine' });

/**
 * `schema`, or a SpEL template in its place. Wrap every number, integer, boolean, enum and array
 * field with this: Spinnaker evaluates such fields at launch or stage start, so
 * `"stageTimeoutMs": "${parameters.timeout}"` is valid. A string without `${` is still rejected (as
 * `invalid_type`, with a message saying an expression is allowed too); range and element problems of
 * a non-string value are reported as if `schema` stood alone.
 */
export function orExpression<T extends z.ZodType>(schema: T): z.ZodUnion<[T, typeof SpelTemplateSchema]> {
  return z.union([schema, SpelTemplateSchema]);
}

/**
 * An optional field with a default: absent and `null` both give `value` (Deck and Orca write nulls
 * for unset fields). The JSON Schema of the input still shows the default.
 */
export function withDefault<T extends z.ZodType>(schema: T, value: z.output<T>) {
  return schema
    .nullable()
    .default(value as never)
    .transform((given): z.output<T> => (given === null ? value : (given as z.output<T>)));
}

/** A refId as found in Spinnaker JSON: normally a string, sometimes a number (normalised to string later). */
const RefIdSchema = z.union([z.string(), z.number()]);

/**
 * Zones {@link isKnownTimeZone} accepted. Making a formatter to find out takes some 100 µs, and the
 * answer never changes; only a bounded number is kept (case variants of a name are accepted too).
 */
const knownTimeZones = new Set<string>();
const KNOWN_TIME_ZONES_MAX = 1_000;

/** Whether `zone` is an IANA time-zone name this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
  if (knownTimeZones.size < KNOWN_TIME_ZONES_MAX) knownTimeZones.add(zone);
  return true;
}

/** Whether a window's `whitelist` or `days` value allows nothing: absent, `null` or `[]`. */
function isEmptyWindowList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One allowed time-of-day window of an execution window; hours 0-23, minutes 0-59, all inclusive. */
export const TimeWindowSchema = z.looseObject({
  startHour: orExpression(z.number().int().min(0).max(23)),
  startMin: orExpression(z.number().int().min(0).max(59)),
  endHour: orExpression(z.number().int().min(0).max(23)),
  endMin: orExpression(z.number().int().min(0).max(59)),
});

/** Random extra delay (seconds) after an execution window opens. */
export const JitterSchema = z
  .looseObject({
    enabled: orExpression(z.boolean()).nullish(),
    minDelay: orExpression(z.number().min(0)).nullish(),
    maxDelay: orExpression(z.number().min(0)).nullish(),
    skipManual: orExpression(z.boolean()).nullish(),
  })
  .superRefine((jitter, ctx) => {
    const { minDelay, maxDelay } = jitter;
    if (typeof minDelay === "number" && typeof maxDelay === "number" && maxDelay < minDelay) {
      ctx.addIssue({
        code: "custom",
        path: ["maxDelay"],
        input: maxDelay,
        message: `maxDelay (${maxDelay}) must not be less than minDelay (${minDelay})`,
        params: { code: "invalid_window" },
      });
    }
  });

/**
 * `restrictedExecutionWindow` of a stage. `days` use Java Calendar numbering (1 = Sunday … 7 =
 * Saturday). `timezone` is a Gennaker extension: an IANA zone name overriding the engine's zone.
 */
export const ExecutionWindowSchema = z.looseObject({
  whitelist: orExpression(z.array(TimeWindowSchema)).nullish(),
  days: orExpression(z.array(z.number().int().min(1).max(7))).nullish(),
  jitter: JitterSchema.nullish(),
  timezone: z
    .string()
    .refine((zone) => isSpelTemplate(zone) || isKnownTimeZone(zone), {
      error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}`,
      params: { code: "unknown_time_zone" },
    })
    .nullish(),
});

/** A notification entry (pipeline- or stage-level), acted on by echo. */
export const NotificationSchema = z.looseObject({
  type: z.string().nullish(),
  address: z.string().nullish(),
  when: orExpression(z.array(z.string())).nullish(),
  message: z.record(z.string(), z.unknown()).nullish(),
  level: z.string().nullish(),
});

/** `stageEnabled`: `{type: "expression", expression: "<SpEL without ${}>"}`. */
export const StageEnabledSchema = z.looseObject({
  type: z.string().nullish(),
  expression: z.string().nullish(),
});

/**
 * One stage of a pipeline config. Only `type` is required; everything else stays in the stage context.
 * `requisiteStageRefIds` takes no SpEL template: the stage graph is built before anything is evaluated.
 *
 * A stage with `restrictExecutionDuringTimeWindow: true` whose window has neither `whitelist` entries
 * nor `days` (both absent, `null` or `[]`) is reported as `invalid_window` at
 * `restrictedExecutionWindow`: it could never run. This is checked even when the stage has other
 * problems, and skipped when either list (or the flag) is a SpEL template.
 */
export const StageConfigSchema = z
  .looseObject({
    type: z.string().min(1),
    refId: RefIdSchema.nullish(),
    name: z.string().nullish(),
    requisiteStageRefIds: z.array(RefIdSchema).nullish(),
    stageEnabled: StageEnabledSchema.nullish(),
    failPipeline: orExpression(z.boolean()).nullish(),
    continuePipeline: orExpression(z.boolean()).nullish(),
    completeOtherBranchesThenFail: orExpression(z.boolean()).nullish(),
    failOnFailedExpressions: orExpression(z.boolean()).nullish(),
    restrictExecutionDuringTimeWindow: orExpression(z.boolean()).nullish(),
    restrictedExecutionWindow: ExecutionWindowSchema.nullish(),
    stageTimeoutMs: orExpression(z.number().min(0)).nullish(),
    backoffPeriodMs: orExpression(z.number().min(0)).nullish(),
    markSuccessfulOnTimeout: orExpression(z.boolean()).nullish(),
    notifications: orExpression(z.array(NotificationSchema)).nullish(),
    sendNotifications: orExpression(z.boolean()).nullish(),
    comments: z.string().nullish(),
    manualSkip: orExpression(z.boolean()).nullish(),
    skipRemainingWait: orExpression(z.boolean()).nullish(),
    startTimeExpiry: orExpression(z.number()).nullish(),
  })
  .superRefine(
    (stage, ctx) => {
      if (restrictedToNoWindow(stage)) {
        ctx.addIssue({
          code: "custom",
          path: ["restrictedExecutionWindow"],
          input: stage.restrictedExecutionWindow,
          message: "no allowed days or hours: the stage could never run",
          params: { code: "invalid_window" },
        });
      }
    },
    // Also run when other fields of the stage failed, so every problem is reported in one pass.
    { when: (payload) => isObject(payload.value) },
  );

/**
 * The rule of {@link StageConfigSchema} across fields: whether a parsed stage is restricted to an
 * execution window that allows nothing (a window of another type is a type error, not this).
 * Shared with the launch's one-pass reader of configs (`parse-normalized.ts`).
 */
export function restrictedToNoWindow(stage: { restrictExecutionDuringTimeWindow?: unknown; restrictedExecutionWindow?: unknown }): boolean {
  if (stage.restrictExecutionDuringTimeWindow !== true) return false;
  const window: unknown = stage.restrictedExecutionWindow;
  if (window !== undefined && window !== null && !isObject(window)) return false;
  return isEmptyWindowList(window?.["whitelist"]) && isEmptyWindowList(window?.["days"]);
}

/** A trigger: either a configured trigger in `triggers[]` or the trigger an execution was started with. */
export const TriggerSchema = z.looseObject({
  type: z.string().nullish(),
  user: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  artifacts: orExpression(z.array(z.unknown())).nullish(),
  correlationId: z.string().nullish(),
  notifications: orExpression(z.array(NotificationSchema)).nullish(),
  dryRun: orExpression(z.boolean()).nullish(),
  enabled: orExpression(z.boolean()).nullish(),
  pipeline: z.string().nullish(),
  status: orExpression(z.array(z.string())).nullish(),
  parentExecution: z.looseObject({}).nullish(),
  parentPipelineStageId: z.string().nullish(),
});

/** One entry of `parameterConfig[]`. Orca only uses `name` and `default`. */
export const ParameterConfigSchema = z.looseObject({
  name: z.string().min(1),
  default: z.unknown().optional(),
  description: z.string().nullish(),
  required: orExpression(z.boolean()).nullish(),
  options: orExpression(z.array(z.looseObject({ value: z.unknown().optional() }))).nullish(),
  label: z.string().nullish(),
  pinned: orExpression(z.boolean()).nullish(),
  hasOptions: orExpression(z.boolean()).nullish(),
});

/**
 * A whole pipeline config as saved in front50 / posted to `/orchestrate`. `stages` and
 * `parameterConfig` take no SpEL template: the stage graph and the parameters expressions are
 * evaluated against must be known before anything is evaluated.
 */
export const PipelineConfigSchema = z.looseObject({
  id: z.string().nullish(),
  application: z.string().nullish(),
  name: z.string().nullish(),
  executionId: z.string().nullish(),
  stages: z.array(StageConfigSchema),
  triggers: orExpression(z.array(TriggerSchema)).nullish(),
  parameterConfig: z.array(ParameterConfigSchema).nullish(),
  limitConcurrent: withDefault(orExpression(z.boolean()), false),
  maxConcurrentExecutions: withDefault(orExpression(z.number().int().min(0)), 0),
  keepWaitingPipelines: withDefault(orExpression(z.boolean()), false),
  notifications: orExpression(z.array(NotificationSchema)).nullish(),
  spelEvaluator: orExpression(z.enum(["v2", "v3", "v4"])).nullish(),
  disabled: orExpression(z.boolean()).nullish(),
  expectedArtifacts: orExpression(z.array(z.looseObject({}))).nullish(),
  templateVariables: z.record(z.string(), z.unknown()).nullish(),
  initialConfig: z.record(z.string(), z.unknown()).nullish(),
  startTimeExpiry: orExpression(z.number()).nullish(),
  origin: z.string().nullish(),
});

/** A parsed pipeline config (defaults applied, unknown fields kept). */
export type PipelineConfig = z.output<typeof PipelineConfigSchema>;
/** A parsed stage config (unknown fields kept; they form the stage context). */
export type StageConfig = z.output<typeof StageConfigSchema>;
/** A parsed trigger (unknown fields kept). */
export type TriggerConfig = z.output<typeof TriggerSchema>;
/** A parsed `parameterConfig[]` entry. */
export type ParameterConfig = z.output<typeof ParameterConfigSchema>;
/** A parsed `restrictedExecutionWindow`. */
export type ExecutionWindowConfig = z.output<typeof ExecutionWindowSchema>;
/** A parsed `restrictedExecutionWindow.whitelist[]` entry. */
export type TimeWindowConfig = z.output<typeof TimeWindowSchema>;
/** A parsed notification entry. */
export type NotificationConfig = z.output<typeof NotificationSchema>;
