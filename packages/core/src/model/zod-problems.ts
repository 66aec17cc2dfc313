/**
 * Turns zod issues into validation problems with stable codes and readable messages.
 * @module
 */
import type { z } from "zod";
import type { PathSegment } from "./json-path.js";
import { valueAt } from "./json-path.js";
import { SPEL_TEMPLATE_ISSUE_PARAMS } from "./pipeline-config.js";

/** How messages name a SpEL template, as the alternative to a field's type. */
const EXPRESSION_ALTERNATIVE = 'an expression "${...}"';

/** A validation problem whose path is still a list of segments (formatted once, at the end). */
export interface LocatedProblem {
  /** Path of the offending value inside the validated document. */
  segments: PathSegment[];
  /** Stable problem code. */
  code: string;
  /** Human-readable description. */
  message: string;
}

type Issue = z.core.$ZodIssue;

/** Allowed ranges of the execution-window fields, for messages. */
const WINDOW_RANGES: Record<string, string> = {
  startHour: "an integer from 0 to 23",
  endHour: "an integer from 0 to 23",
  startMin: "an integer from 0 to 59",
  endMin: "an integer from 0 to 59",
  days: "an integer from 1 (Sunday) to 7 (Saturday)",
  minDelay: "a non-negative number of seconds",
  maxDelay: "a non-negative number of seconds",
};

/** Converts every zod issue of a failed parse of `input` into located problems. */
export function problemsFromZodIssues(issues: readonly Issue[], input: unknown): LocatedProblem[] {
  return issues
    .flatMap((issue) => flattenIssue(issue, []))
    .map(({ issue, segments, expressionAllowed }) => ({
      segments,
      ...describeIssue(issue, segments, valueAt(input, segments), expressionAllowed),
    }));
}

/** An issue with its absolute path; `expressionAllowed` when a SpEL template was accepted there too. */
interface FlatIssue {
  issue: Issue;
  segments: PathSegment[];
  expressionAllowed: boolean;
}

/**
 * Resolves the issues of `orExpression` unions: the value was not a SpEL template, so the issues of
 * the typed branch are the real problems (reported at their own, possibly deeper, paths).
 */
function flattenIssue(issue: Issue, base: readonly PathSegment[]): FlatIssue[] {
  const segments = [...base, ...issue.path.map((s): PathSegment => (typeof s === "symbol" ? s.toString() : s))];
  if (issue.code !== "invalid_union") return [{ issue, segments, expressionAllowed: false }];
  const typed = issue.errors.filter((branch) => !isSpelTemplateBranch(branch));
  if (typed.length === issue.errors.length || typed.length === 0) return [{ issue, segments, expressionAllowed: false }];
  if (typed.length > 1) {
    const rest: Issue = { code: "invalid_union", path: issue.path, message: issue.message, input: issue.input, errors: typed };
    return [{ issue: rest, segments, expressionAllowed: true }];
  }
  return typed[0]!.flatMap((inner) =>
    flattenIssue(inner, segments).map((flat) =>
      inner.path.length === 0 && flat.segments.length === segments.length ? { ...flat, expressionAllowed: true } : flat,
    ),
  );
}

/** Whether a union branch failed only because the value is not a SpEL template. */
function isSpelTemplateBranch(branch: readonly Issue[]): boolean {
  const [only] = branch;
  return (
    branch.length === 1 &&
    only !== undefined &&
    only.code === "custom" &&
    only.path.length === 0 &&
    only.params?.["spelTemplate"] === SPEL_TEMPLATE_ISSUE_PARAMS.spelTemplate
  );
}

