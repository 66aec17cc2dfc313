import { z } from "zod";
import { canaryConfigSchema, scoreThresholdsSchema } from "./canary-config-schema.js";

/** A metric value as archived by Kayenta: a number, `null` or `"NaN"` (both NaN), or ±Infinity. */
export const metricValueSchema = z.union([
  z.number(),
  z.null().transform(() => Number.NaN),
  z.enum(["NaN", "Infinity", "-Infinity"]).transform((s) => Number(s)),
]);

/**
 * A series of metric values, validated in one pass (a per-element union is slow for long series);
 * an invalid element is reported at its index.
 */
const seriesSchema = z.array(z.unknown()).transform((values, ctx) => {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") out[i] = v;
    else if (v === null || v === "NaN") out[i] = Number.NaN;
    else if (v === "Infinity") out[i] = Number.POSITIVE_INFINITY;
    else if (v === "-Infinity") out[i] = Number.NEGATIVE_INFINITY;
    else {
      ctx.addIssue({ code: "custom", path: [i], message: `expected a number, null or "NaN", got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
  }
  return out;
});

/**
 * A metric set pair: either Kayenta's archived shape `{name, id, tags, values: {control,
 * experiment}}` or the flat `{name, id?, control, experiment}` of the conformance corpus.
 */
export const metricSetPairSchema = z
  .looseObject({
    name: z.string(),
    id: z.string().nullish(),
    tags: z.record(z.string(), z.string()).nullish(),
    values: z.looseObject({ control: seriesSchema, experiment: seriesSchema }).optional(),
    control: seriesSchema.optional(),
    experiment: seriesSchema.optional(),
  })
  .superRefine((pair, ctx) => {
    if (pair.values !== undefined) return;
    if (pair.control === undefined) ctx.addIssue({ code: "custom", path: ["control"], message: "missing series (control or values.control)" });
    if (pair.experiment === undefined) ctx.addIssue({ code: "custom", path: ["experiment"], message: "missing series (experiment or values.experiment)" });
  })
  .transform((pair) => ({
    name: pair.name,
    id: pair.id ?? undefined,
    tags: pair.tags ?? {},
    control: pair.values?.control ?? pair.control ?? [],
    experiment: pair.values?.experiment ?? pair.experiment ?? [],
  }));

/** Judge options beyond Kayenta: noise seed and default confidence level / tolerance. */
export const judgeOptionsSchema = z.looseObject({
  seed: z.number().int().optional(),
  confidenceLevel: z.number().gt(0).lt(1).optional(),
  tolerance: z.number().min(0).optional(),
});

/** The judge input of the conformance corpus: `{config, metrics, thresholds, options?}`. */
export const judgeInputSchema = z.looseObject({
  config: canaryConfigSchema,
  metrics: z.array(metricSetPairSchema),
  thresholds: scoreThresholdsSchema,
  options: judgeOptionsSchema.optional(),
});

/** A parsed metric set pair. */
export type MetricSetPair = z.output<typeof metricSetPairSchema>;
/** Raw (unparsed) metric set pair as accepted by the schema. */
export type MetricSetPairInput = z.input<typeof metricSetPairSchema>;
/** Parsed judge options. */
export type JudgeOptions = z.output<typeof judgeOptionsSchema>;
/** A parsed judge input. */
export type JudgeInput = z.output<typeof judgeInputSchema>;
