/**
 * `@gennaker/canary`: Kayenta's automated canary analysis for TypeScript.
 *
 * @packageDocumentation
 */
export * from "./errors.js";
export { type CanaryConfig, type CanaryMetricConfig, type ScoreThresholds, canaryConfigSchema, canaryMetricConfigSchema, classifierConfigSchema, judgeConfigSchema, metricQuerySchema, scoreThresholdsSchema } from "./canary-config-schema.js";
export { type JudgeInput, type JudgeOptions, type MetricSetPair, type MetricSetPairInput, judgeInputSchema, judgeOptionsSchema, metricSetPairSchema, metricValueSchema } from "./judge-input-schema.js";
export { type CanaryExecutionRequest, type CanaryScope, adhocExecutionSchema, canaryExecutionRequestSchema, canaryScopePairSchema, canaryScopeSchema } from "./execution-request-schema.js";
export { parseWith } from "./parse.js";
export { DEFAULT_CONFIDENCE_LEVEL, DEFAULT_OUTLIER_FACTOR, DEFAULT_TOLERANCE, type EffectSizeMeasure, type MetricDirection, type MetricSettings, type NanStrategy, type SettingDefaults, readMetricSettings } from "./metric-settings.js";
export { type MetricStats, describe, mean, variance } from "./descriptive-stats.js";
export { percentile, percentileOfSorted } from "./percentile.js";
export { erfInv, normalCdf, normalQuantile } from "./normal-distribution.js";
export { zeroin } from "./zeroin.js";
export { MANN_WHITNEY_MAX_ITERATIONS, MANN_WHITNEY_ROOT_TOLERANCE, type MannWhitneyResult, WilcoxonShiftStatistic, intervalQuantiles, mannWhitney, mannWhitneyIntermediates, wilcoxonDiff } from "./mann-whitney.js";
export { cles, cohenD, compareTotal, meanRatio } from "./effect-size.js";
export { JavaRandom } from "./java-random.js";
export { DEFAULT_NOISE_SEED, type GaussianSource, createGaussianSource } from "./gaussian-source.js";
export { roundHalfUp } from "./half-up.js";
export { IqrOutlierDetector, KSigmaOutlierDetector, type OutlierDetector } from "./outlier-detectors.js";
export { removeNaNs, removeOutliers, replaceNaNs } from "./transforms.js";
export type { DecidingRule, MetricClassification, MetricLabel } from "./metric-classification.js";
export { type ClassifyRequest, MannWhitneyClassifier, type MannWhitneyClassifierParams, type MetricClassifier, addDegenerateNoise } from "./mann-whitney-classifier.js";
export { MeanInequalityClassifier } from "./mean-inequality-classifier.js";
export { javaStringHash, scalaGroupByOrder } from "./scala-hash-order.js";
export { type GroupScore, type ScorableResult, type ScoreClassification, type ScoreResult, classifyScore, scoreResults } from "./weighted-sum-scorer.js";
export type { CanaryAnalysisResult, CanaryGroupScore, CanaryJudgeResult, MetricExplanation, SampleCounts } from "./judge-result.js";
export { type JudgeRunOptions, NETFLIX_ACA_JUDGE, judge, parseCanaryConfig, parseMetricSetPair, parseScoreThresholds, runJudge } from "./judge.js";
export { toKayentaJson } from "./judge-json.js";
export { type AnalysisPlan, type AnalysisPlanRequest, type PlannedJudgement, type TimeWindow, parseIsoDurationMinutes, planAnalysis, readOrcaInt } from "./analysis-plan.js";
export { type CanaryStageStatus, aggregateOrca, aggregateStandalone, intervalScoreFails, orcaScoreThresholds } from "./analysis-aggregation.js";
export { type MetricScope, type MetricSeries, type MetricSeriesRequest, type MetricSource, expectedPointCount, fetchMetricSetPairs, mixMetricSetPairs } from "./metric-source.js";
export { InMemoryMetricSource, type SeriesProvider } from "./in-memory-metric-source.js";
export { PrometheusEmptyResultError, type PrometheusQuery, PrometheusMetricSource, PrometheusQueryError, type PrometheusSourceOptions, PrometheusTransportError, QueryTemplateError, expandQueryTemplate } from "./prometheus-metric-source.js";
export { type Clock, ManualClock, systemClock } from "./clock.js";
export { type AnalysisRunRequest, type AnalysisRunResult, type AnalysisStatus, FEW_DATA_POINTS_WARNING, type IntervalOutcome, type ScopeTemplate, runAnalysis } from "./analysis-runner.js";
export { type CanaryReportInput, renderHtmlReport, renderJsonReport, renderTableReport, writeCanaryReports } from "./canary-report.js";
