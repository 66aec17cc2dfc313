import { describe, expect, it } from "vitest";
import {
  IqrOutlierDetector,
  KSigmaOutlierDetector,
  MannWhitneyClassifier,
  MeanInequalityClassifier,
  type MetricClassifier,
  type MetricLabel,
  aggregateOrca,
  aggregateStandalone,
  cles,
  cohenD,
  createGaussianSource,
  describe as describeStats,
  mannWhitney,
  mannWhitneyIntermediates,
  meanRatio,
  normalQuantile,
  percentile,
  planAnalysis,
  readOrcaInt,
  parseIsoDurationMinutes,
  removeNaNs,
  removeOutliers,
  replaceNaNs,
  scoreResults,
  wilcoxonDiff,
} from "../src/index.js";
import { closeTo, nums, readCorpus } from "./shared-corpus.js";

interface Vector {
  id: string;
  kind: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance?: number | Record<string, number>;
}

const corpus = readCorpus<{ vectors: Vector[] }>("kayenta-vectors.json");

function tol(v: Vector, field: string): number {
  if (v.tolerance === undefined) return 0;
  if (typeof v.tolerance === "number") return v.tolerance;
  return v.tolerance[field] ?? 0;
}

/** Checks every expected numeric field of `v` against `actual`, with the vector's tolerance. */
function expectFields(v: Vector, actual: Record<string, unknown>): void {
  for (const [field, expected] of Object.entries(v.expected)) {
    const a = actual[field];
    if (typeof a === "number") {
      expect(closeTo(a, expected, tol(v, field)), `${field}: expected ${String(expected)} got ${a}`).toBe(true);
    } else {
      expect(a, field).toEqual(expected);
    }
  }
}

const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
function symbolicTime(text: unknown): number | null {
  if (text === null || text === undefined) return null;
  const m = /^T0(?:\+(\d+)min)?$/.exec(String(text));
  if (m === null) throw new Error(`unexpected time ${String(text)}`);
  return T0 + Number(m[1] ?? 0) * 60_000;
}

