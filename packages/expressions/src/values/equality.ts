import { evalError } from "../errors.js";
import { JavaArray, JavaChar, JavaInstance, JavaMapEntry } from "./boxes.js";
import { isJavaMap, javaClassName } from "./kinds.js";
import { numKind, promote, toDouble, toLong } from "./numbers.js";

function mapEntries(m: Record<string, unknown> | Map<unknown, unknown>): [unknown, unknown][] {
  return m instanceof Map ? [...m.entries()] : Object.entries(m);
}

/** Looks a key up in a Java map by Java `equals` (String keys of plain objects, any keys of `Map`). */
export function mapGet(m: Record<string, unknown> | Map<unknown, unknown>, key: unknown): { found: boolean; value: unknown } {
  if (m instanceof Map) {
    if (m.has(key)) return { found: true, value: m.get(key) };
    if (key !== null && typeof key === "object") {
      for (const [k, v] of m) if (javaEquals(k, key)) return { found: true, value: v };
    }
    return { found: false, value: null };
  }
  if (typeof key === "string" && Object.hasOwn(m, key)) return { found: true, value: m[key] };
  return { found: false, value: null };
}

/** Java's `Object.equals` for the evaluator's values (`Integer(1).equals(Long(1))` is false). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const ka = numKind(a);
  if (ka !== null) {
    const kb = numKind(b);
    if (ka !== kb) return false;
    if (ka === "long") return toLong(a) === toLong(b);
    // Double.equals / Float.equals compare bits: NaN equals NaN, 0.0 differs from -0.0
    return Object.is(toDouble(a), toDouble(b));
  }
  if (typeof a === "string" || typeof a === "boolean") return false;
  if (a instanceof JavaChar) return b instanceof JavaChar && a.code === b.code;
  if (Array.isArray(a) || a instanceof Set) {
    if (!(Array.isArray(b) || b instanceof Set)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) {
      return false;
    }
    const x = [...a];
    const y = [...b];
    if (a instanceof Set) return x.length === y.length && x.every((e) => y.some((f) => javaEquals(e, f)));
    return x.length === y.length && x.every((e, i) => javaEquals(e, y[i]));
  }
  if (a instanceof JavaArray) return false; // arrays use identity
  if (a instanceof JavaMapEntry) return b instanceof JavaMapEntry && javaEquals(a.key, b.key) && javaEquals(a.value, b.value);
  if (a instanceof JavaInstance) return a.javaEquals(b);
  if (isJavaMap(a)) {
    if (!isJavaMap(b)) return false;
    const ea = mapEntries(a);
    const eb = mapEntries(b);
    if (ea.length !== eb.length) return false;
    for (const [k, v] of ea) {
      const r = mapGet(b, k);
      if (!r.found || !javaEquals(v, r.value)) return false;
    }
    return true;
  }
  return false;
}

/** Java's `String.hashCode()`. */
export function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java's `hashCode()` for the evaluator's values. */
export function javaHashCode(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "string") return stringHash(v);
  if (typeof v === "boolean") return v ? 1231 : 1237;
  const k = numKind(v);
  if (k === "int") return v as number;
  if (k === "long") {
    const l = BigInt.asUintN(64, toLong(v));
    return Number(BigInt.asIntN(32, l ^ (l >> 32n)));
  }
  if (k === "double") {
    const buf = new DataView(new ArrayBuffer(8));
    const d = toDouble(v);
    buf.setFloat64(0, Number.isNaN(d) ? NaN : d);
    return (buf.getInt32(0) ^ buf.getInt32(4)) | 0;
  }
  if (k === "float") {
    const buf = new DataView(new ArrayBuffer(4));
    buf.setFloat32(0, toDouble(v));
    return buf.getInt32(0);
  }
  if (v instanceof JavaChar) return v.code;
  if (Array.isArray(v)) {
    let h = 1;
    for (const e of v) h = (Math.imul(31, h) + javaHashCode(e)) | 0;
    return h;
  }
  if (v instanceof Set) {
    let h = 0;
    for (const e of v) h = (h + javaHashCode(e)) | 0;
    return h;
  }
  if (v instanceof JavaMapEntry) return javaHashCode(v.key) ^ javaHashCode(v.value);
  if (isJavaMap(v)) {
    let h = 0;
    for (const [key, val] of mapEntries(v)) h = (h + (javaHashCode(key) ^ javaHashCode(val))) | 0;
    return h;
  }
  if (v instanceof JavaInstance) return stringHash(v.toString());
  return 0;
}

/**
 * SpEL's `==` (`OpEQ.equalityCheck`): numbers compare by value across kinds, strings by content,
 * then Java `equals`, then `compareTo` for comparable values of a common class.
 */
export function spelEquals(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a === b;
  // two int-valued numbers (also -0): what the long comparison below gives, without BigInts
  if (typeof a === "number" && typeof b === "number" && (a | 0) === a && (b | 0) === b) return a === b;
  const ka = numKind(a);
  if (ka !== null) {
    const kb = numKind(b);
    if (kb !== null) {
      const k = promote(ka, kb);
      if (k === "long" || k === "int") return toLong(a) === toLong(b);
      if (k === "float") return Math.fround(toDouble(a)) === Math.fround(toDouble(b));
      return toDouble(a) === toDouble(b);
    }
  }
  if (a === b) return true;
  return javaEquals(a ?? null, b ?? null);
}

function cmp<T>(x: T, y: T): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Java's `Double.compare` (NaN is greatest, -0.0 < 0.0). */
export function doubleCompare(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) {
    if (x !== 0) return 0;
    return cmp(Object.is(x, -0) ? 0 : 1, Object.is(y, -0) ? 0 : 1);
  }
  return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
}

/** Compares two strings by UTF-16 code units, as Java's `String.compareTo`. */
export function stringCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SpEL's `StandardTypeComparator.compare`: null is smallest, numbers by value, then
 * `Comparable.compareTo` between values of the same class; anything else fails with EL1013E.
 */
export function spelCompare(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "string" && typeof b === "string") return stringCompare(a, b);
  // two int-valued numbers (also -0): what the long comparison below gives, without BigInts
  if (typeof a === "number" && typeof b === "number" && (a | 0) === a && (b | 0) === b) return cmp(a, b);
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== null && kb !== null) {
    const k = promote(ka, kb);
    if (k === "double") return doubleCompare(toDouble(a), toDouble(b));
    if (k === "float") return doubleCompare(Math.fround(toDouble(a)), Math.fround(toDouble(b)));
    return cmp(toLong(a), toLong(b));
  }
  if (typeof a === "boolean" && typeof b === "boolean") return cmp(a ? 1 : 0, b ? 1 : 0);
  if (a instanceof JavaChar && b instanceof JavaChar) return cmp(a.code, b.code);
  if (a instanceof JavaInstance && b instanceof JavaInstance && a.javaClassName === b.javaClassName) {
    const c = (a as unknown as { compareTo?: (o: unknown) => number }).compareTo;
    if (typeof c === "function") return c.call(a, b);
  }
  throw evalError(
    "OPERATOR",
    `Cannot compare instances of class ${javaClassName(a)} and class ${javaClassName(b)}`,
    { spelCode: "EL1013E" },
  );
}

