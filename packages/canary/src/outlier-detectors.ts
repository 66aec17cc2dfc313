import { mean, variance } from "./descriptive-stats.js";
import { percentileOfSorted } from "./percentile.js";

/** Flags outliers in a series (true = outlier). */
export interface OutlierDetector {
  /** Returns one flag per value. */
  detect(values: ArrayLike<number>): boolean[];
}

/**
 * Tukey IQR fences `[Q1 − f·IQR, Q3 + f·IQR]` with R-7 percentiles. With `reduceSensitivity`
 * (what the judge uses) the fences are widened to at least the 1st–99th percentile band.
 * Comparisons are strict. Throws `RangeError` for `factor <= 0` (Kayenta's requirement).
 */
export class IqrOutlierDetector implements OutlierDetector {
  /** IQR multiplier. */
  readonly factor: number;
  /** Widen the fences to the P1–P99 band. */
  readonly reduceSensitivity: boolean;

  constructor(factor: number, reduceSensitivity: boolean) {
    if (!(factor > 0)) throw new RangeError("requirement failed: factor must be greater than zero");
    this.factor = factor;
    this.reduceSensitivity = reduceSensitivity;
  }

  /** Lower and upper fences of the data (NaN for empty data). */
  fences(values: ArrayLike<number>): { low: number; high: number } {
    const sorted = Float64Array.from(values as ArrayLike<number>).sort();
    const p75 = percentileOfSorted(sorted, 75);
    const p25 = percentileOfSorted(sorted, 25);
    const iqr = p75 - p25;
    const low = p25 - this.factor * iqr;
    const high = p75 + this.factor * iqr;
    if (!this.reduceSensitivity) return { low, high };
    const p01 = percentileOfSorted(sorted, 1);
    const p99 = percentileOfSorted(sorted, 99);
    return { low: Math.min(p01, low), high: Math.max(p99, high) };
  }

  detect(values: ArrayLike<number>): boolean[] {
    const { low, high } = this.fences(values);
    return Array.from(values as ArrayLike<number>, (v) => v > high || v < low);
  }
}

/**
 * K-sigma detector: `|x − mean| > k · population sd` (exists in Kayenta, not used by the judge).
 */
export class KSigmaOutlierDetector implements OutlierDetector {
  /** Number of standard deviations. */
  readonly k: number;

  constructor(k: number) {
    if (!(k > 0)) throw new RangeError("requirement failed: k must be greater than zero");
    this.k = k;
  }

  detect(values: ArrayLike<number>): boolean[] {
    const m = mean(values);
    const sd = Math.sqrt(variance(values, false, m));
    return Array.from(values as ArrayLike<number>, (v) => Math.abs(v - m) > this.k * sd);
  }
}
