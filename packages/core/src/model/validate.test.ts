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
    expect(message("$.limitConcurrent")).toBe('expected boolean or an expression "${...}", got string');
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

describe("SpEL templates in typed fields", () => {
  const EXPRESSION = 'an expression "${...}"';

  it("accepts expressions wherever a number, integer, boolean, enum or array is expected", () => {
    const result = validatePipelineConfig(
      {
        limitConcurrent: "${trigger.parameters.serial}",
        maxConcurrentExecutions: "${parameters.max}",
        keepWaitingPipelines: "${parameters.keep}",
        spelEvaluator: "${parameters.evaluator}",
        notifications: "${parameters.notifications}",
        stages: [
          { refId: "1", type: "wait", waitTime: "${parameters.wait}", stageTimeoutMs: "${parameters.timeout}" },
          {
            refId: "2",
            requisiteStageRefIds: ["1"],
            type: "deploy",
            failPipeline: "${trigger.parameters.strict}",
            restrictExecutionDuringTimeWindow: "${parameters.restrict}",
            restrictedExecutionWindow: {
              days: "${parameters.days}",
              whitelist: [{ startHour: "${parameters.from}", startMin: 0, endHour: 17, endMin: "${parameters.endMin}" }],
              jitter: { enabled: "${parameters.jitter}", minDelay: "${parameters.min}", maxDelay: 10 },
              timezone: "${parameters.tz}",
            },
          },
        ],
      },
      { isKnownStageType },
    );
    expect(result).toMatchObject({ ok: true, problems: [] });
    const stage = result.ok ? result.config.stages[1] : undefined;
    expect(stage?.restrictedExecutionWindow?.days).toBe("${parameters.days}");
    expect(stage?.failPipeline).toBe("${trigger.parameters.strict}");
  });

  it.each([
    ["stageTimeoutMs", { stages: [{ type: "wait", stageTimeoutMs: "one hour" }] }, "$.stages[0].stageTimeoutMs", "number"],
    ["failPipeline", { stages: [{ type: "wait", failPipeline: "no" }] }, "$.stages[0].failPipeline", "boolean"],
    ["limitConcurrent", { stages: [], limitConcurrent: "yes" }, "$.limitConcurrent", "boolean"],
    ["maxConcurrentExecutions", { stages: [], maxConcurrentExecutions: "$parameters.max" }, "$.maxConcurrentExecutions", "number"],
    ["a whitelist hour", { stages: [{ type: "wait", restrictedExecutionWindow: { whitelist: [{ startHour: "nine", startMin: 0, endHour: 17, endMin: 0 }] } }] }, "$.stages[0].restrictedExecutionWindow.whitelist[0].startHour", "number"],
    ["days", { stages: [{ type: "wait", restrictedExecutionWindow: { days: "weekdays" } }] }, "$.stages[0].restrictedExecutionWindow.days", "array"],
  ])("rejects a plain string in %s as invalid_type, saying an expression is allowed", (_label, input, path, type) => {
    expect(problemsOf(input)).toEqual([{ path, code: "invalid_type", message: `expected ${type} or ${EXPRESSION}, got string` }]);
  });

  it("mentions the expression alternative for other wrong types and missing required fields too", () => {
    const problems = problemsOf({
      stages: [{ type: "wait", stageTimeoutMs: true, restrictedExecutionWindow: { whitelist: [{ startHour: 9, startMin: 0, endHour: 17 }] } }],
    });
    expect(problems).toEqual([
      { path: "$.stages[0].stageTimeoutMs", code: "invalid_type", message: `expected number or ${EXPRESSION}, got boolean` },
      {
        path: "$.stages[0].restrictedExecutionWindow.whitelist[0].endMin",
        code: "invalid_type",
        message: `missing required field (expected number or ${EXPRESSION})`,
      },
    ]);
  });

  it("rejects an unknown enum value as invalid_value, saying an expression is allowed", () => {
    expect(problemsOf({ stages: [], spelEvaluator: "v5" })).toEqual([
      { path: "$.spelEvaluator", code: "invalid_value", message: `expected one of "v2", "v3", "v4" or ${EXPRESSION}, got "v5"` },
    ]);
  });

  it("reports range and element problems of non-expression values as before", () => {
    const problems = problemsOf({
      stages: [{ type: "wait", stageTimeoutMs: -1, restrictedExecutionWindow: { days: [2, "x", 8], whitelist: [{ startHour: 9.5, startMin: 0, endHour: 17, endMin: 0 }] } }],
    });
    expect(problems).toEqual([
      { path: "$.stages[0].stageTimeoutMs", code: "too_small", message: "must be >= 0, got -1" },
      { path: "$.stages[0].restrictedExecutionWindow.days[1]", code: "invalid_type", message: "expected number, got string" },
      {
        path: "$.stages[0].restrictedExecutionWindow.days[2]",
        code: "invalid_window",
        message: "days must be an integer from 1 (Sunday) to 7 (Saturday), got 8",
      },
      {
        path: "$.stages[0].restrictedExecutionWindow.whitelist[0].startHour",
        code: "invalid_window",
        message: "startHour must be an integer from 0 to 23, got 9.5",
      },
    ]);
  });

  it("does not compare jitter delays or look up time zones that are expressions", () => {
    const window = { days: [2], jitter: { minDelay: "${parameters.min}", maxDelay: 5 }, timezone: "${parameters.tz}" };
    expect(validatePipelineConfig({ stages: [{ type: "wait", restrictedExecutionWindow: window }] }).ok).toBe(true);
  });

  it("takes no expression for the stage graph", () => {
    const problems = problemsOf({ stages: [{ type: "wait", refId: "1", requisiteStageRefIds: "${parameters.after}" }] });
    expect(problems).toEqual([
      { path: "$.stages[0].requisiteStageRefIds", code: "invalid_type", message: "expected array, got string" },
    ]);
    expect(pathsAndCodes(problemsOf({ stages: "${parameters.stages}" }))).toEqual([{ path: "$.stages", code: "invalid_type" }]);
  });
});

