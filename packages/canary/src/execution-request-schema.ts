import { z } from "zod";
import { canaryConfigSchema, scoreThresholdsSchema } from "./canary-config-schema.js";

/** One side of a scope (`controlScope` / `experimentScope`); `step` in seconds. */
export const canaryScopeSchema = z.looseObject({
  scope: z.string(),
  location: z.string().nullish(),
  start: z.string(),
  end: z.string(),
  step: z.number().positive().default(60),
  extendedScopeParams: z.record(z.string(), z.string()).nullish().transform((p) => p ?? {}),
});

/** A named scope pair. */
export const canaryScopePairSchema = z.looseObject({
  controlScope: canaryScopeSchema,
  experimentScope: canaryScopeSchema,
});

/** Kayenta's `CanaryExecutionRequest` (`thresholds` mandatory). */
export const canaryExecutionRequestSchema = z.looseObject({
  scopes: z.record(z.string(), canaryScopePairSchema),
  thresholds: scoreThresholdsSchema,
  metadata: z.array(z.unknown()).nullish(),
  siteLocal: z.record(z.string(), z.unknown()).nullish(),
});

/** Ad hoc execution: `POST /canary` with `{canaryConfig, executionRequest}`. */
export const adhocExecutionSchema = z.looseObject({
  canaryConfig: canaryConfigSchema,
  executionRequest: canaryExecutionRequestSchema,
});

/** A parsed scope. */
export type CanaryScope = z.output<typeof canaryScopeSchema>;
/** A parsed execution request. */
export type CanaryExecutionRequest = z.output<typeof canaryExecutionRequestSchema>;
