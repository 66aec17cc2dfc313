/**
 * Conversion of evaluator results (Java-flavoured boxes) to plain JSON data.
 * @module
 */
import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaInstance, JavaLong, JavaMapEntry } from "../values/boxes.js";
import { javaToString } from "../values/format.js";
import { isPlainObject } from "../values/kinds.js";

/**
 * Converts an evaluation result to plain JSON data: `JavaDouble`/`JavaFloat` → number,
 * `JavaLong` → number (or its decimal string when not exactly representable), `JavaChar` →
 * string, Java arrays and sets → arrays, `Map` → plain object with `String(key)` keys, any other
 * `JavaInstance` → its `toJSON()` (converted in turn). Plain objects and arrays are copied.
 * `undefined` becomes `null`; non-finite doubles become their Java names (`"NaN"`, `"Infinity"`).
 */
export function toPlainJson(value: unknown): unknown {
  return convert(value, 0);
}

const MAX_DEPTH = 1_000;

function convert(v: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new RangeError("Value nesting is too deep to convert to JSON");
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? v : javaToString(v);
    case "bigint":
      return new JavaLong(v).toJSON();
    case "object":
      break;
    default:
      return String(v);
  }
  if (Array.isArray(v)) return v.map((e) => convert(e, depth + 1));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setKey(out, k, convert(v[k], depth + 1));
    return out;
  }
  if (v instanceof JavaDouble || v instanceof JavaFloat || v instanceof JavaLong) return v.toJSON();
  if (v instanceof JavaChar) return v.toString();
  if (v instanceof JavaArray) return v.items.map((e) => convert(e, depth + 1));
  if (v instanceof Set) return [...v].map((e) => convert(e, depth + 1));
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) setKey(out, typeof k === "string" ? k : javaToString(k), convert(x, depth + 1));
    return out;
  }
  if (v instanceof JavaMapEntry || v instanceof JavaInstance) return convert(v.toJSON(), depth + 1);
  const json = (v as { toJSON?: unknown }).toJSON;
  if (typeof json === "function") return convert((json as () => unknown).call(v), depth + 1);
  return javaToString(v);
}

/** Sets an own data property, even for `__proto__`. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
