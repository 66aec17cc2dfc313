import { AllObservationsTiedError } from "./errors.js";
import { normalCdf, normalQuantile } from "./normal-distribution.js";
import { zeroin } from "./zeroin.js";

/** Absolute tolerance of the root finder (R's `uniroot(tol = 1e-4)`). */
export const MANN_WHITNEY_ROOT_TOLERANCE = 1e-4;
/** Iteration limit of the root finder. */
export const MANN_WHITNEY_MAX_ITERATIONS = 1000;

/** Result of the Mann-Whitney location-shift analysis of `x − y` (x = experiment, y = control). */
export interface MannWhitneyResult {
  /** Lower confidence bound of the shift. */
  readonly lower: number;
  /** Upper confidence bound of the shift. */
  readonly upper: number;
  /** Shift estimate (root of the continuity-corrected statistic, as Kayenta). */
  readonly estimate: number;
  /** Confidence level used. */
  readonly confidenceLevel: number;
  /** `min(x) − max(y)`, the left end of the search interval. */
  readonly muMin: number;
  /** `max(x) − min(y)`, the right end of the search interval. */
  readonly muMax: number;
  /** Mann-Whitney U of x at shift 0 (`R₁ − nx(nx+1)/2`). */
  readonly u: number;
  /** Continuity-corrected, tie-corrected standard score at shift 0. */
  readonly z: number;
  /** Two-sided p-value of the normal approximation with continuity correction. */
  readonly pValue: number;
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  // TypedArray sort orders −0 before +0 and NaN last, like Java's Double.compare.
  return Float64Array.from(values as ArrayLike<number>).sort();
}

/** Java's `Double.compare(a, b) == 0` for non-NaN values: equal, and for zeros the same sign. */
function sameJava(a: number, b: number): boolean {
  return a === b && (a !== 0 || 1 / a === 1 / b);
}

/** Java's `Double.compare(a, b) < 0` for non-NaN values (−0 before +0). */
function lessJava(a: number, b: number): boolean {
  return a < b || (a === 0 && b === 0 && 1 / a < 1 / b);
}

/**
 * The standardized rank statistic of R's `wilcox.test` as a function of a shift, over pre-sorted
 * samples. Each evaluation is a linear merge (the samples are sorted once).
 */
export class WilcoxonShiftStatistic {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Number of x (experiment) values. */
  readonly nx: number;
  /** Number of y (control) values. */
  readonly ny: number;

  /** Distinct y values (Java total order: −0 before +0), their counts, and y's own tie term. */
  private readonly yValues: Float64Array;
  private readonly yCounts: Float64Array;
  private readonly yTies: number;

  constructor(x: ArrayLike<number>, y: ArrayLike<number>) {
    this.xs = sortedCopy(x);
    this.ys = sortedCopy(y);
    this.nx = this.xs.length;
    this.ny = this.ys.length;
    const values: number[] = [];
    const counts: number[] = [];
    let ties = 0;
    for (let j = 0; j < this.ny; ) {
      const v = this.ys[j]!;
      let c = 0;
      while (j < this.ny && sameJava(this.ys[j]!, v)) {
        c++;
        j++;
      }
      values.push(v);
      counts.push(c);
      if (c > 1) ties += c * c * c - c;
    }
    this.yValues = Float64Array.from(values);
    this.yCounts = Float64Array.from(counts);
    this.yTies = ties;
  }

  /** Smallest x (sorted order). */
  get minX(): number {
    return this.xs[0]!;
  }
  /** Largest x. */
  get maxX(): number {
    return this.xs[this.nx - 1]!;
  }
  /** Smallest y. */
  get minY(): number {
    return this.ys[0]!;
  }
  /** Largest y. */
  get maxY(): number {
    return this.ys[this.ny - 1]!;
  }

  /**
   * Rank sum of the shifted x values (average ranks for ties, Java total order) and the tie term
   * `Σ(t³ − t)` of the pooled sample `x − d ∪ y`. One pass over the sorted x values and the
   * pre-grouped distinct y values: y's own ties are counted once in the constructor and only the
   * groups where a shifted x value meets a y value are corrected.
   */
  rankSum(d: number): { r1: number; ties: number } {
    const { xs, nx, yValues, yCounts } = this;
    const gy = yValues.length;
    let i = 0;
    let g = 0;
    let below = 0;
    let r1 = 0;
    let ties = this.yTies;
    while (i < nx) {
      // one group of equal shifted x values (shifting keeps the order; rounding may merge values)
      const w = xs[i]! - d;
      let cx = 1;
      i++;
      while (i < nx && sameJava(xs[i]! - d, w)) {
        cx++;
        i++;
      }
      // y groups strictly below w, then a y group equal to w (at most one)
      while (g < gy && lessJava(yValues[g]!, w)) below += yCounts[g++]!;
      const cy = g < gy && sameJava(yValues[g]!, w) ? yCounts[g]! : 0;
      const t = cx + cy;
      r1 += cx * (i - cx + below + 1 + (t - 1) / 2);
      if (cy > 0) ties += t * t * t - t - (cy * cy * cy - cy);
      else if (cx > 1) ties += cx * cx * cx - cx;
    }
    return { r1, ties };
  }

