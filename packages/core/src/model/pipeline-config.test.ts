import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { PipelineConfigSchema, SpelTemplateSchema, StageConfigSchema, isSpelTemplate } from "./pipeline-config.js";
import { realisticPipeline } from "./realistic-pipeline.fixture.js";
import { parsePipelineConfig } from "./validate.js";

describe("PipelineConfigSchema", () => {
  it("round-trips a realistic pipeline unchanged, unknown fields and key order included", () => {
    const input = realisticPipeline();
    const before = JSON.stringify(input);
    const config = parsePipelineConfig(input);
    // Every given key serialises exactly as given; the only addition is the defaulted field at the end.
    for (const key of Object.keys(input)) {
      expect(JSON.stringify(config[key]), key).toBe(JSON.stringify(input[key]));
    }
    expect(JSON.stringify(config)).toBe(JSON.stringify({ ...input, maxConcurrentExecutions: 0 }));
    expect(JSON.stringify(input)).toBe(before);
  });

  it("gives a time zone the same answer every time it is checked", () => {
    const stage = (timezone: string) => ({ type: "wait", restrictedExecutionWindow: { days: [2], timezone } });
    for (let i = 0; i < 3; i++) {
      expect(StageConfigSchema.safeParse(stage("Europe/Berlin")).success).toBe(true);
      expect(StageConfigSchema.safeParse(stage("europe/berlin")).success).toBe(true);
      expect(StageConfigSchema.safeParse(stage("Mars/Olympus_Mons")).success).toBe(false);
      expect(StageConfigSchema.safeParse(stage("")).success).toBe(false);
    }
  });

  it("keeps unknown stage fields on the typed stage", () => {
    const config = parsePipelineConfig(realisticPipeline());
    const deploy = config.stages[3];
    expect(deploy?.["x-custom"]).toEqual({ lane: "blue" });
    expect(deploy?.["clusters"]).toEqual([
      { account: "prod", region: "us-east-1", strategy: "redblack", capacity: { min: 2, max: 4, desired: 2 } },
    ]);
    expect(config["x-custom"]).toEqual({ owner: "team-checkout", tags: ["a", "b"], nested: { n: 1, nil: null } });
    expect(config["appConfig"]).toEqual({});
  });

  it("returns a copy that does not share objects with the input", () => {
    const input = realisticPipeline();
    const config = parsePipelineConfig(input);
    expect(config).not.toBe(input);
    expect(config["x-custom"]).not.toBe(input["x-custom"]);
  });

  it("applies the concurrency defaults", () => {
    const config = PipelineConfigSchema.parse({ stages: [] });
    expect(config).toEqual({ stages: [], limitConcurrent: false, maxConcurrentExecutions: 0, keepWaitingPipelines: false });
  });

  it("accepts numeric refIds and requisite ids", () => {
    const result = PipelineConfigSchema.safeParse({ stages: [{ type: "wait", refId: 1 }, { type: "wait", refId: 2, requisiteStageRefIds: [1] }] });
    expect(result.success).toBe(true);
  });
});

type Schema = z.core.$ZodType;

/** Every field of every object schema reachable from `root`, with its path (`stages[].refId`). */
function fieldsOf(root: Schema): { path: string; schema: Schema }[] {
  const found: { path: string; schema: Schema }[] = [];
  const visit = (schema: Schema, path: string): void => {
    const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
    if (["optional", "nullable", "default", "prefault"].includes(def.type)) return visit(def["innerType"] as Schema, path);
    if (def.type === "pipe") return visit(def["in"] as Schema, path);
    if (def.type === "union") return (def["options"] as Schema[]).forEach((option) => visit(option, path));
    if (def.type === "array") return visit(def["element"] as Schema, `${path}[]`);
    if (def.type !== "object") return;
    for (const [key, field] of Object.entries(def["shape"] as Record<string, Schema>)) {
      const fieldPath = path === "" ? key : `${path}.${key}`;
      found.push({ path: fieldPath, schema: field });
      visit(field, fieldPath);
    }
  };
  visit(root, "");
  return found;
}

/** The field's schema without optional / nullable / default / transform wrappers. */
function coreOf(schema: Schema): Schema {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (["optional", "nullable", "default", "prefault"].includes(def.type)) return coreOf(def["innerType"] as Schema);
  if (def.type === "pipe") return coreOf(def["in"] as Schema);
  return schema;
}

