/**
 * The R-7 ("linear") percentile of commons-math 3.6.1 (`Percentile` with `EstimationType.R_7`).
 *
 * `p` is in (0, 100]. Sorts a copy; `n = 0` gives NaN and `n = 1` the single value.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileOfSorted(Float64Array.from(values as ArrayLike<number>).sort(), p);
}

/** {@link percentile} over values already sorted ascending (no copy). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0]!;
  const q = p / 100;
  const pos = q === 1 ? n : 1 + (n - 1) * q;
  if (pos < 1) return sorted[0]!;
  if (pos >= n) return sorted[n - 1]!;
  const fpos = Math.floor(pos);
  const dif = pos - fpos;
  const lower = sorted[fpos - 1]!;
  const upper = sorted[fpos]!;
  return lower + dif * (upper - lower);
}
