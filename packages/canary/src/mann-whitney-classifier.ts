import { cles, meanRatio } from "./effect-size.js";
import { CanaryError } from "./errors.js";
import type { GaussianSource } from "./gaussian-source.js";
import { mannWhitney } from "./mann-whitney.js";
import type { DecidingRule, MetricClassification } from "./metric-classification.js";
import type { EffectSizeMeasure, MetricDirection, NanStrategy } from "./metric-settings.js";

/** Parameters of {@link MannWhitneyClassifier}. */
export interface MannWhitneyClassifierParams {
  /** Tolerance band factor (Kayenta: 0.25). */
  readonly tolerance: number;
  /** Confidence level (Kayenta: 0.98). */
  readonly confLevel: number;
  /** `[allowedDecrease, allowedIncrease]`. */
  readonly effectSizeThresholds: readonly [number, number];
  /** `[criticalDecrease, criticalIncrease]`. */
  readonly criticalThresholds: readonly [number, number];
  /** Effect-size measure. */
  readonly effectSizeMeasure: EffectSizeMeasure;
}

/** Per-call inputs of a metric classifier. */
export interface ClassifyRequest {
  /** Metric name used in reasons. */
  readonly name: string;
  /** Transformed control (baseline) values. */
  readonly control: readonly number[];
  /** Transformed experiment (canary) values. */
  readonly experiment: readonly number[];
  /** Direction. */
  readonly direction: MetricDirection;
  /** NaN strategy in force. */
  readonly nanStrategy: NanStrategy;
  /** Critical metric. */
  readonly isCriticalMetric: boolean;
  /** mustHaveData. */
  readonly isDataRequired: boolean;
}

/** A per-metric classifier. */
export interface MetricClassifier {
  /** Classifies one metric. */
  classify(request: ClassifyRequest): MetricClassification;
}

/** True when all values are one value under Java `Double.equals` (−0 ≠ +0, NaN = NaN). */
function singleDistinct(values: readonly number[], more: readonly number[] = []): boolean {
  const first = values.length > 0 ? values[0]! : more[0]!;
  for (const list of [values, more]) for (const v of list) if (!Object.is(v, first)) return false;
  return true;
}

function extremes(v: readonly number[]): [number, number] {
  let lo = v[0]!;
  let hi = v[0]!;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

function sortedEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  // equal multisets have equal extremes: a cheap way to rule most pairs out before sorting
  const [la, ha] = extremes(a);
  const [lb, hb] = extremes(b);
  if (la !== lb || ha !== hb) return false;
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return false;
  return true;
}

/**
 * Adds N(0, (first value × 1e-5)²) to each point of a constant series (Kayenta's tie breaker). A
 * zero constant gets no noise and consumes no draws.
 */
export function addDegenerateNoise(values: readonly number[], rng: GaussianSource): number[] {
  const sd = values[0]! * 1e-5;
  if (sd === 0) return values.slice();
  return values.map((v) => v + (0 + sd * rng.nextGaussian()));
}

/**
 * Kayenta's Mann-Whitney classifier, steps 1–9 of spec section 3.3, in order; a runtime failure of
 * the test gives `Error` (reason `Metric Classification Failed`).
 */
export class MannWhitneyClassifier implements MetricClassifier {
  /** Parameters. */
  readonly params: MannWhitneyClassifierParams;
  private readonly rng: GaussianSource;

  constructor(params: MannWhitneyClassifierParams, rng: GaussianSource) {
    this.params = params;
    this.rng = rng;
  }

  classify(req: ClassifyRequest): MetricClassification {
    const { name, control, experiment, isCriticalMetric, isDataRequired } = req;
    if (experiment.length === 0 || control.length === 0) {
      if (req.nanStrategy === "remove") {
        const reason = `Missing data for ${name}`;
        if (isDataRequired && !isCriticalMetric) {
          return { classification: "NodataFailMetric", reason, deviation: 1.0, critical: false, rule: "missing-data", noiseAdded: false };
        }
        return { classification: "Nodata", reason, deviation: 1.0, critical: isCriticalMetric, rule: "missing-data", noiseAdded: false };
      }
      return { classification: "Pass", reason: null, deviation: 1.0, critical: false, rule: "missing-data-replaced", noiseAdded: false };
    }
    if (sortedEqual(experiment, control)) {
      return {
        classification: "Pass",
        reason: "The Canary and Baseline data are identical",
        deviation: 1.0,
        critical: false,
        rule: "identical",
        noiseAdded: false,
      };
    }
    if (singleDistinct(experiment, control)) {
      return { classification: "Pass", reason: null, deviation: 1.0, critical: false, rule: "single-value", noiseAdded: false };
    }
    try {
      return this.compare(req);
    } catch (err) {
      if (err instanceof CanaryError || err instanceof RangeError) {
        return {
          classification: "Error",
          reason: "Metric Classification Failed",
          deviation: Number.NaN,
          critical: false,
          rule: "classification-error",
          noiseAdded: false,
          error: err.message,
        };
      }
      throw err;
    }
  }

  private compare(req: ClassifyRequest): MetricClassification {
    const { name, direction, isCriticalMetric } = req;
    const p = this.params;
    let experiment: readonly number[] = req.experiment;
    let control: readonly number[] = req.control;
    let noiseAdded = false;
    if (singleDistinct(experiment) && singleDistinct(control)) {
      experiment = addDegenerateNoise(experiment, this.rng);
      control = addDegenerateNoise(control, this.rng);
      noiseAdded = true;
    }
    const mw = mannWhitney(experiment, control, p.confLevel);
    const band = p.tolerance * Math.abs(mw.estimate);
    const lowerBound = -band;
    const upperBound = band;
    const deviation = meanRatio(control, experiment);
    const effect = p.effectSizeMeasure === "cles" ? cles(control, experiment) : deviation;
    const [allowedDecrease, allowedIncrease] = p.effectSizeThresholds;
    const [criticalDecrease, criticalIncrease] = p.criticalThresholds;
    const base = { deviation, mannWhitney: mw, band, effectSize: { measure: p.effectSizeMeasure, value: effect }, noiseAdded };

    const canHigh = direction === "increase" || direction === "either";
    const canLow = direction === "decrease" || direction === "either";
    const isHigh = canHigh && mw.lower > upperBound && (Number.isNaN(effect) || effect >= allowedIncrease);
    const isLow = !isHigh && canLow && mw.upper < lowerBound && (Number.isNaN(effect) || effect <= allowedDecrease);

    if (isHigh) {
      if (isCriticalMetric && (Number.isNaN(effect) || effect >= criticalIncrease)) {
        return { ...base, classification: "High", reason: `The metric ${name} was classified as High (Critical)`, critical: true, rule: "critical-effect-size" };
      }
      return { ...base, classification: "High", reason: `${name} was classified as High`, critical: false, rule: "interval-above-band" };
    }
    if (isLow) {
      if (isCriticalMetric && (Number.isNaN(effect) || effect <= criticalDecrease)) {
        return { ...base, classification: "Low", reason: `The metric ${name} was classified as Low (Critical)`, critical: true, rule: "critical-effect-size" };
      }
      return { ...base, classification: "Low", reason: `${name} was classified as Low`, critical: false, rule: "interval-below-band" };
    }
    let rule: DecidingRule = "interval-within-band";
    if (mw.lower > upperBound) rule = canHigh ? "effect-size-below-allowed" : "direction-ignores-change";
    else if (mw.upper < lowerBound) rule = canLow ? "effect-size-below-allowed" : "direction-ignores-change";
    return { ...base, classification: "Pass", reason: null, critical: false, rule };
  }
}
