/**
 * Typed errors raised by `@gennaker/canary`. Every error has a stable `code` and, where it
 * concerns input, the JSON `path` of the offending field.
 */

/** Base class of every error thrown by this package. */
export class CanaryError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** JSON path of the field at fault (empty when not tied to a field). */
  readonly path: readonly (string | number)[];

  constructor(code: string, message: string, path: readonly (string | number)[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.path = path;
  }
}

/** Input (config, request or judge input) failed validation; `path` names the field. */
export class CanaryValidationError extends CanaryError {
  /** Every problem found, each with its own path. */
  readonly issues: readonly { path: readonly (string | number)[]; message: string }[];

  constructor(issues: readonly { path: readonly (string | number)[]; message: string }[]) {
    const first = issues[0] ?? { path: [], message: "invalid input" };
    super("CANARY_VALIDATION", `${formatPath(first.path)}: ${first.message}`, first.path);
    this.issues = issues;
  }
}

/**
 * A value in `analysisConfigurations.canary` has a type Kayenta cannot read (Kayenta throws a
 * ClassCastException or NullPointerException and fails the whole judgement).
 */
export class CanarySettingTypeError extends CanaryError {
  constructor(path: readonly (string | number)[], message: string) {
    super("CANARY_SETTING_TYPE", `${formatPath(path)}: ${message}`, path);
  }
}

/** A metric set pair names a metric that the config does not define. */
export class MetricConfigNotFoundError extends CanaryError {
  /** The metric name that could not be resolved. */
  readonly metricName: string;

  constructor(metricName: string, path: readonly (string | number)[] = []) {
    super("METRIC_CONFIG_NOT_FOUND", `Could not find metric config for ${metricName}`, path);
    this.metricName = metricName;
  }
}

/** `outliers.outlierFactor` is zero or negative while outlier removal is enabled. */
export class OutlierFactorError extends CanaryError {
  constructor(path: readonly (string | number)[], factor: number) {
    super("OUTLIER_FACTOR", `requirement failed: factor must be greater than zero (got ${factor})`, path);
  }
}

/** The config names a judge that is not registered. */
export class JudgeNotFoundError extends CanaryError {
  constructor(name: string) {
    super("JUDGE_NOT_FOUND", `Unable to resolve canary judge '${name}'`, ["config", "judge", "name"]);
  }
}

/**
 * Every pooled observation is tied, so the Mann-Whitney interval cannot be computed. The judge turns
 * this into an `Error` classification, as Kayenta does.
 */
export class AllObservationsTiedError extends CanaryError {
  constructor() {
    super("ALL_OBSERVATIONS_TIED", "cannot compute confidence interval when all observations are tied");
  }
}

/** A metric source failed (bad query, transport error, empty result...). */
export class MetricSourceError extends CanaryError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, [], options);
  }
}

/** Formats a JSON path as `a.b[0].c` for messages. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}
