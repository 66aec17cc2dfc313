import type { MetricStats } from "./descriptive-stats.js";
import type { DecidingRule, MetricLabel } from "./metric-classification.js";
import type { EffectSizeMeasure } from "./metric-settings.js";
import type { ScoreClassification } from "./weighted-sum-scorer.js";

/** Sample counts of one side through the transformations. */
export interface SampleCounts {
  /** Points received. */
  readonly raw: number;
  /** After the NaN policy. */
  readonly afterNaN: number;
  /** After outlier removal (equal to afterNaN when disabled). */
  readonly afterOutliers: number;
}

/** Gennaker's explanation of one metric verdict (beyond Kayenta's fields). */
export interface MetricExplanation {
  /** The rule that decided the label. */
  readonly rule: DecidingRule;
  /** Mann-Whitney U of the experiment at shift 0 (null when the test did not run). */
  readonly u: number | null;
  /** Two-sided p-value (normal approximation, continuity-corrected). */
  readonly pValue: number | null;
  /** Lower confidence bound of the shift experiment − control. */
  readonly lowerConfidence: number | null;
  /** Upper confidence bound. */
  readonly upperConfidence: number | null;
  /** Shift estimate. */
  readonly estimate: number | null;
  /** Tolerance band `[−b, +b]` with `b = tolerance · |estimate|`. */
  readonly lowerBound: number | null;
  /** Upper end of the tolerance band. */
  readonly upperBound: number | null;
  /** Confidence level used. */
  readonly confidenceLevel: number;
  /** Tolerance used. */
  readonly tolerance: number;
  /** Effect size used by the gate. */
  readonly effectSize: { readonly measure: EffectSizeMeasure; readonly value: number } | null;
  /** Sample counts of the experiment. */
  readonly experimentCounts: SampleCounts;
  /** Sample counts of the control. */
  readonly controlCounts: SampleCounts;
  /** Whether degenerate-data noise was added. */
  readonly noiseAdded: boolean;
  /** Error message when the classification is `Error`. */
  readonly error?: string;
}

/** Kayenta's `CanaryAnalysisResult` plus Gennaker's `explanation`. */
export interface CanaryAnalysisResult {
  /** Metric name. */
  readonly name: string;
  /** Metric set pair id (when given). */
  readonly id?: string;
  /** Tags of the pair. */
  readonly tags: Readonly<Record<string, string>>;
  /** Label. */
  readonly classification: MetricLabel;
  /** Reason, or null. */
  readonly classificationReason: string | null;
  /** Groups of the metric config. */
  readonly groups: readonly string[];
  /** Stats of the transformed experiment. */
  readonly experimentMetadata: { readonly stats: MetricStats };
  /** Stats of the transformed control. */
  readonly controlMetadata: { readonly stats: MetricStats };
  /** `{ratio}` (the deviation); null for `Error`, like Kayenta. */
  readonly resultMetadata: { readonly ratio: number } | null;
  /** Classifier's critical flag. */
  readonly critical: boolean;
  /** Whether the metric was muted. */
  readonly muted: boolean;
  /** Gennaker's explanation. */
  readonly explanation: MetricExplanation;
}

/** Kayenta's group score entry. */
export interface CanaryGroupScore {
  /** Group name. */
  readonly name: string;
  /** Unrounded score. */
  readonly score: number;
  /** Always "". */
  readonly classification: string;
  /** Always "". */
  readonly classificationReason: string;
}

/** Kayenta's `CanaryJudgeResult` plus Gennaker's `explanation`. */
export interface CanaryJudgeResult {
  /** Judge name. */
  readonly judgeName: string;
  /** Per-metric results in input order (muted included). */
  readonly results: readonly CanaryAnalysisResult[];
  /** Group scores. */
  readonly groupScores: readonly CanaryGroupScore[];
  /** Summary score and class. */
  readonly score: { readonly score: number; readonly classification: ScoreClassification; readonly classificationReason: string };
  /** Scoring explanation: effective weights, unrounded summary, thresholds. */
  readonly explanation: {
    readonly weights: Readonly<Record<string, number>>;
    readonly rawScore: number;
    readonly thresholds: { readonly pass: number; readonly marginal: number };
    readonly noDataGroups: readonly string[];
  };
}
