import { type CanaryConfig, type ScoreThresholds, canaryConfigSchema, scoreThresholdsSchema } from "./canary-config-schema.js";
import { describe } from "./descriptive-stats.js";
import { JudgeNotFoundError, MetricConfigNotFoundError, OutlierFactorError } from "./errors.js";
import { type GaussianSource, createGaussianSource } from "./gaussian-source.js";
import { type JudgeInput, type JudgeOptions, type MetricSetPair, judgeInputSchema, metricSetPairSchema } from "./judge-input-schema.js";
import type { CanaryAnalysisResult, CanaryJudgeResult, SampleCounts } from "./judge-result.js";
import { MannWhitneyClassifier } from "./mann-whitney-classifier.js";
import { DEFAULT_CONFIDENCE_LEVEL, DEFAULT_TOLERANCE, type MetricSettings, readMetricSettings } from "./metric-settings.js";
import { IqrOutlierDetector } from "./outlier-detectors.js";
import { parseWith } from "./parse.js";
import { removeNaNs, removeOutliers, replaceNaNs } from "./transforms.js";
import { classifyScore, scoreResults } from "./weighted-sum-scorer.js";

/** Name of the default (and only registered) judge. */
export const NETFLIX_ACA_JUDGE = "NetflixACAJudge-v1.0";

/** Options of one judgement. */
export interface JudgeRunOptions {
  /** Seed of the java.util.Random emulation used for degenerate-data noise. */
  readonly seed?: number;
  /** A custom Gaussian source (overrides `seed`). */
  readonly gaussianSource?: GaussianSource;
  /** Default confidence level when neither the config nor the metric sets one (0.98). */
  readonly confidenceLevel?: number;
  /** Default tolerance when neither the config nor the metric sets one (0.25). */
  readonly tolerance?: number;
}

function transformSide(values: readonly number[], settings: MetricSettings, detector: IqrOutlierDetector | null): { values: number[]; counts: SampleCounts } {
  const afterNan = settings.nanStrategy === "replace" ? replaceNaNs(values, 0) : removeNaNs(values);
  const afterOutliers = detector === null ? afterNan : removeOutliers(afterNan, detector);
  return { values: afterOutliers, counts: { raw: values.length, afterNaN: afterNan.length, afterOutliers: afterOutliers.length } };
}

function configLevelDefaults(config: CanaryConfig, options: JudgeRunOptions): { confidenceLevel: number; tolerance: number } {
  const jc = config.judge?.judgeConfigurations ?? {};
  const pick = (key: "confidenceLevel" | "tolerance", fallback: number): number => {
    const v = jc[key];
    return typeof v === "number" ? v : (options[key] ?? fallback);
  };
  return { confidenceLevel: pick("confidenceLevel", DEFAULT_CONFIDENCE_LEVEL), tolerance: pick("tolerance", DEFAULT_TOLERANCE) };
}

/**
 * Runs Kayenta's NetflixACAJudge-v1.0 on parsed inputs: per metric set pair (input order) the
 * transforms, stats and Mann-Whitney classification, then weighted-sum scoring and the score class.
 *
 * Throws {@link MetricConfigNotFoundError}, {@link CanarySettingTypeError},
 * {@link OutlierFactorError} or {@link JudgeNotFoundError} where Kayenta's judgement fails.
 */
