import { z } from "zod";

/** Metric-source-specific query object, polymorphic on `type`; kept as given. */
export const metricQuerySchema = z.looseObject({ type: z.string().optional() });

/** One metric definition of a canary config (Kayenta's `CanaryMetricConfig`). */
export const canaryMetricConfigSchema = z.looseObject({
  name: z.string(),
  query: metricQuerySchema.optional(),
  groups: z.array(z.string()).nullish().transform((g) => g ?? []),
  analysisConfigurations: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((a) => a ?? {}),
  scopeName: z
    .string()
    .nullish()
    .transform((s) => s ?? "default"),
});

/** Score thresholds `{pass, marginal}`. */
export const scoreThresholdsSchema = z.looseObject({ pass: z.number(), marginal: z.number() });

/** Classifier block: group weights (null counts as empty) and the unused config thresholds. */
export const classifierConfigSchema = z.looseObject({
  groupWeights: z
    .record(z.string(), z.number())
    .nullish()
    .transform((w) => w ?? {}),
  scoreThresholds: z.looseObject({ pass: z.number().nullish(), marginal: z.number().nullish() }).nullish(),
});

/** Judge selection; `judgeConfigurations` may carry Gennaker's `confidenceLevel` / `tolerance`. */
export const judgeConfigSchema = z.looseObject({
  name: z.string().nullish(),
  judgeConfigurations: z.record(z.string(), z.unknown()).nullish(),
});

/** Kayenta's `CanaryConfig` JSON as stored by Kayenta (unknown fields are kept). */
export const canaryConfigSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  configVersion: z.string().nullish(),
  applications: z.array(z.string()).nullish(),
  createdTimestamp: z.number().nullish(),
  updatedTimestamp: z.number().nullish(),
  createdTimestampIso: z.string().nullish(),
  updatedTimestampIso: z.string().nullish(),
  judge: judgeConfigSchema.nullish(),
  metrics: z.array(canaryMetricConfigSchema),
  templates: z.record(z.string(), z.string()).nullish(),
  classifier: classifierConfigSchema,
});

/** A parsed canary config. */
export type CanaryConfig = z.output<typeof canaryConfigSchema>;
/** A parsed metric definition. */
export type CanaryMetricConfig = z.output<typeof canaryMetricConfigSchema>;
/** Score thresholds. */
export type ScoreThresholds = z.output<typeof scoreThresholdsSchema>;