describe("null fields", () => {
  it("accepts null in every optional field, as Deck and Orca write them", () => {
    const stage = {
      refId: "1",
      type: "deploy",
      name: null,
      requisiteStageRefIds: null,
      stageEnabled: null,
      failPipeline: null,
      stageTimeoutMs: null,
      notifications: [{ type: "slack", address: null, when: null, message: null, level: null }],
      restrictExecutionDuringTimeWindow: null,
      restrictedExecutionWindow: { whitelist: null, days: [2], jitter: { enabled: null, minDelay: null, maxDelay: null }, timezone: null },
      comments: null,
    };
    const input = {
      id: null,
      name: null,
      stages: [stage],
      triggers: [{ type: "manual", user: null, parameters: null, enabled: null, status: null }],
      parameterConfig: [{ name: "p", default: null, description: null, required: null, options: null }],
      notifications: null,
      spelEvaluator: null,
      expectedArtifacts: null,
      templateVariables: null,
      limitConcurrent: null,
      maxConcurrentExecutions: null,
      keepWaitingPipelines: null,
    };
    const result = validatePipelineConfig(input, { isKnownStageType });
    expect(result).toMatchObject({ ok: true, problems: [] });
    if (!result.ok) return;
    // Nulls are kept as given, except where a default applies.
    expect(result.config.stages[0]?.name).toBeNull();
    expect(result.config.triggers).toEqual([expect.objectContaining({ parameters: null })]);
    expect(result.config).toMatchObject({ limitConcurrent: false, maxConcurrentExecutions: 0, keepWaitingPipelines: false });
  });

  it("still rejects null in required fields", () => {
    const problems = problemsOf({
      stages: [{ type: null }, { type: "wait", restrictedExecutionWindow: { whitelist: [{ startHour: null, startMin: 0, endHour: 1, endMin: 0 }] } }],
      parameterConfig: [{ name: null }],
    });
    expect(pathsAndCodes(problems)).toEqual([
      { path: "$.stages[0].type", code: "missing_type" },
      { path: "$.stages[1].restrictedExecutionWindow.whitelist[0].startHour", code: "invalid_type" },
      { path: "$.parameterConfig[0].name", code: "invalid_type" },
    ]);
    expect(pathsAndCodes(problemsOf({ stages: null }))).toEqual([{ path: "$.stages", code: "invalid_type" }]);
  });

  it("treats a null refId like an absent one", () => {
    expect(validatePipelineConfig({ stages: [{ type: "wait", refId: null }, { type: "wait", refId: null }] }).ok).toBe(true);
    expect(problemsOf({ stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: null }] })).toEqual([
      expect.objectContaining({ path: "$.stages[1].refId", code: "missing_ref_id" }),
    ]);
  });
});

