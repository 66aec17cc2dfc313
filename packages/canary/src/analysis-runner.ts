import { aggregateOrca, intervalScoreFails, orcaScoreThresholds } from "./analysis-aggregation.js";
import type { AnalysisPlan, TimeWindow } from "./analysis-plan.js";
import type { CanaryConfig } from "./canary-config-schema.js";
import type { Clock } from "./clock.js";
import { type JudgeRunOptions, runJudge } from "./judge.js";
import type { MetricSetPair } from "./judge-input-schema.js";
import type { CanaryJudgeResult } from "./judge-result.js";
import { type MetricSource, fetchMetricSetPairs } from "./metric-source.js";

/** One side's scope without its window (the planner supplies the windows). */
export interface ScopeTemplate {
  /** Scope value. */
  readonly scope: string;
  /** Location. */
  readonly location?: string;
  /** Step in seconds (default 60). */
  readonly step?: number;
  /** Extra template variables. */
  readonly extendedScopeParams?: Readonly<Record<string, string>>;
}

/** Inputs of {@link runAnalysis}. */
export interface AnalysisRunRequest {
  /** Canary config. */
  readonly config: CanaryConfig;
  /** Where metric values come from. */
  readonly source: MetricSource;
  /** The plan from {@link planAnalysis}. */
  readonly plan: AnalysisPlan;
  /** Control and experiment scopes. */
  readonly scopes: { readonly control: ScopeTemplate; readonly experiment: ScopeTemplate };
  /** Score thresholds (orca reads them as integers). */
  readonly thresholds: { readonly pass?: number | null; readonly marginal?: number | null };
  /** Injected clock. */
  readonly clock: Clock;
  /** Judge options (seed, defaults). */
  readonly judgeOptions?: JudgeRunOptions;
  /** A failing interval gives FAILED_CONTINUE instead of TERMINAL. */
  readonly continuePipeline?: boolean;
  /** Called after each judgement. */
  readonly onJudgement?: (outcome: IntervalOutcome) => void;
}

/** Outcome of one judgement. */
export interface IntervalOutcome {
  /** 1-based index. */
  readonly index: number;
  /** Experiment window. */
  readonly experiment: TimeWindow;
  /** Control window. */
  readonly control: TimeWindow;
  /** The judge result. */
  readonly result: CanaryJudgeResult;
  /** The metric set pairs judged (for reports). */
  readonly pairs: readonly MetricSetPair[];
  /** Warnings (e.g. fewer than 50 control points). */
  readonly warnings: readonly string[];
}

/** Final status of the canary stage. */
export type AnalysisStatus = "SUCCEEDED" | "TERMINAL" | "FAILED_CONTINUE";

/** Result of a multi-interval analysis. */
export interface AnalysisRunResult {
  /** Stage status. */
  readonly status: AnalysisStatus;
  /** Human-readable reason. */
  readonly message: string;
  /** Scores of the judgements that ran, in order. */
  readonly canaryScores: readonly number[];
  /** Every judgement that ran. */
  readonly intervals: readonly IntervalOutcome[];
  /** True when an interval at or below marginal stopped the run. */
  readonly stoppedEarly: boolean;
}

/** Warning text orca records when a control series is short. */
export const FEW_DATA_POINTS_WARNING =
  "One of the metrics returned fewer than 50 data points, which can reduce confidence in the final canary score.";

/**
 * Runs a planned canary analysis: warm-up wait, per-interval waits (real-time plans), one judgement
 * per window, early stop when a score is at or below marginal, and orca's last-score aggregation.
 */
export async function runAnalysis(req: AnalysisRunRequest): Promise<AnalysisRunResult> {
  const { plan, clock } = req;
  const thresholds = orcaScoreThresholds(req.thresholds);
  if (plan.warmupMinutes > 0) await clock.sleep(plan.warmupMinutes * 60_000);
  const intervals: IntervalOutcome[] = [];
  const scores: number[] = [];
  for (const j of plan.judgements) {
    if (j.waitBeforeMs > 0) await clock.sleep(j.waitBeforeMs);
    const scope = (t: ScopeTemplate, w: TimeWindow) => ({
      scope: t.scope,
      ...(t.location !== undefined ? { location: t.location } : {}),
      start: w.start,
      end: w.end,
      step: t.step ?? 60,
      ...(t.extendedScopeParams !== undefined ? { extendedScopeParams: t.extendedScopeParams } : {}),
    });
    const pairs = await fetchMetricSetPairs(
      req.source,
      req.config.metrics,
      { control: scope(req.scopes.control, j.control), experiment: scope(req.scopes.experiment, j.experiment) },
      req.config.templates ?? undefined,
    );
    const result = runJudge(req.config, pairs, thresholds, req.judgeOptions);
    const warnings = result.results.some((r) => r.controlMetadata.stats.count < 50) ? [FEW_DATA_POINTS_WARNING] : [];
    const outcome: IntervalOutcome = { index: j.index, experiment: j.experiment, control: j.control, result, pairs, warnings };
    intervals.push(outcome);
    scores.push(result.score.score);
    req.onJudgement?.(outcome);
    if (intervalScoreFails(result.score.score, thresholds.marginal)) {
      return {
        status: req.continuePipeline === true ? "FAILED_CONTINUE" : "TERMINAL",
        message: "Canary score is not above the marginal score threshold",
        canaryScores: scores,
        intervals,
        stoppedEarly: true,
      };
    }
  }
  const agg = aggregateOrca(scores, thresholds);
  return { status: agg.status, message: agg.message, canaryScores: scores, intervals, stoppedEarly: false };
}
