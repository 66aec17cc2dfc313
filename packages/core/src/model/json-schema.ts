/**
 * JSON Schema export of the pipeline config format, for editors and external validators.
 * @module
 */
import { z } from "zod";
import { PipelineConfigSchema } from "./pipeline-config.js";

/**
 * JSON Schema (draft 2020-12) of a pipeline config as accepted on input: fields with defaults are
 * optional (and may be `null`), unknown fields are allowed, and typed fields also accept a SpEL
 * template (a string matching `\$\{`). Checks JSON Schema cannot express (time-zone names, jitter
 * `maxDelay >= minDelay`, execution windows that allow nothing, the stage graph) are only done by
 * `validatePipelineConfig`. Returns a new object on every call.
 */
export function pipelineJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PipelineConfigSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
