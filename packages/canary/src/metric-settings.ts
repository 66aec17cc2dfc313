import { CanarySettingTypeError } from "./errors.js";

/** Default Mann-Whitney confidence level (Kayenta's hard-coded 0.98). */
export const DEFAULT_CONFIDENCE_LEVEL = 0.98;
/** Default tolerance band factor (Kayenta's hard-coded 0.25). */
export const DEFAULT_TOLERANCE = 0.25;
/** Default IQR outlier factor. */
export const DEFAULT_OUTLIER_FACTOR = 3.0;

/** Which change can fail a metric. */
export type MetricDirection = "increase" | "decrease" | "either";
/** What happens to NaN values. */
export type NanStrategy = "remove" | "replace";
/** Effect-size measure gating High/Low. */
export type EffectSizeMeasure = "meanRatio" | "cles";

/** The per-metric analysis settings the judge reads from `analysisConfigurations.canary`. */
export interface MetricSettings {
  /** `increase`: only High fails; `decrease`: only Low fails; `either`. */
  readonly direction: MetricDirection;
  /** NaN policy. */
  readonly nanStrategy: NanStrategy;
  /** A High/Low beyond the critical effect size, or missing data, zeroes the canary. */
  readonly critical: boolean;
  /** Missing data gives NodataFailMetric (when not critical). */
  readonly mustHaveData: boolean;
  /** Classified but excluded from scores. */
  readonly muted: boolean;
  /** Whether IQR outlier removal runs. */
  readonly removeOutliers: boolean;
  /** IQR multiplier. */
  readonly outlierFactor: number;
  /** Effect-size measure. */
  readonly effectSizeMeasure: EffectSizeMeasure;
  /** A High needs effect >= this. */
  readonly allowedIncrease: number;
  /** A Low needs effect <= this. */
  readonly allowedDecrease: number;
  /** A critical High escalates only if effect >= this. */
  readonly criticalIncrease: number;
  /** A critical Low escalates only if effect <= this. */
  readonly criticalDecrease: number;
  /** Mann-Whitney confidence level. */
  readonly confidenceLevel: number;
  /** Tolerance band factor. */
  readonly tolerance: number;
}

/** Defaults for the Gennaker-only settings, taken from the config or the judge options. */
export interface SettingDefaults {
  /** Confidence level when the metric sets none. */
  readonly confidenceLevel: number;
  /** Tolerance when the metric sets none. */
  readonly tolerance: number;
}

type Path = readonly (string | number)[];

/** Kayenta's nested-map lookup: missing or null intermediates mean "missing" (undefined). */
function lookup(root: unknown, keys: readonly string[], basePath: Path): unknown {
  let cur: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    if (cur === undefined || cur === null) return undefined;
    if (typeof cur !== "object" || Array.isArray(cur)) {
      throw new CanarySettingTypeError([...basePath, ...keys.slice(0, i)], `expected an object, got ${describeType(cur)}`);
    }
    const key = keys[i]!;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

function readString(root: unknown, keys: readonly string[], basePath: Path, fallback: string): string {
  const v = lookup(root, keys, basePath);
  if (v === undefined) return fallback;
  const path = [...basePath, ...keys];
  if (v === null) throw new CanarySettingTypeError(path, "null is not allowed here (Kayenta fails with a NullPointerException)");
  if (typeof v !== "string") throw new CanarySettingTypeError(path, `expected a string, got ${describeType(v)}`);
  return v;
}

function readBoolean(root: unknown, keys: readonly string[], basePath: Path, fallback: boolean): boolean {
  const v = lookup(root, keys, basePath);
  if (v === undefined) return fallback;
  if (v === null) return false;
  if (typeof v !== "boolean") throw new CanarySettingTypeError([...basePath, ...keys], `expected a boolean, got ${describeType(v)}`);
  return v;
}

function readNumber(root: unknown, keys: readonly string[], basePath: Path, fallback: number): number {
  const v = lookup(root, keys, basePath);
  if (v === undefined) return fallback;
  if (v === null) return 0;
  const path = [...basePath, ...keys];
  if (typeof v !== "number") throw new CanarySettingTypeError(path, `expected a number, got ${describeType(v)}`);
  if (Number.isInteger(v) && (v > 2147483647 || v < -2147483648)) {
    throw new CanarySettingTypeError(path, `integer ${v} is outside the 32-bit range Kayenta reads`);
  }
  return v;
}

/**
 * Reads `analysisConfigurations.canary` exactly as Kayenta does (defaults, lenient strings,
 * null leaves) and throws {@link CanarySettingTypeError} naming the field where Kayenta throws.
 *
 * @param analysisConfigurations the metric's `analysisConfigurations` map
 * @param basePath JSON path of that map, used in error messages
 */
export function readMetricSettings(
  analysisConfigurations: unknown,
  basePath: Path = ["analysisConfigurations"],
  defaults: SettingDefaults = { confidenceLevel: DEFAULT_CONFIDENCE_LEVEL, tolerance: DEFAULT_TOLERANCE },
): MetricSettings {
  const canary = lookup(analysisConfigurations, ["canary"], basePath);
  const cp: Path = [...basePath, "canary"];
  const root = canary ?? {};
  const directionText = readString(root, ["direction"], cp, "either");
  const direction: MetricDirection = directionText === "increase" ? "increase" : directionText === "decrease" ? "decrease" : "either";
  const nanStrategy: NanStrategy = readString(root, ["nanStrategy"], cp, "none") === "replace" ? "replace" : "remove";
  const critical = readBoolean(root, ["critical"], cp, false);
  const mustHaveData = readBoolean(root, ["mustHaveData"], cp, false);
  const muted = readBoolean(root, ["muted"], cp, false);
  const removeOutliers = readString(root, ["outliers", "strategy"], cp, "none") === "remove";
  const outlierFactor = readNumber(root, ["outliers", "outlierFactor"], cp, DEFAULT_OUTLIER_FACTOR);
  const effectSizeMeasure: EffectSizeMeasure = readString(root, ["effectSize", "measure"], cp, "meanRatio") === "cles" ? "cles" : "meanRatio";
  const d = effectSizeMeasure === "cles" ? 0.5 : 1.0;
  const allowedIncrease = readNumber(root, ["effectSize", "allowedIncrease"], cp, d);
  const allowedDecrease = readNumber(root, ["effectSize", "allowedDecrease"], cp, d);
  const criticalIncrease = readNumber(root, ["effectSize", "criticalIncrease"], cp, d);
  const criticalDecrease = readNumber(root, ["effectSize", "criticalDecrease"], cp, d);
  const confidenceLevel = readNumber(root, ["confidenceLevel"], cp, defaults.confidenceLevel);
  const tolerance = readNumber(root, ["tolerance"], cp, defaults.tolerance);
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new CanarySettingTypeError([...cp, "confidenceLevel"], `confidence level must be in (0, 1), got ${confidenceLevel}`);
  }
  if (!(tolerance >= 0)) throw new CanarySettingTypeError([...cp, "tolerance"], `tolerance must be >= 0, got ${tolerance}`);
  return {
    direction,
    nanStrategy,
    critical,
    mustHaveData,
    muted,
    removeOutliers,
    outlierFactor,
    effectSizeMeasure,
    allowedIncrease,
    allowedDecrease,
    criticalIncrease,
    criticalDecrease,
    confidenceLevel,
    tolerance,
  };
}
