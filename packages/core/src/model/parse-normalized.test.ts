import { describe, expect, it } from "vitest";
import { PipelineValidationError } from "../errors.js";
import { normalizePipelineConfig } from "./normalize.js";
import { PipelineConfigSchema, StageConfigSchema } from "./pipeline-config.js";
import { addProperty, parseNormalizedPipelineConfig, readPlainPipelineConfig } from "./parse-normalized.js";
import { realisticPipeline } from "./realistic-pipeline.fixture.js";
import { parsePipelineConfig } from "./validate.js";
import type { ValidatePipelineOptions } from "./validate.js";

const KNOWN = new Set(["wait", "deploy", "manualJudgment", "evaluateVariables", "checkPreconditions"]);
const options: ValidatePipelineOptions = { isKnownStageType: (type) => KNOWN.has(type) };

/** A description of `value` that tells apart everything a user could: key order, -0, undefined, holes, prototypes. */
function shape(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? shape(value[i]) : "<hole>");
    return `${Object.getPrototypeOf(value) === Array.prototype ? "" : "!proto"}[${items.join(",")}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  const tag = proto === Object.prototype ? "" : proto === null ? "null-proto" : (proto as object).constructor?.name ?? "?";
  if (value instanceof Date) return `Date(${value.getTime()})`;
  return `${tag}{${Object.keys(value)
    .map((k) => `${JSON.stringify(k)}:${shape((value as Record<string, unknown>)[k])}`)
    .join(",")}}`;
}

function objectsOf(value: unknown, into = new Set<object>()): Set<object> {
  if (value !== null && typeof value === "object" && !into.has(value)) {
    into.add(value);
    for (const k of Object.keys(value)) objectsOf((value as Record<string, unknown>)[k], into);
  }
  return into;
}

type Outcome = { ok: true; shape: string } | { ok: false; error: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, shape: shape(run()) };
  } catch (err) {
    const problems = err instanceof PipelineValidationError ? JSON.stringify(err.problems) : "";
    return { ok: false, error: `${(err as Error).constructor.name}: ${(err as Error).message} ${problems}` };
  }
}

/** Checks that the one-pass reader gives what parse + normalise give; returns whether it took its fast path. */
function expectSameAsFullPath(input: unknown, opts: ValidatePipelineOptions = options): boolean {
  const before = shape(input);
  const expected = outcome(() => normalizePipelineConfig(parsePipelineConfig(input, opts)));
  const actual = outcome(() => parseNormalizedPipelineConfig(input, opts));
  expect(actual).toEqual(expected);
  const fast = readPlainPipelineConfig(input, opts);
  if (fast !== undefined) {
    expect(shape(fast)).toBe(expected.ok ? expected.shape : "(the full path fails)");
    const inputObjects = objectsOf(input);
    for (const o of objectsOf(fast)) expect(inputObjects.has(o)).toBe(false);
  }
  expect(shape(input)).toBe(before); // the input is never modified
  return fast !== undefined;
}

describe("parseNormalizedPipelineConfig", () => {
  it("reads the realistic pipeline in one pass, exactly as the full path does", () => {
    expect(expectSameAsFullPath(realisticPipeline())).toBe(true);
  });

  it("copies lists of requisites of every length", () => {
    for (const ids of [[], ["1"], [1], ["1", 1], ["1", "2", "1"]]) {
      const input = { stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: 2 }, { type: "wait", refId: "3", requisiteStageRefIds: ids }] };
      expect(expectSameAsFullPath(input)).toBe(true);
      expect(parseNormalizedPipelineConfig(input, options).stages[2]!.requisiteStageRefIds).toEqual(ids.map(String));
    }
  });

  it("reads a linear pipeline, a graph with numeric refIds and a graph listed out of order", () => {
    expect(expectSameAsFullPath({ stages: [{ type: "wait", requisiteStageRefIds: ["x"] }, { type: "wait", name: null }] })).toBe(true);
    expect(expectSameAsFullPath({ stages: [{ type: "wait", refId: 1 }, { refId: "2", type: "wait", requisiteStageRefIds: [1, 1] }] })).toBe(true);
    expect(
      expectSameAsFullPath({
        stages: [
          { type: "wait", refId: "c", requisiteStageRefIds: ["b", "a"] },
          { type: "wait", refId: "b", requisiteStageRefIds: ["a"] },
          { type: "wait", refId: "a" },
        ],
      }),
    ).toBe(true);
  });

  it("keeps the key order of the input and puts defaults after it", () => {
    const input = { z: 1, stages: [{ x: { b: 1, a: [2, { d: 1, c: null }] }, name: "n", type: "wait" }], keepWaitingPipelines: null, a: undefined };
    expect(expectSameAsFullPath(input)).toBe(true);
    expect(Object.keys(parseNormalizedPipelineConfig(input, options))).toEqual([
      "z",
      "stages",
      "keepWaitingPipelines",
      "a",
      "limitConcurrent",
      "maxConcurrentExecutions",
    ]);
  });

  it("reports the same problems as validation, in the same order", () => {
    const cases: unknown[] = [
      null,
      [],
      "x",
      {},
      { stages: {} },
      { stages: [null] },
      { stages: [{ type: "" }] },
      { stages: [{ type: "nope" }] },
      { stages: [{ type: "wait", refId: "1" }, { type: "wait" }] },
      { stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: 1 }] },
      { stages: [{ type: "wait", refId: "1", requisiteStageRefIds: ["2"] }] },
      { stages: [{ type: "wait", refId: "1", requisiteStageRefIds: ["1"] }] },
      { stages: [{ type: "wait", refId: "1", requisiteStageRefIds: ["2"] }, { type: "wait", refId: "2", requisiteStageRefIds: ["1"] }] },
      { stages: [{ type: "wait", refId: true }] },
      { stages: [{ type: "wait", refId: Infinity }] },
      { stages: [{ type: "wait", requisiteStageRefIds: [null] }] },
      { stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: "2", requisiteStageRefIds: [,] }] },
      { stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: "2", requisiteStageRefIds: ["1", NaN] }] },
      { stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: "2", requisiteStageRefIds: ["1", "1", "3"] }] },
      { stages: [{ type: "wait", stageTimeoutMs: -1 }] },
      { stages: [{ type: "wait", failPipeline: "yes" }] },
      { stages: [{ type: "wait", restrictExecutionDuringTimeWindow: true }] },
      { stages: [{ type: "wait", restrictExecutionDuringTimeWindow: true, restrictedExecutionWindow: { days: [] } }] },
      { stages: [{ type: "wait", restrictedExecutionWindow: { whitelist: [{ startHour: 25 }] } }] },
      { stages: [{ type: "wait", notifications: [{ when: "always" }] }] },
      { stages: [{ type: "wait", stageEnabled: { expression: 1 } }] },
      { stages: [], parameterConfig: [{ name: "a" }, { name: "a" }] },
      { stages: [], parameterConfig: [{ name: "" }] },
      { stages: [], maxConcurrentExecutions: 1.5 },
      { stages: [], maxConcurrentExecutions: 2 ** 60 },
      { stages: [], spelEvaluator: "v5" },
      { stages: [], triggers: [{ type: 1 }] },
      { stages: [], name: 1 },
    ];
    for (const input of cases) expect(expectSameAsFullPath(input)).toBe(false);
  });

  it("leaves what is not plain JSON data to the full path, with the same result", () => {
    const withProto = JSON.parse('{"stages":[{"type":"wait","x":{"__proto__":{"a":1}}}]}') as unknown;
    const stageProto = JSON.parse('{"stages":[{"type":"wait","__proto__":{"a":1}}]}') as unknown;
    const nullProto = Object.assign(Object.create(null) as object, { type: "wait" });
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 100; i++) at = at["d"] = {} as Record<string, unknown>;
    const cases: unknown[] = [
      withProto,
      stageProto,
      { stages: [nullProto] },
      { stages: [{ type: "wait", at: new Date(5) }] },
      { stages: [{ type: "wait", list: [1, , 3] }] },
      { stages: [{ type: "wait", deep }] },
      { stages: [{ type: "wait", n: 10n }] },
      { stages: [{ type: "wait" }], when: new Map() },
    ];
    for (const input of cases) expect(expectSameAsFullPath(input)).toBe(false);
  });

  it("leaves configs to the full path while Object.prototype has an enumerable property", () => {
    const input = { stages: [{ type: "wait", x: { a: 1 } }] };
    Object.defineProperty(Object.prototype, "polluted", { value: 1, enumerable: true, writable: true, configurable: true });
    try {
      expect(expectSameAsFullPath(input)).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>)["polluted"];
    }
    expect(expectSameAsFullPath(input)).toBe(true);
  });

  it("copies values shared by several places once per place, as the full path does", () => {
    const shared = { a: [1] };
    expect(expectSameAsFullPath({ stages: [{ type: "wait", x: shared, y: shared }, { type: "wait", x: shared }] })).toBe(true);
  });

  it("reads frozen and proxied input", () => {
    const frozen = Object.freeze({ stages: Object.freeze([Object.freeze({ type: "wait", x: Object.freeze({ y: 1 }) })]) });
    expect(expectSameAsFullPath(frozen)).toBe(true);
    expect(expectSameAsFullPath(new Proxy({ stages: [{ type: "wait" }], extra: { a: 1 } }, {}))).toBe(true);
  });

  it("reads pipelines and stages field by field: their schemas have no rules across fields but the window one", () => {
    // The one-pass reader checks the fields of pipelines and stages itself, and the stage schema's
    // one rule across fields with the same function (restrictedToNoWindow). A new rule across fields
    // of either needs the same there. (Nested objects with such rules, such as the jitter, are left
    // to their schemas without being named.)
    expect(PipelineConfigSchema._zod.def.checks ?? []).toHaveLength(0);
    expect(StageConfigSchema._zod.def.checks ?? []).toHaveLength(1);
  });

  it("agrees with the full path on many generated configs", () => {
    const random = mulberry32(20240611);
    let fast = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const input = generatePipeline(random);
      if (expectSameAsFullPath(input)) fast++;
      if (i % 10 === 0) expectSameAsFullPath(input, {});
    }
    // most generated configs have a problem somewhere; enough of them must be valid to mean something
    expect(fast).toBeGreaterThan(runs / 10);
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [undefined, null, true, 0, -0, -1, 1.5, 2 ** 60, NaN, Infinity, "", "x", "${a}", "v2", "v5", [], ["1"], [1], {}, { type: "x" }];

/** Valid values of each known field (picked most of the time), so that many generated configs are valid. */
const FIELD_VALUES: Record<string, unknown[]> = {
  id: ["p-1", null],
  application: ["app", null, undefined],
  name: ["n", null],
  executionId: ["e-1"],
  origin: ["api"],
  limitConcurrent: [true, false, null, undefined, "${x}"],
  maxConcurrentExecutions: [0, 3, null, "${x}"],
  keepWaitingPipelines: [true, null],
  spelEvaluator: ["v3", "v4", null, "${x}"],
  disabled: [false, null],
  startTimeExpiry: [1e12, null, -5],
  triggers: [
    [{ type: "cron", enabled: true, extra: { a: 1 } }],
    [{ type: "pipeline", status: ["successful"], pipeline: "p", parentExecution: { id: 1 }, parentPipelineStageId: "s" }],
    [{ parameters: { a: 1, "10": [2] }, artifacts: [1, "a", { b: 2 }], correlationId: "c", dryRun: "${d}", user: null }],
    [{ notifications: [{ type: "slack", when: "${w}" }], status: "${s}", artifacts: "${a}" }],
    [{ enabled: "yes" }],
    [{ parameters: [] }],
    [{ status: "x" }],
    [{ parentExecution: [] }],
    [null],
    null,
    "${t}",
    "t",
  ],
  notifications: [
    [{ type: "email", when: ["pipeline.failed"], message: { "pipeline.failed": { text: "t" } }, extra: [1] }],
    [{ address: null, level: "stage", when: null, message: null }],
    [{ when: "always" }],
    [{ message: [] }],
    [{ message: "m" }],
    [{ level: 1 }],
    [1],
    null,
    "${n}",
  ],
  expectedArtifacts: [[{ id: "a", matchArtifact: { type: "docker/image" } }], [], [1], [[]], null, "${a}"],
  templateVariables: [{ a: 1 }, {}, [], "x", null],
  initialConfig: [{ enabled: true }, null, 5],
  parameterConfig: [
    [{ name: "a", default: "x" }, { name: "b", options: [{ value: 1 }, { label: "l" }] }],
    [{ name: "a", default: { x: [1] }, required: true, pinned: "${p}", hasOptions: false, label: null, description: "d" }],
    [{ name: "a", options: "${o}", default: undefined }],
    [{ name: "a", options: [1] }],
    [{ name: "a", options: "o" }],
    [{ name: "a", required: "yes" }],
    [{ name: "a" }, { name: "a" }],
    [{ name: "" }],
    [{ default: 1 }],
    [],
    null,
  ],
  failPipeline: [true, false, null, "${x}"],
  continuePipeline: [false],
  completeOtherBranchesThenFail: [true],
  failOnFailedExpressions: [true],
  restrictExecutionDuringTimeWindow: [false, null, "${x}", true],
  restrictedExecutionWindow: [
    { days: [2, 3] },
    { whitelist: [{ startHour: 9, startMin: 0, endHour: 17, endMin: 0 }] },
    { whitelist: [{ startHour: 0, startMin: 59, endHour: 23, endMin: "${m}", extra: [1] }], days: null },
    null,
    {},
    { days: [] },
    { whitelist: [], days: null },
    { days: "${d}" },
    { whitelist: "${w}" },
    { days: [0] },
    { days: [8] },
    { days: [1.5] },
    { days: ["1"] },
    { whitelist: [{ startHour: 9, startMin: 0, endHour: 17 }] },
    { whitelist: [{ startHour: 24, startMin: 0, endHour: 1, endMin: 0 }] },
    { whitelist: [{ startHour: 1, startMin: 60, endHour: 2, endMin: 0 }] },
    { whitelist: [{ startHour: 1, startMin: 0, endHour: -1, endMin: 0 }] },
    { days: [2], timezone: "Europe/Berlin" },
    { days: [2], timezone: "Mars/Olympus_Mons" },
    { days: [2], timezone: "${tz}" },
    { days: [2], timezone: 5 },
    { days: [2], jitter: { enabled: true, minDelay: 5, maxDelay: 1 } },
    { days: [2], jitter: { minDelay: 1, maxDelay: 5, skipManual: "${s}", extra: {} } },
    { days: [2], jitter: null },
    "x",
    [],
  ],
  stageTimeoutMs: [0, 1000, null, "${x}"],
  backoffPeriodMs: [5000, null],
  markSuccessfulOnTimeout: [true],
  sendNotifications: [true],
  comments: ["c", null],
  manualSkip: [true],
  skipRemainingWait: [false],
  stageEnabled: [{ type: "expression", expression: "true", z: [1] }, null, { expression: null }],
};

const PIPELINE_FIELDS = ["id", "application", "name", "executionId", "origin", "limitConcurrent", "maxConcurrentExecutions", "keepWaitingPipelines", "spelEvaluator", "disabled", "startTimeExpiry", "triggers", "notifications", "expectedArtifacts", "templateVariables", "initialConfig", "parameterConfig"];
const STAGE_FIELDS = ["name", "failPipeline", "continuePipeline", "completeOtherBranchesThenFail", "failOnFailedExpressions", "restrictExecutionDuringTimeWindow", "restrictedExecutionWindow", "stageTimeoutMs", "backoffPeriodMs", "markSuccessfulOnTimeout", "sendNotifications", "comments", "manualSkip", "skipRemainingWait", "startTimeExpiry", "stageEnabled", "notifications"];

function generatePipeline(random: () => number): Record<string, unknown> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const value = (field: string): unknown => (chance(0.95) ? structuredClone(pick(FIELD_VALUES[field]!)) : pick(ODD_VALUES));
  const plain = (depth: number): unknown => {
    const r = random();
    if (depth > 2 || r < 0.5) return pick([1, "s", "${e}", null, true, undefined, -0, 2.5]);
    if (r < 0.75) return Array.from({ length: Math.floor(random() * 3) }, () => plain(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 3); i > 0; i--) o[pick(["a", "b", "type", "name", "10", "constructor"])] = plain(depth + 1);
    return o;
  };
  const n = Math.floor(random() * 5);
  const graph = chance(0.6);
  const refIds = Array.from({ length: n }, (_, i) => (chance(0.8) ? String(i + 1) : i + 1));
  const stages = refIds.map((refId, i) => {
    const stage: Record<string, unknown> = {};
    const keys = ["type", ...STAGE_FIELDS.filter(() => chance(0.15)), ...["x", "y"].filter(() => chance(0.3))];
    if (chance(0.2)) keys.push(...["restrictExecutionDuringTimeWindow", "restrictedExecutionWindow"].filter((k) => !keys.includes(k)));
    if (graph) keys.push("refId", "requisiteStageRefIds");
    else if (chance(0.1)) keys.push("requisiteStageRefIds");
    for (const key of keys.sort(() => random() - 0.5)) {
      if (key === "type") stage[key] = chance(0.95) ? pick(["wait", "deploy", "checkPreconditions"]) : pick(["", "nope", 5]);
      else if (key === "refId") stage[key] = chance(0.97) ? refId : pick([null, undefined, true, refIds[0]]);
      else if (key === "requisiteStageRefIds") {
        const targets = refIds.filter(() => chance(0.4));
        stage[key] = chance(0.95) ? (chance(0.8) ? targets.filter((t) => refIds.indexOf(t) < i) : targets) : pick([null, ["zz"], [true]]);
      } else if (key === "x" || key === "y") stage[key] = plain(0);
      else stage[key] = value(key);
    }
    return stage;
  });
  const pipeline: Record<string, unknown> = {};
  const keys = ["stages", ...PIPELINE_FIELDS.filter(() => chance(0.2)), ...["u", "v"].filter(() => chance(0.3))];
  for (const key of keys.sort(() => random() - 0.5)) {
    pipeline[key] = key === "stages" ? (chance(0.98) ? stages : pick(ODD_VALUES)) : key === "u" || key === "v" ? plain(0) : value(key);
  }
  return pipeline;
}

describe("addProperty", () => {
  it("adds a property as an assignment does, whatever the key", () => {
    const keys = ["type", "name", "refId", "requisiteStageRefIds", "application", "id", "stages", "limitConcurrent", "maxConcurrentExecutions", "keepWaitingPipelines", "other", "10", "2", "constructor", "toString"];
    const random = mulberry32(7);
    for (let round = 0; round < 50; round++) {
      const picked = keys.filter(() => random() < 0.5).sort(() => random() - 0.5);
      const expected: Record<string, unknown> = {};
      const actual: Record<string, unknown> = {};
      picked.forEach((key, i) => {
        expected[key] = [i];
        addProperty(actual, key, expected[key]);
      });
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
      for (const key of picked) {
        expect(Object.getOwnPropertyDescriptor(actual, key)).toEqual(Object.getOwnPropertyDescriptor(expected, key));
      }
      expect(Object.getPrototypeOf(actual)).toBe(Object.prototype);
    }
    const existing: Record<string, unknown> = { name: 1, x: 2 };
    addProperty(existing, "name", 3);
    expect(existing).toEqual({ name: 3, x: 2 });
    expect(Object.keys(existing)).toEqual(["name", "x"]);
  });
});