  /** Tie-corrected spread σ of the rank statistic for a tie term. */
  sigma(ties: number): number {
    const { nx, ny } = this;
    return Math.sqrt(((nx * ny) / 12) * (nx + ny + 1 - ties / ((nx + ny) * (nx + ny - 1))));
  }

  /** `dz(d) = R₁ − nx(nx+1)/2 − nx·ny/2`, the centred U of the shifted x. */
  centredU(d: number): { dz: number; ties: number } {
    const { r1, ties } = this.rankSum(d);
    const { nx, ny } = this;
    return { dz: r1 - (nx * (nx + 1)) / 2 - (nx * ny) / 2, ties };
  }

  /**
   * `F_q(d) = (dz − 0.5·sign(dz))/σ − q`. Throws {@link AllObservationsTiedError} when σ = 0.
   */
  diff(d: number, zq: number): number {
    const { dz, ties } = this.centredU(d);
    const correction = dz > 0 ? 0.5 : dz < 0 ? -0.5 : 0;
    const s = this.sigma(ties);
    if (s === 0) throw new AllObservationsTiedError();
    return (dz - correction) / s - zq;
  }
}

/**
 * R's `wilcoxdiff` for a shift `mu` and quantile `zq` (x = experiment, y = control).
 */
export function wilcoxonDiff(x: ArrayLike<number>, y: ArrayLike<number>, mu: number, zq: number): number {
  return new WilcoxonShiftStatistic(x, y).diff(mu, zq);
}

/** Quantiles used for the interval: `zLower = −Φ⁻¹(α/2)` (positive) and `zUpper = Φ⁻¹(α/2)`. */
export function intervalQuantiles(confLevel: number): { zLower: number; zUpper: number } {
  const alpha = 1 - confLevel;
  const z = normalQuantile(alpha / 2);
  return { zLower: -z, zUpper: z };
}

/**
 * Kayenta's Mann-Whitney confidence interval and estimate for the shift `x − y` (a port of R's
 * `wilcox.test(exact = FALSE, correct = TRUE, conf.int = TRUE)`, estimate with continuity
 * correction), plus U and the two-sided p-value. Throws {@link AllObservationsTiedError} when every
 * pooled observation is tied at an evaluated shift.
 */
export function mannWhitney(x: ArrayLike<number>, y: ArrayLike<number>, confLevel: number): MannWhitneyResult {
  const stat = new WilcoxonShiftStatistic(x, y);
  const muMin = stat.minX - stat.maxY;
  const muMax = stat.maxX - stat.minY;
  const { zLower, zUpper } = intervalQuantiles(confLevel);
  const f = (zq: number) => (d: number) => stat.diff(d, zq);

  const root = (zq: number): number => {
    const fLower = stat.diff(muMin, zq);
    const fUpper = stat.diff(muMax, zq);
    if (fLower <= 0) return muMin;
    if (fUpper >= 0) return muMax;
    return zeroin(muMin, muMax, fLower, fUpper, f(zq), MANN_WHITNEY_ROOT_TOLERANCE, MANN_WHITNEY_MAX_ITERATIONS);
  };
  const lower = root(zLower);
  const upper = root(zUpper);
  const estimate = zeroin(
    muMin,
    muMax,
    stat.diff(muMin, 0),
    stat.diff(muMax, 0),
    f(0),
    MANN_WHITNEY_ROOT_TOLERANCE,
    MANN_WHITNEY_MAX_ITERATIONS,
  );

  const { dz, ties } = stat.centredU(0);
  const correction = dz > 0 ? 0.5 : dz < 0 ? -0.5 : 0;
  const z = (dz - correction) / stat.sigma(ties);
  const u = dz + (stat.nx * stat.ny) / 2;
  const pValue = Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z)));
  return { lower, upper, estimate, confidenceLevel: confLevel, muMin, muMax, u, z, pValue };
}

/**
 * Intermediate values of the interval computation without the endpoint shortcuts (as in Kayenta's
 * "Intermediate Values" test): raw Brent roots for both quantiles and the estimate.
 */
export function mannWhitneyIntermediates(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  confLevel: number,
): {
  muMin: number;
  muMax: number;
  zqLower: number;
  zqUpper: number;
  fLower_zqLower: number;
  fUpper_zqLower: number;
  fLower_zqUpper: number;
  fUpper_zqUpper: number;
  ciLower: number;
  ciUpper: number;
  estimate: number;
} {
  const stat = new WilcoxonShiftStatistic(x, y);
  const muMin = stat.minX - stat.maxY;
  const muMax = stat.maxX - stat.minY;
  const { zLower, zUpper } = intervalQuantiles(confLevel);
  const brent = (zq: number) =>
    zeroin(muMin, muMax, stat.diff(muMin, zq), stat.diff(muMax, zq), (d) => stat.diff(d, zq), MANN_WHITNEY_ROOT_TOLERANCE, MANN_WHITNEY_MAX_ITERATIONS);
  return {
    muMin,
    muMax,
    zqLower: zLower,
    zqUpper: zUpper,
    fLower_zqLower: stat.diff(muMin, zLower),
    fUpper_zqLower: stat.diff(muMax, zLower),
    fLower_zqUpper: stat.diff(muMin, zUpper),
    fUpper_zqUpper: stat.diff(muMax, zUpper),
    ciLower: brent(zLower),
    ciUpper: brent(zUpper),
    estimate: brent(0),
  };
}
