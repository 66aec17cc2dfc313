import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CanaryAnalysisResult, judge } from "../src/index.js";

type Canary = Record<string, unknown>;

function judgeOne(control: (number | null)[], experiment: (number | null)[], canary: Canary = {}): CanaryAnalysisResult {
  return judge({
    config: { metrics: [{ name: "m", groups: ["g"], analysisConfigurations: { canary } }], classifier: { groupWeights: {} } },
    metrics: [{ name: "m", control, experiment }],
    thresholds: { pass: 95, marginal: 75 },
  }).results[0]!;
}

/** Integer-valued samples (exact under shifts and power-of-two scales) with at least two distinct values. */
const sample = fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 3, maxLength: 40 }).filter((xs) => new Set(xs).size > 1);
const offset = fc.integer({ min: -60, max: 60 });
/** Positive samples: the mean-ratio gate is only direction-symmetric for positive means (spec §5). */
const positiveSample = fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 3, maxLength: 40 }).filter((xs) => new Set(xs).size > 1);

/**
 * True when the interval decision is not within the root finder's reach of the tolerance band, nor
 * within `slack` of it (the band's half-width moves with the sign of the comparison, see below).
 */
function clearDecision(r: CanaryAnalysisResult, slack = 0): boolean {
  const e = r.explanation;
  if (e.lowerConfidence === null || e.upperConfidence === null || e.upperBound === null) return true;
  const margin = 1e-3 * Math.max(1, Math.abs(e.estimate ?? 0)) + slack;
  return Math.abs(e.lowerConfidence - e.upperBound) > margin && Math.abs(e.upperConfidence + e.upperBound) > margin;
}

const swapped: Record<string, string> = { High: "Low", Low: "High", Pass: "Pass", Nodata: "Nodata", Error: "Error", NodataFailMetric: "NodataFailMetric" };

describe("judge properties", () => {
  it("swapping control and experiment swaps High and Low", () => {
    fc.assert(
      fc.property(positiveSample, positiveSample, fc.integer({ min: 0, max: 60 }), fc.constantFrom("meanRatio", "cles"), (control, base, shift, measure) => {
        const experiment = base.map((v) => v + shift);
        const canary = { effectSize: { measure } };
        const forward = judgeOne(control, experiment, canary);
        const backward = judgeOne(experiment, control, canary);
        // The band is tolerance × |estimate|, and the Hodges-Lehmann estimate (a root of the
        // continuity-corrected statistic) is not exactly antisymmetric: with small samples the two
        // directions' bands differ (e.g. ±9.09 against ±8.23 for n = 4 and 3). Only decisions that
        // do not depend on which direction's band is used are expected to mirror.
        const slack = Math.abs(Math.abs(forward.explanation.upperBound ?? 0) - Math.abs(backward.explanation.upperBound ?? 0));
        fc.pre(clearDecision(forward, slack) && clearDecision(backward, slack));
        expect(backward.classification).toBe(swapped[forward.classification]);
      }),
      { numRuns: 300 },
    );
  });

  it("labels do not change under a common shift (rank-based effect size)", () => {
    fc.assert(
      fc.property(sample, sample, offset, fc.integer({ min: -1000, max: 1000 }), (control, base, delta, shift) => {
        const experiment = base.map((v) => v + delta);
        const canary = { effectSize: { measure: "cles" } };
        const a = judgeOne(control, experiment, canary);
        const b = judgeOne(control.map((v) => v + shift), experiment.map((v) => v + shift), canary);
        fc.pre(clearDecision(a) && clearDecision(b));
        expect(b.classification).toBe(a.classification);
      }),
      { numRuns: 300 },
    );
  });

  it("labels do not change under a common positive scale", () => {
    fc.assert(
      fc.property(sample, sample, offset, fc.constantFrom(2, 4, 8, 16, 1024), fc.constantFrom("meanRatio", "cles"), (control, base, delta, k, measure) => {
        const experiment = base.map((v) => v + delta);
        const canary = { effectSize: { measure } };
        const a = judgeOne(control, experiment, canary);
        const b = judgeOne(control.map((v) => v * k), experiment.map((v) => v * k), canary);
        fc.pre(clearDecision(a) && clearDecision(b));
        expect(b.classification).toBe(a.classification);
      }),
      { numRuns: 300 },
    );
  });

  it("nanStrategy remove: NaNs anywhere change nothing but the raw counts", () => {
    fc.assert(
      fc.property(sample, sample, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (control, experiment, cPos, ePos) => {
        const withNaN = (xs: number[], pos: number[]) => {
          const out: (number | null)[] = [...xs];
          for (const p of pos) out.splice(p % (out.length + 1), 0, null);
          return out;
        };
        const clean = judgeOne(control, experiment);
        const dirty = judgeOne(withNaN(control, cPos), withNaN(experiment, ePos));
        expect(dirty.classification).toBe(clean.classification);
        expect(dirty.resultMetadata).toEqual(clean.resultMetadata);
        expect(dirty.controlMetadata).toEqual(clean.controlMetadata);
        expect(dirty.experimentMetadata).toEqual(clean.experimentMetadata);
        expect(dirty.explanation.controlCounts.raw).toBe(control.length + cPos.length);
        expect(dirty.explanation.controlCounts.afterNaN).toBe(control.length);
      }),
      { numRuns: 200 },
    );
  });

  it("nanStrategy replace: NaN behaves exactly as 0.0", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { minLength: 2, maxLength: 30 }), sample, (control, experiment) => {
        const canary = { nanStrategy: "replace" };
        const withNaN = judgeOne(control, experiment, canary);
        const withZero = judgeOne(control.map((v) => v ?? 0), experiment, canary);
        expect(withNaN.classification).toBe(withZero.classification);
        expect(withNaN.resultMetadata).toEqual(withZero.resultMetadata);
        expect(withNaN.controlMetadata).toEqual(withZero.controlMetadata);
      }),
      { numRuns: 200 },
    );
  });

  it("an all-NaN side is Nodata (remove), NodataFailMetric with mustHaveData, and critical Nodata fails the canary", () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 20 }), fc.boolean(), (experiment, n, mustHaveData) => {
        const control = Array.from({ length: n }, () => null);
        const r = judgeOne(control, experiment, { mustHaveData });
        expect(r.classification).toBe(mustHaveData ? "NodataFailMetric" : "Nodata");
        expect(r.classificationReason).toBe("Missing data for m");
        expect(r.resultMetadata).toEqual({ ratio: 1 });
        const critical = judgeOne(control, experiment, { critical: true, mustHaveData });
        expect(critical.classification).toBe("Nodata");
        expect(critical.critical).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
