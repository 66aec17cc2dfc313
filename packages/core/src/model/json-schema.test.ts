import { describe, expect, it } from "vitest";
import { pipelineJsonSchema } from "./json-schema.js";

describe("pipelineJsonSchema", () => {
  it("describes the input format of a pipeline config", () => {
    const schema = pipelineJsonSchema() as {
      type: string;
      required: string[];
      properties: Record<string, { type?: string; items?: { required?: string[]; properties?: Record<string, unknown> } }>;
    };
    expect(schema.type).toBe("object");
    expect(schema.properties["stages"]?.type).toBe("array");
    expect(schema.properties["stages"]?.items?.required).toEqual(["type"]);
    expect(schema.properties["stages"]?.items?.properties).toHaveProperty("restrictedExecutionWindow");
    // io: "input": fields with defaults are optional on input.
    expect(schema.required).toEqual(["stages"]);
    expect(schema.properties).toHaveProperty("limitConcurrent");
  });

  it("lets typed fields take a SpEL template and optional fields take null", () => {
    const schema = pipelineJsonSchema() as { properties: Record<string, unknown> };
    const stage = (schema.properties["stages"] as { items: { properties: Record<string, unknown> } }).items;
    const expression = { type: "string", pattern: "\\$\\{" };
    const branches = (field: unknown): unknown[] =>
      typeof field === "object" && field !== null && "anyOf" in field ? (field.anyOf as unknown[]).flatMap(branches) : [field];
    expect(branches(stage.properties["stageTimeoutMs"])).toEqual([
      { type: "number", minimum: 0 },
      expect.objectContaining(expression),
      { type: "null" },
    ]);
    expect(schema.properties["limitConcurrent"]).toMatchObject({ default: false });
    expect(branches(schema.properties["limitConcurrent"])).toEqual([
      { type: "boolean" },
      expect.objectContaining(expression),
      { type: "null" },
    ]);
    expect(new RegExp(expression.pattern).test("${parameters.x}")).toBe(true);
  });

  it("returns a fresh object on every call", () => {
    expect(pipelineJsonSchema()).not.toBe(pipelineJsonSchema());
    expect(pipelineJsonSchema()).toEqual(pipelineJsonSchema());
  });
});
