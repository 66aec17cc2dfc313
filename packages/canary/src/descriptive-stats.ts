/** Summary statistics Kayenta reports per side (`experimentMetadata.stats`). */
export interface MetricStats {
  /** Smallest value (0 when empty). */
  readonly min: number;
  /** Largest value (0 when empty). */
  readonly max: number;
  /** commons-math two-pass mean (0 when empty). */
  readonly mean: number;
  /** Bias-corrected standard deviation (0 for n <= 1). */
  readonly std: number;
  /** Number of values. */
  readonly count: number;
}

/**
 * Mean as commons-math computes it: `m = Σx/n`, then `m + Σ(x−m)/n`. NaN for an empty array.
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const xbar = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += values[i]! - xbar;
  return xbar + correction / n;
}

/**
 * Variance as commons-math computes it around a given mean: `(Σd² − (Σd)²/n)/(n−1)` when
 * `biasCorrected`, else divided by n. 0 for n = 1, NaN for n = 0.
 */
export function variance(values: ArrayLike<number>, biasCorrected = true, m: number = mean(values)): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return 0;
  let accum = 0;
  let accum2 = 0;
  for (let i = 0; i < n; i++) {
    const dev = values[i]! - m;
    accum += dev * dev;
    accum2 += dev;
  }
  return biasCorrected ? (accum - (accum2 * accum2) / n) / (n - 1) : (accum - (accum2 * accum2) / n) / n;
}

/** Descriptive statistics of one transformed side; all zeros with count 0 for empty input. */
export function describe(values: ArrayLike<number>): MetricStats {
  const n = values.length;
  if (n === 0) return { min: 0, max: 0, mean: 0, std: 0, count: 0 };
  let min = values[0]!;
  let max = values[0]!;
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const m = mean(values);
  return { min, max, mean: m, std: Math.sqrt(variance(values, true, m)), count: n };
}