function runVector(v: Vector): void {
  const i = v.input;
  switch (v.kind) {
    case "wilcoxon_diff":
      expectFields(v, { value: wilcoxonDiff(nums(i.x), nums(i.y), i.mu as number, i.zq as number) });
      return;
    case "z_quantile":
      expectFields(v, { value: normalQuantile(i.p as number) });
      return;
    case "mann_whitney": {
      const r = mannWhitney(nums(i.x), nums(i.y), i.confLevel as number);
      expectFields(v, { lower: r.lower, upper: r.upper, estimate: r.estimate });
      return;
    }
    case "mann_whitney_intermediate":
      expectFields(v, mannWhitneyIntermediates(nums(i.x), nums(i.y), i.confLevel as number));
      return;
    case "classifier":
    case "issue_report": {
      const params = i.params as { tolerance: number; confLevel: number; effectSizeThresholds: [number, number]; criticalThresholds: [number, number]; effectSizeMeasure: "meanRatio" | "cles" };
      const classifier: MetricClassifier =
        i.classifier === "MeanInequalityClassifier" ? new MeanInequalityClassifier() : new MannWhitneyClassifier(params, createGaussianSource(0));
      const nanStrategy = i.nanStrategy as "remove" | "replace";
      const prep = (xs: number[]) => (nanStrategy === "replace" ? replaceNaNs(xs) : removeNaNs(xs));
      const r = classifier.classify({
        name: "metric",
        control: prep(nums(i.control)),
        experiment: prep(nums(i.experiment)),
        direction: i.direction as "either",
        nanStrategy,
        isCriticalMetric: i.isCriticalMetric as boolean,
        isDataRequired: i.isDataRequired as boolean,
      });
      const actual: Record<string, unknown> = {
        classification: r.classification satisfies MetricLabel,
        critical: r.critical,
        deviation: r.deviation,
        reasonNonEmpty: r.reason !== null && r.reason.length > 0,
        lowerConfidence: r.mannWhitney?.lower,
        upperConfidence: r.mannWhitney?.upper,
        estimate: r.mannWhitney?.estimate,
        lowerBound: r.band === undefined ? undefined : -r.band,
        upperBound: r.band,
      };
      expectFields(v, actual);
      return;
    }
    case "scorer": {
      const r = scoreResults(i.results as { classification: MetricLabel; groups: string[]; critical: boolean }[], i.groupWeights as Record<string, number>);
      expectFields(v, {
        summaryScore: r.summaryScore,
        groupScores: Object.fromEntries(r.groupScores.map((g) => [g.name, g.score])),
      });
      return;
    }
    case "summary_stats":
      expectFields(v, { ...describeStats(nums(i.values)) });
      return;
    case "percentile":
      expectFields(v, { value: percentile(nums(i.values), i.p as number) });
      return;
    case "effect_size_mean_ratio":
      expectFields(v, { value: meanRatio(nums(i.control), nums(i.experiment)) });
      return;
    case "effect_size_cles":
      expectFields(v, { value: cles(nums(i.control), nums(i.experiment)) });
      return;
    case "effect_size_cohen_d":
      expectFields(v, { value: cohenD(nums(i.first), nums(i.second)) });
      return;
    case "outlier_detector": {
      const d = i.detector === "iqr" ? new IqrOutlierDetector(i.factor as number, i.reduceSensitivity as boolean) : new KSigmaOutlierDetector(i.k as number);
      expectFields(v, { outliers: d.detect(nums(i.values)) });
      return;
    }
    case "transform": {
      const values = nums(i.values);
      let out: number[];
      if (i.op === "removeNaNs") out = removeNaNs(values);
      else if (i.op === "replaceNaNs") out = replaceNaNs(values, i.value as number);
      else {
        const d = i.detector === "iqr" ? new IqrOutlierDetector(i.factor as number, i.reduceSensitivity as boolean) : new KSigmaOutlierDetector(i.k as number);
        out = removeOutliers(values, d);
      }
      expectFields(v, { values: out });
      return;
    }
    case "stage_aggregation":
      expectFields(v, {
        didPassThresholds: aggregateStandalone([i.finalScore as number], { pass: i.pass as number | null, marginal: i.marginal as number | null }).didPassThresholds,
      });
      return;
    case "stage_aggregation_orca":
      expectFields(v, { status: aggregateOrca(i.canaryScores as number[], i.scoreThresholds as { pass?: number; marginal?: number }).status });
      return;
    case "stage_intervals_orca": {
      const plan = planAnalysis({
        startTime: symbolicTime(i.startTimeIso),
        endTime: symbolicTime(i.endTimeIso),
        lifetimeMinutes: typeof i.lifetimeDuration === "string" ? parseIsoDurationMinutes(i.lifetimeDuration) : null,
        now: symbolicTime(i.now) ?? T0,
        warmupMinutes: readOrcaInt(i.beginCanaryAnalysisAfterMins, ["beginCanaryAnalysisAfterMins"]),
        intervalMinutes: readOrcaInt(i.canaryAnalysisIntervalMins, ["canaryAnalysisIntervalMins"]),
        lookbackMinutes: readOrcaInt(i.lookbackMins, ["lookbackMins"]),
      });
      expectFields(v, {
        controlScopeRangesMinutesFromT0: plan.judgements.map((j) => [(j.control.start - T0) / 60_000, (j.control.end - T0) / 60_000]),
      });
      return;
    }
    default:
      throw new Error(`unknown vector kind ${v.kind}`);
  }
}

describe("kayenta-vectors.json (Kayenta's and orca's own test assertions)", () => {
  it("has 150 vectors", () => {
    expect(corpus.vectors).toHaveLength(150);
  });
  it.each(corpus.vectors.map((v) => [v.id, v] as const))("%s", (_id, v) => {
    runVector(v);
  });
});