describe("field coverage", () => {
  const fields = fieldsOf(PipelineConfigSchema);

  it("finds the fields of every nested object schema", () => {
    const paths = fields.map((f) => f.path);
    expect(paths).toContain("stages[].restrictedExecutionWindow.whitelist[].startHour");
    expect(paths).toContain("stages[].restrictedExecutionWindow.jitter.maxDelay");
    expect(paths).toContain("triggers[].notifications[].when");
    expect(fields.length).toBeGreaterThan(60);
  });

  it("lets every number, integer, boolean, enum and array field take a SpEL template, except the structural ones", () => {
    const typedWithoutExpression = fields.flatMap(({ path, schema }) => {
      const core = coreOf(schema);
      const type = core._zod.def.type;
      if (type === "union") {
        const options = (core._zod.def as unknown as { options: Schema[] }).options;
        if (options.includes(SpelTemplateSchema)) {
          expect(schema["~standard"].validate("${parameters.x}"), path).toMatchObject({ value: "${parameters.x}" });
          return [];
        }
      }
      return ["number", "boolean", "enum", "array"].includes(type) ? [path] : [];
    });
    // The stage graph and the parameters must be known before any expression can be evaluated.
    expect(typedWithoutExpression).toEqual(["stages", "stages[].requisiteStageRefIds", "parameterConfig"]);
  });

  it("accepts null in every optional field", () => {
    // optin: "optional" for optional fields, "defaulted" for fields with a default.
    const optional = fields.filter(({ schema }) => schema._zod.optin !== undefined);
    expect(optional.map((f) => f.path)).toContain("limitConcurrent");
    expect(optional.length).toBeGreaterThan(50);
    const rejectingNull = optional.filter(({ schema }) => {
      const result = schema["~standard"].validate(null);
      return result instanceof Promise || result.issues !== undefined;
    });
    expect(rejectingNull.map((f) => f.path)).toEqual([]);
  });

  it("still requires the required fields", () => {
    const required = fields.filter(({ schema }) => schema._zod.optin === undefined).map((f) => f.path);
    expect(required).toEqual([
      "stages",
      "stages[].type",
      "stages[].restrictedExecutionWindow.whitelist[].startHour",
      "stages[].restrictedExecutionWindow.whitelist[].startMin",
      "stages[].restrictedExecutionWindow.whitelist[].endHour",
      "stages[].restrictedExecutionWindow.whitelist[].endMin",
      "parameterConfig[].name",
    ]);
  });
});

describe("SpEL templates and nulls", () => {
  it("recognises a SpEL template by its ${", () => {
    expect(isSpelTemplate("${parameters.timeout}")).toBe(true);
    expect(isSpelTemplate("timeout: ${x} ms")).toBe(true);
    expect(isSpelTemplate("$parameters.timeout")).toBe(false);
    expect(isSpelTemplate("{x}")).toBe(false);
    expect(isSpelTemplate(3)).toBe(false);
  });

  it("keeps expressions and nulls as given, so the config round-trips", () => {
    const input = {
      limitConcurrent: "${parameters.serial}",
      maxConcurrentExecutions: "${parameters.max}",
      spelEvaluator: null,
      triggers: null,
      stages: [
        {
          type: "wait",
          name: null,
          waitTime: "${parameters.wait}",
          stageTimeoutMs: "${parameters.timeout}",
          failPipeline: "${trigger.parameters.strict}",
          restrictExecutionDuringTimeWindow: true,
          restrictedExecutionWindow: { days: "${parameters.days}", whitelist: null, jitter: null, timezone: "${parameters.tz}" },
        },
      ],
    };
    const config = parsePipelineConfig(input);
    expect(JSON.stringify(config)).toBe(JSON.stringify({ ...input, keepWaitingPipelines: false }));
  });

  it("treats null like absent for fields with defaults", () => {
    const config = PipelineConfigSchema.parse({ stages: [], limitConcurrent: null, maxConcurrentExecutions: null, keepWaitingPipelines: null });
    expect(config).toEqual({ stages: [], limitConcurrent: false, maxConcurrentExecutions: 0, keepWaitingPipelines: false });
  });

  it("does not apply a default over an expression", () => {
    const config = PipelineConfigSchema.parse({ stages: [], limitConcurrent: "${parameters.serial}" });
    expect(config.limitConcurrent).toBe("${parameters.serial}");
  });

  it("checks execution windows when the stage schema is used on its own", () => {
    const result = StageConfigSchema.safeParse({ type: "wait", restrictExecutionDuringTimeWindow: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ["restrictedExecutionWindow"], params: { code: "invalid_window" } }),
    ]);
  });
});
