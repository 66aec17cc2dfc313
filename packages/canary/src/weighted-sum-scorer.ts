import { roundHalfUp } from "./half-up.js";
import type { MetricLabel } from "./metric-classification.js";
import { scalaGroupByOrder } from "./scala-hash-order.js";

/** What the scorer needs of one metric result. */
export interface ScorableResult {
  /** Label. */
  readonly classification: MetricLabel;
  /** Groups (a group listed twice counts twice). */
  readonly groups: readonly string[];
  /** Classifier's critical flag. */
  readonly critical: boolean;
  /** Reason (used for the critical-failure message). */
  readonly classificationReason?: string | null;
}

/** Score of one group. */
export interface GroupScore {
  /** Group name. */
  readonly name: string;
  /** 100 · #Pass / #(Pass, High, Low, NodataFailMetric); 0 when the group has no data. */
  readonly score: number;
  /** True when no scorable label was in the group (counts as 100 in the summary). */
  readonly noData: boolean;
  /** Label counts. */
  readonly counts: Readonly<Record<MetricLabel, number>>;
}

/** Result of weighted-sum scoring. */
export interface ScoreResult {
  /** Group scores in Kayenta's (Scala hash map) order. */
  readonly groupScores: readonly GroupScore[];
  /** Summary score, rounded HALF_UP to 2 decimals. */
  readonly summaryScore: number;
  /** Unrounded summary. */
  readonly rawSummaryScore: number;
  /** Failure reason (`Canary Failed: ...`) or "" when none. */
  readonly reason: string;
  /** Effective weight per group used in the sum. */
  readonly weights: Readonly<Record<string, number>>;
}

function emptyCounts(): Record<MetricLabel, number> {
  return { Pass: 0, High: 0, Low: 0, Nodata: 0, NodataFailMetric: 0, Error: 0 };
}

/**
 * Kayenta's `WeightedSumScorer` (spec section 6): group scores, critical failure, the 50 % NODATA
 * rule, unnormalised weighted sum in Scala hash order, HALF_UP rounding. Muted results must already
 * be removed by the caller.
 */
export function scoreResults(results: readonly ScorableResult[], groupWeights: Readonly<Record<string, number>>): ScoreResult {
  const firstSeen: string[] = [];
  const members = new Map<string, ScorableResult[]>();
  for (const r of results) {
    for (const g of r.groups) {
      let list = members.get(g);
      if (list === undefined) {
        list = [];
        members.set(g, list);
        firstSeen.push(g);
      }
      list.push(r);
    }
  }
  const groupScores: GroupScore[] = scalaGroupByOrder(firstSeen).map((name) => {
    const counts = emptyCounts();
    for (const r of members.get(name)!) counts[r.classification]++;
    const denominator = counts.Pass + counts.High + counts.Low + counts.NodataFailMetric;
    const noData = denominator === 0;
    const score = noData ? 0 : (counts.Pass / denominator) * 100;
    return { name, score, noData, counts };
  });

  const weights: Record<string, number> = {};
  let weightSum = 0;
  for (const w of Object.values(groupWeights)) weightSum += w;
  const unweighted = groupScores.filter((g) => !Object.prototype.hasOwnProperty.call(groupWeights, g.name));
  const calculated = unweighted.length > 0 ? (100 - weightSum) / unweighted.length : 0;
  let raw = 0;
  for (const g of groupScores) {
    const w = Object.prototype.hasOwnProperty.call(groupWeights, g.name) ? groupWeights[g.name]! : calculated;
    weights[g.name] = w;
    raw += (g.noData ? 100 : g.score) * (w / 100);
  }

  const criticalFailure = results.find((r) => r.critical && r.classification !== "Pass");
  if (criticalFailure !== undefined) {
    return { groupScores, summaryScore: 0, rawSummaryScore: 0, reason: `Canary Failed: ${criticalFailure.classificationReason ?? ""}`, weights };
  }
  const nodata = results.filter((r) => r.classification === "Nodata").length;
  if ((100 * nodata) / results.length >= 50) {
    return { groupScores, summaryScore: 0, rawSummaryScore: 0, reason: "Canary Failed: 50% or more metrics returned NODATA", weights };
  }
  return { groupScores, summaryScore: roundHalfUp(raw, 2), rawSummaryScore: raw, reason: "", weights };
}

/** Score class of a summary score. */
export type ScoreClassification = "Pass" | "Marginal" | "Fail";

/** `Pass` if score >= pass, `Marginal` if score >= marginal, else `Fail`. */
export function classifyScore(score: number, thresholds: { readonly pass: number; readonly marginal: number }): ScoreClassification {
  if (score >= thresholds.pass) return "Pass";
  if (score >= thresholds.marginal) return "Marginal";
  return "Fail";
}
