import { describe, expect, it } from "vitest";
import { PipelineConfigSchema } from "./pipeline-config.js";
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
