/**
 * Zod schemas for Spinnaker pipeline config JSON, as Orca consumes it (engine spec §1.4, §1.5, §4.4).
 *
 * Every object schema is loose: fields the schema does not know are kept as given, so a config read
 * and written back round-trips. Only the fields the engine reads are typed.
 * @module
 */
import { z } from "zod";

/** A refId as found in Spinnaker JSON: normally a string, sometimes a number (normalised to string later). */
const RefIdSchema = z.union([z.string(), z.number()]);

/** Whether `zone` is an IANA time-zone name this runtime knows. */
function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** One allowed time-of-day window of an execution window; hours 0-23, minutes 0-59, all inclusive. */
export const TimeWindowSchema = z.looseObject({
  startHour: z.number().int().min(0).max(23),
  startMin: z.number().int().min(0).max(59),
  endHour: z.number().int().min(0).max(23),
  endMin: z.number().int().min(0).max(59),
});

/** Random extra delay (seconds) after an execution window opens. */
export const JitterSchema = z
  .looseObject({
    enabled: z.boolean().optional(),
    minDelay: z.number().min(0).optional(),
    maxDelay: z.number().min(0).optional(),
    skipManual: z.boolean().optional(),
  })
  .superRefine((jitter, ctx) => {
    if (jitter.minDelay !== undefined && jitter.maxDelay !== undefined && jitter.maxDelay < jitter.minDelay) {
      ctx.addIssue({
        code: "custom",
        path: ["maxDelay"],
        input: jitter.maxDelay,
        message: `maxDelay (${jitter.maxDelay}) must not be less than minDelay (${jitter.minDelay})`,
        params: { code: "invalid_window" },
      });
    }
  });

/**
 * `restrictedExecutionWindow` of a stage. `days` use Java Calendar numbering (1 = Sunday … 7 =
 * Saturday). `timezone` is a Gennaker extension: an IANA zone name overriding the engine's zone.
 */
export const ExecutionWindowSchema = z.looseObject({
  whitelist: z.array(TimeWindowSchema).optional(),
  days: z.array(z.number().int().min(1).max(7)).optional(),
  jitter: JitterSchema.optional(),
  timezone: z
    .string()
    .refine(isKnownTimeZone, {
      error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}`,
      params: { code: "unknown_time_zone" },
    })
    .optional(),
});

/** A notification entry (pipeline- or stage-level), acted on by echo. */
export const NotificationSchema = z.looseObject({
  type: z.string().optional(),
  address: z.string().optional(),
  when: z.array(z.string()).optional(),
  message: z.record(z.string(), z.unknown()).optional(),
  level: z.string().optional(),
});

/** `stageEnabled`: `{type: "expression", expression: "<SpEL without ${}>"}`. */
export const StageEnabledSchema = z.looseObject({
  type: z.string().optional(),
  expression: z.string().optional(),
});

/** One stage of a pipeline config. Only `type` is required; everything else stays in the stage context. */
export const StageConfigSchema = z.looseObject({
  type: z.string().min(1),
  refId: RefIdSchema.optional(),
  name: z.string().optional(),
  requisiteStageRefIds: z.array(RefIdSchema).optional(),
  stageEnabled: StageEnabledSchema.optional(),
  failPipeline: z.boolean().optional(),
  continuePipeline: z.boolean().optional(),
  completeOtherBranchesThenFail: z.boolean().optional(),
  failOnFailedExpressions: z.boolean().optional(),
  restrictExecutionDuringTimeWindow: z.boolean().optional(),
  restrictedExecutionWindow: ExecutionWindowSchema.optional(),
  stageTimeoutMs: z.number().min(0).optional(),
  backoffPeriodMs: z.number().min(0).optional(),
  markSuccessfulOnTimeout: z.boolean().optional(),
  notifications: z.array(NotificationSchema).optional(),
  sendNotifications: z.boolean().optional(),
  comments: z.string().optional(),
  manualSkip: z.boolean().optional(),
  skipRemainingWait: z.boolean().optional(),
  startTimeExpiry: z.number().optional(),
});

/** A trigger: either a configured trigger in `triggers[]` or the trigger an execution was started with. */
export const TriggerSchema = z.looseObject({
  type: z.string().optional(),
  user: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  artifacts: z.array(z.unknown()).optional(),
  correlationId: z.string().optional(),
  notifications: z.array(NotificationSchema).optional(),
  dryRun: z.boolean().optional(),
  enabled: z.boolean().optional(),
  pipeline: z.string().optional(),
  status: z.array(z.string()).optional(),
  parentExecution: z.looseObject({}).optional(),
  parentPipelineStageId: z.string().optional(),
});

/** One entry of `parameterConfig[]`. Orca only uses `name` and `default`. */
export const ParameterConfigSchema = z.looseObject({
  name: z.string().min(1),
  default: z.unknown().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  options: z.array(z.looseObject({ value: z.unknown().optional() })).optional(),
  label: z.string().optional(),
  pinned: z.boolean().optional(),
  hasOptions: z.boolean().optional(),
});

/** A whole pipeline config as saved in front50 / posted to `/orchestrate`. */
export const PipelineConfigSchema = z.looseObject({
  id: z.string().optional(),
  application: z.string().optional(),
  name: z.string().optional(),
  executionId: z.string().optional(),
  stages: z.array(StageConfigSchema),
  triggers: z.array(TriggerSchema).optional(),
  parameterConfig: z.array(ParameterConfigSchema).optional(),
  limitConcurrent: z.boolean().default(false),
  maxConcurrentExecutions: z.number().int().min(0).default(0),
  keepWaitingPipelines: z.boolean().default(false),
  notifications: z.array(NotificationSchema).optional(),
  spelEvaluator: z.enum(["v2", "v3", "v4"]).optional(),
  disabled: z.boolean().optional(),
  expectedArtifacts: z.array(z.looseObject({})).optional(),
  templateVariables: z.record(z.string(), z.unknown()).optional(),
  initialConfig: z.record(z.string(), z.unknown()).optional(),
  startTimeExpiry: z.number().optional(),
  origin: z.string().optional(),
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
