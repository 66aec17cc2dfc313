import { mean, variance } from "./descriptive-stats.js";

/**
 * Mean ratio `mean(experiment) / mean(control)` with commons-math means; NaN when either mean is
 * exactly 0 (no sign handling, as Kayenta).
 */
export function meanRatio(control: ArrayLike<number>, experiment: ArrayLike<number>): number {
  const c = mean(control);
  const e = mean(experiment);
  if (c === 0 || e === 0) return Number.NaN;
  return e / c;
}

/**
 * Common-language effect size (Vargha–Delaney A): P(exp > ctrl) + ½·P(tie), from the joint
 * average ranks of `experiment ++ control`.
 */
export function cles(control: ArrayLike<number>, experiment: ArrayLike<number>): number {
  const m = experiment.length;
  const n = control.length;
  const pooled: { v: number; exp: boolean }[] = [];
  for (let i = 0; i < m; i++) pooled.push({ v: experiment[i]!, exp: true });
  for (let i = 0; i < n; i++) pooled.push({ v: control[i]!, exp: false });
  const order = Float64Array.from(pooled, (p) => p.v);
  const idx = Array.from(order.keys()).sort((a, b) => compareTotal(order[a]!, order[b]!));
  let rExp = 0;
  let k = 0;
  while (k < idx.length) {
    let end = k + 1;
    while (end < idx.length && compareTotal(order[idx[end]!]!, order[idx[k]!]!) === 0) end++;
    const avg = (k + 1 + end) / 2;
    for (let t = k; t < end; t++) if (pooled[idx[t]!]!.exp) rExp += avg;
    k = end;
  }
  // Kayenta's denominators use 32-bit integer arithmetic.
  const mm1 = Math.imul(m, m + 1);
  const twoNm = Math.imul(Math.imul(2, n), m);
  return (2 * rExp - mm1) / twoNm;
}

/** Cohen's d with pooled standard deviation: |mean difference| / pooled sd (not used by the judge). */
export function cohenD(first: ArrayLike<number>, second: ArrayLike<number>): number {
  const n1 = first.length;
  const n2 = second.length;
  const m1 = mean(first);
  const m2 = mean(second);
  const pooled = Math.sqrt(((n1 - 1) * variance(first, true, m1) + (n2 - 1) * variance(second, true, m2)) / (n1 + n2 - 2));
  return Math.abs(m1 - m2) / pooled;
}

/** Java `Double.compare` order for sorting (−0 before +0, NaN last). */
export function compareTotal(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (a === 0 && b === 0) {
    const na = Object.is(a, -0);
    const nb = Object.is(b, -0);
    return na === nb ? 0 : na ? -1 : 1;
  }
  return 0;
}