describe("execution window that allows nothing", () => {
  const NEVER = "no allowed days or hours: the stage could never run";
  const restricted = (window: unknown, extra: Record<string, unknown> = {}) => ({
    stages: [
      { type: "wait" },
      { type: "deploy", restrictExecutionDuringTimeWindow: true, ...(window === undefined ? {} : { restrictedExecutionWindow: window }), ...extra },
    ],
  });

  it.each([
    ["no window", undefined],
    ["a null window", null],
    ["an empty window", {}],
    ["empty lists", { whitelist: [], days: [] }],
    ["null lists", { whitelist: null, days: null }],
    ["an empty whitelist and no days", { whitelist: [], jitter: { enabled: true }, timezone: "Europe/Berlin" }],
  ])("reports %s as invalid_window at the window", (_label, window) => {
    expect(problemsOf(restricted(window))).toEqual([
      { path: "$.stages[1].restrictedExecutionWindow", code: "invalid_window", message: NEVER },
    ]);
  });

  it.each([
    ["allowed days", { days: [2, 3] }],
    ["allowed hours", { whitelist: [{ startHour: 9, startMin: 0, endHour: 17, endMin: 0 }] }],
    ["days from an expression", { whitelist: [], days: "${parameters.days}" }],
    ["hours from an expression", { whitelist: "${parameters.hours}" }],
  ])("accepts a window with %s", (_label, window) => {
    expect(validatePipelineConfig(restricted(window)).ok).toBe(true);
  });

  it("does not check windows of unrestricted stages or stages restricted by an expression", () => {
    expect(validatePipelineConfig({ stages: [{ type: "wait", restrictedExecutionWindow: {} }] }).ok).toBe(true);
    expect(validatePipelineConfig({ stages: [{ type: "wait", restrictExecutionDuringTimeWindow: false }] }).ok).toBe(true);
    expect(validatePipelineConfig({ stages: [{ type: "wait", restrictExecutionDuringTimeWindow: "${parameters.r}" }] }).ok).toBe(true);
  });

  it("reports a window of the wrong type only as a type error", () => {
    expect(pathsAndCodes(problemsOf(restricted("weekdays")))).toEqual([
      { path: "$.stages[1].restrictedExecutionWindow", code: "invalid_type" },
    ]);
    expect(pathsAndCodes(problemsOf(restricted({ days: "weekdays" })))).toEqual([
      { path: "$.stages[1].restrictedExecutionWindow.days", code: "invalid_type" },
    ]);
  });

  it("is reported together with the stage's other problems, in document order", () => {
    const problems = problemsOf(restricted({ jitter: { minDelay: -1 } }, { stageTimeoutMs: "soon", name: 3 }));
    expect(pathsAndCodes(problems)).toEqual([
      { path: "$.stages[1].restrictedExecutionWindow", code: "invalid_window" },
      { path: "$.stages[1].restrictedExecutionWindow.jitter.minDelay", code: "invalid_window" },
      { path: "$.stages[1].stageTimeoutMs", code: "invalid_type" },
      { path: "$.stages[1].name", code: "invalid_type" },
    ]);
  });
});
