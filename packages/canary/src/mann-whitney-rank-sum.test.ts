import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WilcoxonShiftStatistic } from "./mann-whitney.js";

/** Reference: an element-by-element merge of the pooled sample in Java's total order. */
function referenceRankSum(x: number[], y: number[], d: number): { r1: number; ties: number } {
  const cmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : Object.is(a, b) ? 0 : a === 0 ? (Object.is(a, -0) ? -1 : 1) : 0);
  const pooled = [...x.map((v) => ({ v: v - d, isX: true })), ...y.map((v) => ({ v, isX: false }))].sort((p, q) => cmp(p.v, q.v));
  let r1 = 0;
  let ties = 0;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j < pooled.length && cmp(pooled[j]!.v, pooled[i]!.v) === 0) j++;
    const t = j - i;
    const rank = i + 1 + (t - 1) / 2;
    for (let k = i; k < j; k++) if (pooled[k]!.isX) r1 += rank;
    if (t > 1) ties += t * t * t - t;
    i = j;
  }
  return { r1, ties };
}

const value = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((n) => n / 2),
  fc.constantFrom(0, -0, 1e-17, -1e-17, 1e16, 1e16 + 2),
  fc.double({ min: -100, max: 100, noNaN: true }),
);

describe("WilcoxonShiftStatistic.rankSum (grouped single pass)", () => {
  it("equals an element-by-element merge of the pooled sample, ties, signed zeros and rounding included", () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.array(value, { minLength: 1, maxLength: 40 }), fc.oneof(value, fc.constantFrom(0, -0, 0.5)), (x, y, d) => {
        const got = new WilcoxonShiftStatistic(x, y).rankSum(d);
        const want = referenceRankSum(x, y, d);
        expect(got.r1).toBeCloseTo(want.r1, 9);
        expect(got.ties).toBe(want.ties);
      }),
      { numRuns: 3_000, seed: 20261121 },
    );
  });

  it("handles a shift that makes every x meet a y value", () => {
    const x = [1, 2, 2, 3];
    const y = [0, 1, 1, 2];
    expect(new WilcoxonShiftStatistic(x, y).rankSum(1)).toEqual(referenceRankSum(x, y, 1));
  });
});
