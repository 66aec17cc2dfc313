import type { OutlierDetector } from "./outlier-detectors.js";

/** Drops every NaN. */
export function removeNaNs(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

/** Replaces every NaN with `replacement` (Kayenta uses 0.0). */
export function replaceNaNs(values: ArrayLike<number>, replacement = 0): number[] {
  return Array.from(values as ArrayLike<number>, (v) => (Number.isNaN(v) ? replacement : v));
}

/** Drops the values a detector flags, keeping order. */
export function removeOutliers(values: ArrayLike<number>, detector: OutlierDetector): number[] {
  const flags = detector.detect(values);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (!flags[i]) out.push(values[i]!);
  return out;
}
