import type { MannWhitneyResult } from "./mann-whitney.js";
import type { EffectSizeMeasure } from "./metric-settings.js";

/** Label of one metric. */
export type MetricLabel = "Pass" | "High" | "Low" | "Nodata" | "NodataFailMetric" | "Error";

/** The rule of the classifier that decided a label (Gennaker's explanation). */
export type DecidingRule =
  | "missing-data"
  | "missing-data-replaced"
  | "identical"
  | "single-value"
  | "interval-above-band"
  | "interval-below-band"
  | "interval-within-band"
  | "effect-size-below-allowed"
  | "direction-ignores-change"
  | "critical-effect-size"
  | "classification-error";

/** Output of a metric classifier. */
export interface MetricClassification {
  /** The label. */
  readonly classification: MetricLabel;
  /** Kayenta's reason text, or null. */
  readonly reason: string | null;
  /** Mean ratio experiment/control (1.0 for the shortcuts, NaN when a mean is 0). */
  readonly deviation: number;
  /** True only for a critical failure (Kayenta's classifier flag). */
  readonly critical: boolean;
  /** The rule that decided the label. */
  readonly rule: DecidingRule;
  /** Mann-Whitney interval, estimate, U and p-value when the test ran. */
  readonly mannWhitney?: MannWhitneyResult;
  /** Tolerance band half-width `tolerance · |estimate|` when the test ran. */
  readonly band?: number;
  /** Effect size used by the gate when the test ran. */
  readonly effectSize?: { readonly measure: EffectSizeMeasure; readonly value: number };
  /** Whether degenerate-data noise was added before the test. */
  readonly noiseAdded: boolean;
  /** Error message for `Error`. */
  readonly error?: string;
}
