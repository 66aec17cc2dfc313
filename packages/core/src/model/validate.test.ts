import { describe, expect, it } from "vitest";
import { PipelineValidationError } from "../errors.js";
import type { ValidationProblem } from "../errors.js";
import { realisticPipeline } from "./realistic-pipeline.fixture.js";
import { parsePipelineConfig, validatePipelineConfig } from "./validate.js";

const KNOWN_TYPES = new Set(["wait", "deploy", "manualJudgment", "evaluateVariables", "checkPreconditions"]);
const isKnownStageType = (type: string): boolean => KNOWN_TYPES.has(type);

function problemsOf(input: unknown): ValidationProblem[] {
  const result = validatePipelineConfig(input, { isKnownStageType });
  if (result.ok) throw new Error("expected the pipeline to be invalid");
  return result.problems;
}

const pathsAndCodes = (problems: ValidationProblem[]) => problems.map(({ path, code }) => ({ path, code }));

/** A pipeline with every kind of problem at once. */
function malformedPipeline(): unknown {
  return {
    name: 42,
    limitConcurrent: "yes",
    stages: [
      { refId: "1", type: "wait", failPipeline: "no" },
      { refId: "2", requisiteStageRefIds: ["1"] },
      { refId: "3", type: "teleport", requisiteStageRefIds: ["42"] },
      { refId: "1", type: "wait" },
      { refId: "5", type: "wait", requisiteStageRefIds: ["5"] },
      { refId: "6", type: "wait", requisiteStageRefIds: ["7"] },
      { refId: "7", type: "wait", requisiteStageRefIds: ["6"] },
      { type: "wait" },
      {
        refId: "9",
        type: "deploy",
        restrictExecutionDuringTimeWindow: true,
        restrictedExecutionWindow: {
          whitelist: [{ startHour: 24, startMin: 0, endHour: 10, endMin: 60 }],
          days: [0, 3],
          jitter: { enabled: true, minDelay: 30, maxDelay: 10 },
          timezone: "Mars/Olympus_Mons",
        },
      },
    ],
    parameterConfig: [{ name: "env" }, { name: "env", default: "prod" }],
  };
}

