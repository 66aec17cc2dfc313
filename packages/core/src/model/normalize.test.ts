import { describe, expect, it } from "vitest";
import { PipelineValidationError } from "../errors.js";
import { applyParameterDefaults, normalizePipelineConfig } from "./normalize.js";
import type { ParameterConfig, PipelineConfig } from "./pipeline-config.js";
import { parsePipelineConfig } from "./validate.js";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const pick = (config: { stages: { refId: string; requisiteStageRefIds: string[]; name: string }[] }) =>
  config.stages.map(({ refId, requisiteStageRefIds, name }) => ({ refId, requisiteStageRefIds, name }));

describe("normalizePipelineConfig", () => {
  it("assigns linear refIds when no stage has one, replacing requisites", () => {
    const config = deepFreeze(
      parsePipelineConfig({
        stages: [{ type: "wait" }, { type: "deploy", name: "Ship", requisiteStageRefIds: ["stale"] }, { type: "wait" }],
      }),
    );
    expect(pick(normalizePipelineConfig(config))).toEqual([
      { refId: "0", requisiteStageRefIds: [], name: "wait" },
      { refId: "1", requisiteStageRefIds: ["0"], name: "Ship" },
      { refId: "2", requisiteStageRefIds: ["1"], name: "wait" },
    ]);
  });

  it("turns numeric refIds into strings and defaults missing requisites to []", () => {
    const config = parsePipelineConfig({
      stages: [
        { type: "wait", refId: 1 },
        { type: "wait", refId: "2", requisiteStageRefIds: [1] },
        { type: "wait", refId: 3, requisiteStageRefIds: ["2", 1] },
      ],
    });
    expect(pick(normalizePipelineConfig(config))).toEqual([
      { refId: "1", requisiteStageRefIds: [], name: "wait" },
      { refId: "2", requisiteStageRefIds: ["1"], name: "wait" },
      { refId: "3", requisiteStageRefIds: ["2", "1"], name: "wait" },
    ]);
  });

  it("treats null refIds, requisites and names like absent ones", () => {
    const linear = parsePipelineConfig({ stages: [{ type: "wait", refId: null, name: null }, { type: "wait", refId: null, requisiteStageRefIds: null }] });
    expect(pick(normalizePipelineConfig(linear))).toEqual([
      { refId: "0", requisiteStageRefIds: [], name: "wait" },
      { refId: "1", requisiteStageRefIds: ["0"], name: "wait" },
    ]);
    const graph = parsePipelineConfig({ stages: [{ type: "wait", refId: "a", requisiteStageRefIds: null }, { type: "wait", refId: "b", requisiteStageRefIds: ["a"] }] });
    expect(pick(normalizePipelineConfig(graph))).toEqual([
      { refId: "a", requisiteStageRefIds: [], name: "wait" },
      { refId: "b", requisiteStageRefIds: ["a"], name: "wait" },
    ]);
    const mixed = { stages: [{ type: "wait", refId: "1" }, { type: "wait", refId: null }] } as PipelineConfig;
    expect(() => normalizePipelineConfig(mixed)).toThrow(PipelineValidationError);
  });

  it("returns a new object and never mutates its input", () => {
    const config = deepFreeze(parsePipelineConfig({ stages: [{ type: "wait", refId: 1, extra: { deep: [1] } }], parameterConfig: [{ name: "p", default: "d" }] }));
    const before = JSON.stringify(config);
    const normalized = normalizePipelineConfig(config);
    expect(normalized).not.toBe(config);
    expect(normalized.stages[0]).not.toBe(config.stages[0]);
    expect(normalized.stages[0]?.["extra"]).not.toBe(config.stages[0]?.["extra"]);
    expect(normalized.stages[0]?.["extra"]).toEqual({ deep: [1] });
    expect(JSON.stringify(config)).toBe(before);
  });

  it("does not apply parameter defaults", () => {
    const config = parsePipelineConfig({ stages: [], parameterConfig: [{ name: "p", default: "d" }], trigger: { parameters: {} } });
    expect(normalizePipelineConfig(config)["trigger"]).toEqual({ parameters: {} });
  });

  it("throws missing_ref_id when only some stages have refIds", () => {
    const config = { stages: [{ type: "wait", refId: "1" }, { type: "wait" }] } as PipelineConfig;
    expect(() => normalizePipelineConfig(config)).toThrow(PipelineValidationError);
    try {
      normalizePipelineConfig(config);
    } catch (err) {
      expect((err as PipelineValidationError).problems).toEqual([
        expect.objectContaining({ path: "$.stages[1].refId", code: "missing_ref_id" }),
      ]);
    }
  });
});

describe("applyParameterDefaults", () => {
  const parameterConfig: ParameterConfig[] = [
    { name: "branch", default: "main" },
    { name: "ticket", default: "JIRA-1" },
    { name: "dryRun", default: true },
    { name: "replicas", default: 3 },
    { name: "note", default: "n/a" },
    { name: "noDefault" },
  ];

  it("fills only missing keys and keeps explicit falsy values", () => {
    const parameters = deepFreeze({ ticket: "", dryRun: false, replicas: 0, note: null, extra: "x" });
    expect(applyParameterDefaults(parameterConfig, parameters)).toEqual({
      ticket: "",
      dryRun: false,
      replicas: 0,
      note: null,
      extra: "x",
      branch: "main",
      noDefault: null,
    });
  });

  it("fills every default when no parameters were given", () => {
    expect(applyParameterDefaults(parameterConfig, undefined)).toEqual({
      branch: "main",
      ticket: "JIRA-1",
      dryRun: true,
      replicas: 3,
      note: "n/a",
      noDefault: null,
    });
  });

  it("treats null parameterConfig and parameters like absent ones", () => {
    expect(applyParameterDefaults(null, null)).toEqual({});
    expect(applyParameterDefaults([{ name: "x", default: "y" }], null)).toEqual({ x: "y" });
  });

  it("returns a new object", () => {
    const parameters = { branch: "dev" };
    const result = applyParameterDefaults([{ name: "x", default: "y" }], parameters);
    expect(result).not.toBe(parameters);
    expect(parameters).toEqual({ branch: "dev" });
    expect(result).toEqual({ branch: "dev", x: "y" });
  });
});