export function runJudge(
  config: CanaryConfig,
  pairs: readonly MetricSetPair[],
  thresholds: ScoreThresholds,
  options: JudgeRunOptions = {},
): CanaryJudgeResult {
  const judgeName = config.judge?.name;
  if (judgeName !== undefined && judgeName !== null && judgeName !== "" && judgeName !== NETFLIX_ACA_JUDGE) throw new JudgeNotFoundError(judgeName);
  const rng = options.gaussianSource ?? createGaussianSource(options.seed);
  const defaults = configLevelDefaults(config, options);

  const results: CanaryAnalysisResult[] = pairs.map((pair, pairIndex) => {
    const metricIndex = config.metrics.findIndex((m) => m.name === pair.name);
    if (metricIndex < 0) throw new MetricConfigNotFoundError(pair.name, ["metrics", pairIndex, "name"]);
    const metric = config.metrics[metricIndex]!;
    const basePath = ["config", "metrics", metricIndex, "analysisConfigurations"];
    const settings = readMetricSettings(metric.analysisConfigurations, basePath, defaults);
    let detector: IqrOutlierDetector | null = null;
    if (settings.removeOutliers) {
      if (!(settings.outlierFactor > 0)) throw new OutlierFactorError([...basePath, "canary", "outliers", "outlierFactor"], settings.outlierFactor);
      detector = new IqrOutlierDetector(settings.outlierFactor, true);
    }
    const experiment = transformSide(pair.experiment, settings, detector);
    const control = transformSide(pair.control, settings, detector);
    const classifier = new MannWhitneyClassifier(
      {
        tolerance: settings.tolerance,
        confLevel: settings.confidenceLevel,
        effectSizeThresholds: [settings.allowedDecrease, settings.allowedIncrease],
        criticalThresholds: [settings.criticalDecrease, settings.criticalIncrease],
        effectSizeMeasure: settings.effectSizeMeasure,
      },
      rng,
    );
    const c = classifier.classify({
      name: pair.name,
      control: control.values,
      experiment: experiment.values,
      direction: settings.direction,
      nanStrategy: settings.nanStrategy,
      isCriticalMetric: settings.critical,
      isDataRequired: settings.mustHaveData,
    });
    const mw = c.mannWhitney;
    const result: CanaryAnalysisResult = {
      name: pair.name,
      ...(pair.id !== undefined ? { id: pair.id } : {}),
      tags: pair.tags,
      classification: c.classification,
      classificationReason: c.reason,
      groups: metric.groups,
      experimentMetadata: { stats: describe(experiment.values) },
      controlMetadata: { stats: describe(control.values) },
      resultMetadata: c.classification === "Error" ? null : { ratio: c.deviation },
      critical: c.critical,
      muted: settings.muted,
      explanation: {
        rule: c.rule,
        u: mw?.u ?? null,
        pValue: mw?.pValue ?? null,
        lowerConfidence: mw?.lower ?? null,
        upperConfidence: mw?.upper ?? null,
        estimate: mw?.estimate ?? null,
        lowerBound: c.band === undefined ? null : -c.band,
        upperBound: c.band ?? null,
        confidenceLevel: settings.confidenceLevel,
        tolerance: settings.tolerance,
        effectSize: c.effectSize ?? null,
        experimentCounts: experiment.counts,
        controlCounts: control.counts,
        noiseAdded: c.noiseAdded,
        ...(c.error !== undefined ? { error: c.error } : {}),
      },
    };
    return result;
  });

  const scored = results.filter((r) => !r.muted);
  const score = scoreResults(scored, config.classifier.groupWeights);
  return {
    judgeName: NETFLIX_ACA_JUDGE,
    results,
    groupScores: score.groupScores.map((g) => ({ name: g.name, score: g.score, classification: "", classificationReason: "" })),
    score: { score: score.summaryScore, classification: classifyScore(score.summaryScore, thresholds), classificationReason: score.reason },
    explanation: {
      weights: score.weights,
      rawScore: score.rawSummaryScore,
      thresholds: { pass: thresholds.pass, marginal: thresholds.marginal },
      noDataGroups: score.groupScores.filter((g) => g.noData).map((g) => g.name),
    },
  };
}

/**
 * Validates and judges an input shaped like `reference-cases.json`'s `input`
 * (`{config, metrics, thresholds, options?}`). Bad input throws {@link CanaryValidationError}
 * naming the field.
 */
export function judge(input: unknown, options: JudgeRunOptions = {}): CanaryJudgeResult {
  const parsed: JudgeInput = parseWith(judgeInputSchema, input);
  const o: JudgeOptions = parsed.options ?? {};
  return runJudge(parsed.config, parsed.metrics, parsed.thresholds, {
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.confidenceLevel !== undefined ? { confidenceLevel: o.confidenceLevel } : {}),
    ...(o.tolerance !== undefined ? { tolerance: o.tolerance } : {}),
    ...options,
  });
}

/** Parses a Kayenta canary config, throwing {@link CanaryValidationError} naming the field. */
export function parseCanaryConfig(input: unknown): CanaryConfig {
  return parseWith(canaryConfigSchema, input);
}

/** Parses score thresholds `{pass, marginal}`. */
export function parseScoreThresholds(input: unknown): ScoreThresholds {
  return parseWith(scoreThresholdsSchema, input, ["thresholds"]);
}

/** Parses one metric set pair (archived or flat shape). */
export function parseMetricSetPair(input: unknown): MetricSetPair {
  return parseWith(metricSetPairSchema, input);
}