describe("validatePipelineConfig", () => {
  it("accepts a realistic pipeline with parallel branches and a join", () => {
    const result = validatePipelineConfig(realisticPipeline(), { isKnownStageType });
    expect(result).toMatchObject({ ok: true, problems: [] });
  });

  it("reports every problem of a malformed pipeline, with exact paths and codes, in document order", () => {
    const problems = problemsOf(malformedPipeline());
    const window = "$.stages[8].restrictedExecutionWindow";
    expect(pathsAndCodes(problems)).toEqual([
      { path: "$.name", code: "invalid_type" },
      { path: "$.limitConcurrent", code: "invalid_type" },
      { path: "$.stages[0].failPipeline", code: "invalid_type" },
      { path: "$.stages[1].type", code: "missing_type" },
      { path: "$.stages[2].type", code: "unknown_stage_type" },
      { path: "$.stages[2].requisiteStageRefIds[0]", code: "unknown_requisite" },
      { path: "$.stages[3].refId", code: "duplicate_ref_id" },
      { path: "$.stages[4].requisiteStageRefIds[0]", code: "cycle" },
      { path: "$.stages[6].requisiteStageRefIds[0]", code: "cycle" },
      { path: "$.stages[7].refId", code: "missing_ref_id" },
      { path: `${window}.whitelist[0].startHour`, code: "invalid_window" },
      { path: `${window}.whitelist[0].endMin`, code: "invalid_window" },
      { path: `${window}.days[0]`, code: "invalid_window" },
      { path: `${window}.jitter.maxDelay`, code: "invalid_window" },
      { path: `${window}.timezone`, code: "unknown_time_zone" },
      { path: "$.parameterConfig[1].name", code: "duplicate_parameter" },
    ]);
    const message = (path: string) => problems.find((p) => p.path === path)?.message;
    expect(message("$.name")).toBe("expected string, got number");
    expect(message("$.limitConcurrent")).toBe("expected boolean, got string");
    expect(message("$.stages[2].type")).toContain('"teleport"');
    expect(message("$.stages[2].requisiteStageRefIds[0]")).toContain('"42"');
    expect(message("$.stages[3].refId")).toMatch(/"1".*stage 0/);
    expect(message("$.stages[4].requisiteStageRefIds[0]")).toMatch(/: 5 -> 5$/);
    expect(message("$.stages[6].requisiteStageRefIds[0]")).toMatch(/: 6 -> 7 -> 6$/);
    expect(message(`${window}.whitelist[0].startHour`)).toBe("startHour must be an integer from 0 to 23, got 24");
    expect(message(`${window}.days[0]`)).toContain("got 0");
    expect(message(`${window}.timezone`)).toContain("Mars/Olympus_Mons");
    expect(message("$.parameterConfig[1].name")).toMatch(/"env".*parameterConfig\[0\]/);
  });

  it("parsePipelineConfig throws PipelineValidationError carrying every problem", () => {
    let caught: unknown;
    try {
      parsePipelineConfig(malformedPipeline(), { isKnownStageType });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PipelineValidationError);
    const error = caught as PipelineValidationError;
    expect(error.code).toBe("PIPELINE_INVALID");
    expect(error.problems).toEqual(problemsOf(malformedPipeline()));
    expect(error.problems).toHaveLength(16);
  });

  it.each([
    ["null", null, "expected object, got null"],
    ["an array", [], "expected object, got array"],
    ["a string", "pipeline", "expected object, got string"],
  ])("reports a document that is %s at $", (_label, input, message) => {
    expect(problemsOf(input)).toEqual([{ path: "$", code: "invalid_type", message }]);
  });

  it("reports a missing stages array", () => {
    expect(pathsAndCodes(problemsOf({ name: "p" }))).toEqual([{ path: "$.stages", code: "invalid_type" }]);
  });

  it("reports an empty stage type as missing_type and a non-string type as invalid_type", () => {
    const problems = problemsOf({ stages: [{ type: "" }, { type: 7 }] });
    expect(pathsAndCodes(problems)).toEqual([
      { path: "$.stages[0].type", code: "missing_type" },
      { path: "$.stages[1].type", code: "invalid_type" },
    ]);
  });

  it("does not check stage types without isKnownStageType", () => {
    expect(validatePipelineConfig({ stages: [{ type: "teleport" }] }).ok).toBe(true);
  });

  it("reports a refId that is neither string nor number", () => {
    const problems = problemsOf({ stages: [{ type: "wait", refId: true }] });
    expect(problems).toEqual([{ path: "$.stages[0].refId", code: "invalid_type", message: "expected string or number, got boolean" }]);
  });

  it("reports problems nested in arrays of objects", () => {
    const problems = problemsOf({ stages: [{ type: "wait", notifications: [{ when: "x" }] }], "x-y": 1, notifications: "no" });
    expect(pathsAndCodes(problems)).toEqual([
      { path: "$.stages[0].notifications[0].when", code: "invalid_type" },
      { path: "$.notifications", code: "invalid_type" },
    ]);
  });

  it("treats 1 and \"1\" as the same refId", () => {
    const problems = problemsOf({ stages: [{ type: "wait", refId: 1 }, { type: "wait", refId: "1" }] });
    expect(pathsAndCodes(problems)).toEqual([{ path: "$.stages[1].refId", code: "duplicate_ref_id" }]);
  });

  it("does not check requisites of a linear pipeline (Orca replaces them)", () => {
    expect(validatePipelineConfig({ stages: [{ type: "wait" }, { type: "wait", requisiteStageRefIds: ["x"] }] }).ok).toBe(true);
  });
});

describe("cycle detection", () => {
  const stage = (refId: string, ...requires: string[]) => ({ type: "wait", refId, requisiteStageRefIds: requires });

  it("reports a self-dependency (cycle of length 1)", () => {
    expect(problemsOf({ stages: [stage("a"), stage("1", "a", "1")] })).toEqual([
      { path: "$.stages[1].requisiteStageRefIds[1]", code: "cycle", message: "stages depend on each other in a cycle: 1 -> 1" },
    ]);
  });

  it("reports a cycle of length 2 once", () => {
    expect(problemsOf({ stages: [stage("1", "2"), stage("2", "1")] })).toEqual([
      { path: "$.stages[1].requisiteStageRefIds[0]", code: "cycle", message: "stages depend on each other in a cycle: 1 -> 2 -> 1" },
    ]);
  });

  it("reports a cycle of length 3 once, in run order", () => {
    // 2 requires 1, 3 requires 2, 1 requires 3: 1 runs before 2 runs before 3 runs before 1.
    expect(problemsOf({ stages: [stage("1", "3"), stage("2", "1"), stage("3", "2"), stage("4", "3")] })).toEqual([
      { path: "$.stages[1].requisiteStageRefIds[0]", code: "cycle", message: "stages depend on each other in a cycle: 1 -> 2 -> 3 -> 1" },
    ]);
  });

  it("accepts a diamond (fan-out and join)", () => {
    const result = validatePipelineConfig({ stages: [stage("1"), stage("2", "1"), stage("3", "1"), stage("4", "2", "3")] });
    expect(result.ok).toBe(true);
  });
});
