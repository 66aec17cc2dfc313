import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaInstance, JavaLong, JavaMapEntry } from "./boxes.js";
import { isPlainObject } from "./kinds.js";

/** Shortest decimal digits and exponent of a positive finite number (JS gives shortest round-trip). */
function digitsOf(s: string): { digits: string; exp: number } {
  // s is Number.prototype.toExponential() output, e.g. "1.2345e+7"
  const e = s.indexOf("e");
  const mant = s.slice(0, e).replace(".", "");
  const exp = Number(s.slice(e + 1));
  return { digits: mant.replace(/0+$/, "") || "0", exp };
}

function layout(negative: boolean, digits: string, exp: number): string {
  const sign = negative ? "-" : "";
  if (exp >= -3 && exp < 7) {
    // plain notation, at least one digit after the point
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1) || "0";
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.slice(1) || "0";
  return `${sign}${digits[0]}.${frac}E${exp}`;
}

/** Java's `Double.toString(d)`: `1.0`, `0.001`, `1.0E-4`, `1.23456789E7`, `NaN`, `-Infinity`. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const { digits, exp } = digitsOf(Math.abs(d).toExponential());
  return layout(d < 0, digits, exp);
}

/** Java's `Float.toString(f)`: the shortest digits that read back as the same 32-bit float. */
export function formatFloat(f: number): string {
  const v = Math.fround(f);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const a = Math.abs(v);
  let s = a.toExponential();
  for (let p = 0; p <= 8; p++) {
    const t = a.toExponential(p);
    if (Math.fround(Number(t)) === a) {
      s = t;
      break;
    }
  }
  const { digits, exp } = digitsOf(s);
  return layout(v < 0, digits, exp);
}

/**
 * Java's `String.valueOf(value)` for the evaluator's values: numbers as Java prints them,
 * lists as `[1, 2]`, maps as `{a=1, b=2}`, `null` as `"null"`.
 */
export function javaToString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return v;
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
        return String(v);
      }
      return formatDouble(v);
    case "bigint":
      return v.toString();
    case "object":
      if (Array.isArray(v)) return `[${v.map(javaToString).join(", ")}]`;
      if (v instanceof JavaDouble) return formatDouble(v.value);
      if (v instanceof JavaFloat) return formatFloat(v.value);
      if (v instanceof JavaLong || v instanceof JavaChar) return v.toString();
      if (v instanceof JavaArray) return javaArrayIdentity(v);
      if (v instanceof Set) return `[${[...v].map(javaToString).join(", ")}]`;
      if (v instanceof JavaMapEntry) return `${javaToString(v.key)}=${javaToString(v.value)}`;
      if (v instanceof JavaInstance) return v.toString();
      if (v instanceof Map) {
        const parts: string[] = [];
        for (const [k, x] of v) parts.push(`${javaToString(k)}=${javaToString(x)}`);
        return `{${parts.join(", ")}}`;
      }
      if (isPlainObject(v)) {
        const parts: string[] = [];
        for (const k of Object.keys(v)) parts.push(`${k}=${javaToString(v[k])}`);
        return `{${parts.join(", ")}}`;
      }
      return "java.lang.Object";
    default:
      return String(v);
  }
}

const arrayIds = new WeakMap<JavaArray, string>();
let nextArrayId = 0x1b6d3586;

/** Java prints arrays as `[Ljava.lang.String;@1b6d3586`; the hash part is stable per array here. */
function javaArrayIdentity(a: JavaArray): string {
  let id = arrayIds.get(a);
  if (!id) {
    nextArrayId = (nextArrayId * 1103515245 + 12345) >>> 0;
    id = nextArrayId.toString(16);
    arrayIds.set(a, id);
  }
  const code: Record<string, string> = { int: "I", long: "J", double: "D", float: "F", boolean: "Z", char: "C", byte: "B", short: "S" };
  const c = code[a.componentType];
  return `[${c ?? `L${a.componentType};`}@${id}`;
}
