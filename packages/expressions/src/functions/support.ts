import { isVirtualMap } from "../eval/access.js";
/**
 * Shared plumbing for the built-in helper functions: Java-flavoured errors, reading the
 * evaluation root the way Spinnaker's helpers do, and safe map construction.
 * @module
 */
import { evalError, type ExpressionError, type ExpressionErrorCode } from "../errors.js";
import { javaToString } from "../values/format.js";
import { isPlainObject } from "../values/kinds.js";

/**
 * A `SpelHelperFunctionException` (what Spinnaker's helpers throw), optionally wrapping the Java
 * exception that caused it.
 */
export function helperError(message: string, cause?: unknown): ExpressionError {
  return evalError("METHOD_FAILED", message, {
    exceptionType: "SpelHelperFunctionException",
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A Java exception of the given class (`NumberFormatException`, `IllegalArgumentException`, ...). */
export function javaException(
  exceptionType: string,
  message: string,
  code: ExpressionErrorCode = "METHOD_FAILED",
  cause?: unknown,
): ExpressionError {
  return evalError(code, message, { exceptionType, ...(cause === undefined ? {} : { cause }) });
}

/** Java's `NullPointerException` for a helper that dereferences a null argument. */
export function nullPointer(what: string): ExpressionError {
  return javaException("NullPointerException", `Cannot invoke "${what}" because the argument is null`);
}

/** A new map value (null prototype, so a `__proto__` key is an ordinary key). */
export function newMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** True for any map value (plain object or JS `Map`). */
export function isMap(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  return v instanceof Map || isPlainObject(v) || isVirtualMap(v);
}

/** `map.get(key)` for a map value (own data properties only); `undefined` for non-maps. */
export function mapGet(m: unknown, key: string): unknown {
  if (m instanceof Map) return m.get(key);
  if (isVirtualMap(m)) return m.has(key) ? m.get(key) : undefined;
  if (isPlainObject(m)) return Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
  return undefined;
}

/** `map.containsKey(key)` for a map value. */
export function mapHas(m: unknown, key: string): boolean {
  if (m instanceof Map) return m.has(key);
  if (isVirtualMap(m)) return m.has(key);
  if (isPlainObject(m)) return Object.prototype.hasOwnProperty.call(m, key);
  return false;
}

/** The keys of a map value in iteration order. */
export function mapKeys(m: Record<string, unknown> | Map<unknown, unknown>): unknown[] {
  return m instanceof Map ? [...m.keys()] : Object.keys(m);
}

/** Copies every entry of `src` into `dst` (Java's `putAll`; existing keys keep their position). */
export function putAll(dst: Record<string, unknown>, src: Record<string, unknown> | Map<unknown, unknown>): void {
  if (src instanceof Map) {
    for (const [k, v] of src) dst[javaToString(k)] = v;
  } else {
    for (const k of Object.keys(src)) dst[k] = src[k];
  }
}

/** A null-prototype copy of a map value with string keys. */
export function copyMap(src: Record<string, unknown> | Map<unknown, unknown>): Record<string, unknown> {
  const out = newMap();
  putAll(out, src);
  return out;
}

/** Java's `Objects.equals` for the string comparisons the helpers make (`id.equals(stage.get("name"))`). */
export function stringEquals(a: string | null | undefined, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a === b;
}

/** The root as a map (an empty map when the root is not a map), as the helpers see it. */
export function rootMap(root: unknown): Record<string, unknown> | Map<unknown, unknown> {
  return isMap(root) ? root : newMap();
}

/**
 * The stages of the execution: `root.stages`, else `root.execution.stages`; only map elements
 * (execution order). Mirrors the conformance oracle and Orca's `execution.getStages()`.
 */
export function executionStages(root: unknown): Array<Record<string, unknown> | Map<unknown, unknown>> {
  const r = rootMap(root);
  let s = mapGet(r, "stages");
  if (s == null) {
    const ex = mapGet(r, "execution");
    if (isMap(ex)) s = mapGet(ex, "stages");
  }
  if (!Array.isArray(s)) return [];
  return s.filter(isMap);
}

/** The execution id for error messages: `root.execution.id`, else `root.id`. */
export function executionId(root: unknown): string {
  const r = rootMap(root);
  const ex = mapGet(r, "execution");
  return javaToString(isMap(ex) ? mapGet(ex, "id") : mapGet(r, "id"));
}

/** The execution's application: `root.execution.application`, else `root.application`. */
export function executionApplication(root: unknown): unknown {
  const r = rootMap(root);
  const ex = mapGet(r, "execution");
  return isMap(ex) ? mapGet(ex, "application") : mapGet(r, "application");
}

/** The trigger as a map: `root.trigger`, else `root.execution.trigger`, else an empty map. */
export function executionTrigger(root: unknown): Record<string, unknown> | Map<unknown, unknown> {
  const r = rootMap(root);
  let t = mapGet(r, "trigger");
  if (t == null) {
    const ex = mapGet(r, "execution");
    if (isMap(ex)) t = mapGet(ex, "trigger");
  }
  return isMap(t) ? t : newMap();
}

/** A stage's `context` as a map (empty when missing). */
export function stageContext(stage: unknown): Record<string, unknown> | Map<unknown, unknown> {
  const c = mapGet(stage, "context");
  return isMap(c) ? c : newMap();
}

/** `id.equals(stage.name) || id.equals(stage.id)`. */
export function nameOrIdMatches(stage: unknown, id: string | null): boolean {
  return id !== null && (stringEquals(id, mapGet(stage, "name")) || stringEquals(id, mapGet(stage, "id")));
}

/** A helper argument declared `String`: `null`/`undefined` become `null`. */
export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : javaToString(v);
}
