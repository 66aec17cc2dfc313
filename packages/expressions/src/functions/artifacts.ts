/**
 * Orca's artifact helpers: `#triggerResolvedArtifact`, `#triggerResolvedArtifactByType`,
 * `#resolvedArtifacts`.
 * @module
 */
import { defineFunction, type ExpressionFunction, type FunctionEnv } from "./function.js";
import { executionId, executionStages, executionTrigger, helperError, isMap, mapGet, str } from "./support.js";

function resolvedBy(env: FunctionEnv, what: "name" | "type", keyArg: unknown): unknown {
  const key = str(keyArg);
  const rea = mapGet(executionTrigger(env.root), "resolvedExpectedArtifacts");
  if (Array.isArray(rea) && key !== null) {
    for (const o of rea) {
      const bound = mapGet(o, "boundArtifact");
      if (isMap(bound) && mapGet(bound, what) === key) return bound;
    }
  }
  throw helperError(`Unable to locate resolved artifact ${key ?? "null"} in trigger execution ${executionId(env.root)}.`);
}

/** `#triggerResolvedArtifact(String name)`: the first bound artifact of the trigger with that name. */
export const triggerResolvedArtifact: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The trigger's resolved artifact with that name",
  invoke: (env, name) => resolvedBy(env, "name", name),
});

/** `#triggerResolvedArtifactByType(String type)`: the first bound artifact of the trigger with that type. */
export const triggerResolvedArtifactByType: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "The trigger's resolved artifact with that type",
  invoke: (env, type) => resolvedBy(env, "type", type),
});

/** `#resolvedArtifacts()`: every stage's `outputs.artifacts`, concatenated in stage order. */
export const resolvedArtifacts: ExpressionFunction = defineFunction({
  params: [],
  description: "All artifacts output by the execution's stages",
  invoke(env) {
    const out: unknown[] = [];
    for (const s of executionStages(env.root)) {
      const artifacts = mapGet(mapGet(s, "outputs"), "artifacts");
      if (Array.isArray(artifacts)) out.push(...artifacts);
    }
    return out;
  },
});