/** Short name of a JSON value's kind: `string`, `number`, `boolean`, `null`, `array`, `object`, `undefined`. */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describeIssue(
  issue: Issue,
  segments: PathSegment[],
  value: unknown,
  expressionAllowed: boolean,
): { code: string; message: string } {
  const alternatives = expressionAllowed ? [EXPRESSION_ALTERNATIVE] : [];
  if (isStageTypePath(segments) && (value === undefined || value === null || value === "")) {
    return { code: "missing_type", message: value === "" ? "stage type must not be empty" : "stage has no type" };
  }
  if (issue.code === "custom" && typeof issue.params?.["code"] === "string") {
    return { code: issue.params["code"], message: issue.message };
  }
  const windowField = windowFieldOf(segments);
  if (windowField !== undefined && typeof value === "number" && isRangeIssue(issue)) {
    return { code: "invalid_window", message: `${windowField} must be ${WINDOW_RANGES[windowField]}, got ${value}` };
  }
  switch (issue.code) {
    case "invalid_type":
      return { code: "invalid_type", message: expectedMessage([issue.expected, ...alternatives], value) };
    case "invalid_union": {
      const expected = unionExpectations(issue);
      return expected
        ? { code: "invalid_type", message: expectedMessage([...expected, ...alternatives], value) }
        : { code: "invalid_union", message: issue.message };
    }
    case "too_small":
      return { code: "too_small", message: boundMessage("at least", issue.origin, issue.minimum, issue.inclusive, value) };
    case "too_big":
      return { code: "too_big", message: boundMessage("at most", issue.origin, issue.maximum, issue.inclusive, value) };
    case "invalid_value": {
      const oneOf = `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      return { code: "invalid_value", message: `expected ${[oneOf, ...alternatives].join(" or ")}, got ${JSON.stringify(value)}` };
    }
    default:
      return { code: issue.code, message: issue.message };
  }
}

function isStageTypePath(segments: PathSegment[]): boolean {
  return segments.length === 3 && segments[0] === "stages" && typeof segments[1] === "number" && segments[2] === "type";
}

/** The window field (`startHour`, `days`, `maxDelay`, …) a path points into, if it is one. */
function windowFieldOf(segments: PathSegment[]): string | undefined {
  const at = segments.indexOf("restrictedExecutionWindow");
  if (at === -1) return undefined;
  const rest = segments.slice(at + 1);
  if (rest[0] === "days" && rest.length === 2) return "days";
  const last = rest[rest.length - 1];
  if ((rest[0] === "whitelist" && rest.length === 3) || (rest[0] === "jitter" && rest.length === 2)) {
    return typeof last === "string" && last in WINDOW_RANGES ? last : undefined;
  }
  return undefined;
}

function isRangeIssue(issue: Issue): boolean {
  return issue.code === "too_big" || issue.code === "too_small" || (issue.code === "invalid_type" && issue.expected === "int");
}

/** `expected` of each union branch, when every branch failed only on the value's type. */
function unionExpectations(issue: z.core.$ZodIssueInvalidUnion): string[] | undefined {
  const expected: string[] = [];
  for (const branch of issue.errors) {
    const [only] = branch;
    if (branch.length !== 1 || only === undefined || only.code !== "invalid_type" || only.path.length > 0) return undefined;
    expected.push(only.expected);
  }
  return expected.length > 0 ? expected : undefined;
}

function expectedMessage(expected: readonly string[], value: unknown): string {
  const names = expected.map((e) => (e === "int" ? "integer" : e)).join(" or ");
  if (value === undefined) return `missing required field (expected ${names})`;
  const got = typeof value === "number" && expected.includes("int") ? String(value) : kindOf(value);
  return `expected ${names}, got ${got}`;
}

function boundMessage(
  direction: "at least" | "at most",
  origin: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
  value: unknown,
): string {
  if (origin === "string" && direction === "at least" && Number(bound) === 1) return "must not be empty";
  if (origin === "number" || origin === "int" || origin === "bigint") {
    const op = direction === "at least" ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
    return `must be ${op} ${bound}, got ${String(value)}`;
  }
  const unit = origin === "string" ? "characters" : "items";
  return `must have ${direction} ${bound} ${unit}`;
}
