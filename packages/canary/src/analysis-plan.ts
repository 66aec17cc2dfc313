import { CanaryValidationError } from "./errors.js";

const MINUTE = 60_000;

/** Inputs of the multi-interval planner (spec section 8), times in epoch milliseconds. */
export interface AnalysisPlanRequest {
  /** Start of the analysis (first scope's start); defaults to `now` when an end is given. */
  readonly startTime?: number | null;
  /** Explicit end; when given, windows are `[start, start + i·interval]` and nothing waits. */
  readonly endTime?: number | null;
  /** Lifetime in minutes; required unless `endTime` is given. */
  readonly lifetimeMinutes?: number | null;
  /** Current time (from the injected clock). */
  readonly now: number;
  /** Warm-up minutes (`beginCanaryAnalysisAfterMins`), default 0. */
  readonly warmupMinutes?: number | null;
  /** Judgement interval minutes; missing, 0 or longer than the lifetime means the lifetime. */
  readonly intervalMinutes?: number | null;
  /** Sliding window length in minutes; 0 or missing means a growing window. */
  readonly lookbackMinutes?: number | null;
  /** The control window is shifted this many minutes earlier. */
  readonly baselineOffsetMinutes?: number | null;
}

/** A time window `[start, end]` in epoch milliseconds. */
export interface TimeWindow {
  /** Start (inclusive). */
  readonly start: number;
  /** End. */
  readonly end: number;
}

/** One planned judgement. */
export interface PlannedJudgement {
  /** 1-based index (the `#i` of "Run Canary #i"). */
  readonly index: number;
  /** Milliseconds to wait before this judgement (interval pacing when no end time). */
  readonly waitBeforeMs: number;
  /** Experiment window. */
  readonly experiment: TimeWindow;
  /** Control window (experiment minus the baseline offset). */
  readonly control: TimeWindow;
}

/** A pure plan of the kayentaCanary stage. */
export interface AnalysisPlan {
  /** Lifetime in minutes. */
  readonly lifetimeMinutes: number;
  /** Effective interval in minutes. */
  readonly intervalMinutes: number;
  /** Warm-up wait in minutes ("Warmup Wait" stage when > 0). */
  readonly warmupMinutes: number;
  /** True when judgements are paced in real time (no explicit end). */
  readonly realTimePacing: boolean;
  /** The judgements in order. */
  readonly judgements: readonly PlannedJudgement[];
}

/**
 * Plans the judgements of a canary stage exactly as orca's `RunCanaryIntervalsStage` does:
 * `N = floor(lifetime / interval)` windows, growing or sliding (`lookback`), warm-up shifting only
 * real-time windows, control windows shifted by the baseline offset.
 */
export function planAnalysis(req: AnalysisPlanRequest): AnalysisPlan {
  const warmup = req.warmupMinutes ?? 0;
  const lookback = req.lookbackMinutes ?? 0;
  const offset = req.baselineOffsetMinutes ?? 0;
  const hasEnd = req.endTime !== undefined && req.endTime !== null;
  let lifetime: number;
  if (hasEnd) {
    const start = req.startTime ?? req.now;
    lifetime = Math.trunc((req.endTime! - start) / MINUTE);
  } else if (req.lifetimeMinutes !== undefined && req.lifetimeMinutes !== null) {
    lifetime = req.lifetimeMinutes;
  } else {
    throw new CanaryValidationError([{ path: ["lifetimeDuration"], message: "a lifetime (lifetimeDuration) or an end time is required" }]);
  }
  const requested = req.intervalMinutes ?? 0;
  const interval = requested <= 0 || requested > lifetime ? lifetime : requested;
  const n = interval > 0 ? Math.floor(lifetime / interval) : 0;
  const judgements: PlannedJudgement[] = [];
  for (let i = 1; i <= n; i++) {
    let start: number;
    let end: number;
    if (hasEnd) {
      start = req.startTime ?? req.now;
      end = start + i * interval * MINUTE;
    } else {
      start = req.now + warmup * MINUTE;
      end = start + i * interval * MINUTE;
    }
    if (lookback > 0) start = end - lookback * MINUTE;
    judgements.push({
      index: i,
      waitBeforeMs: hasEnd ? 0 : interval * MINUTE,
      experiment: { start, end },
      control: { start: start - offset * MINUTE, end: end - offset * MINUTE },
    });
  }
  return { lifetimeMinutes: lifetime, intervalMinutes: interval, warmupMinutes: warmup, realTimePacing: !hasEnd, judgements };
}

/**
 * Parses an ISO-8601 duration (`PT1H`, `P2D`, `PT90M`, `P1DT2H30M`) into whole minutes.
 * Throws {@link CanaryValidationError} for anything else.
 */
export function parseIsoDurationMinutes(text: string, path: readonly (string | number)[] = ["lifetimeDuration"]): number {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (m === null || text === "P" || text.endsWith("T")) {
    throw new CanaryValidationError([{ path, message: `not an ISO-8601 duration: ${JSON.stringify(text)}` }]);
  }
  const [, d, h, min, s] = m;
  const seconds = Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  return Math.trunc(seconds / 60);
}

/**
 * Reads an orca integer field that may arrive as a number, a numeric string, `""` or null (the
 * last two mean missing).
 */
export function readOrcaInt(value: unknown, path: readonly (string | number)[]): number | null {
  if (value === undefined || value === null || value === "") return null;
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) throw new CanaryValidationError([{ path, message: `expected an integer, got ${JSON.stringify(value)}` }]);
  return Math.trunc(n);
}
