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

  it("returns a fresh object on every call", () => {
    expect(pipelineJsonSchema()).not.toBe(pipelineJsonSchema());
    expect(pipelineJsonSchema()).toEqual(pipelineJsonSchema());
  });
});
