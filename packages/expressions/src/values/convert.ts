/**
 * The subset of Spring's `DefaultConversionService` that SpEL uses for method and function
 * arguments, boolean contexts, indexes and template parts.
 * @module
 */
import { evalError } from "../errors.js";
import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaInstance, JavaLong } from "./boxes.js";
import { formatDouble, formatFloat, javaToString } from "./format.js";
import { boxedName, CLASS, isAssignable, isJavaMap, javaClassName } from "./kinds.js";
import { numKind, toDouble, toLong } from "./numbers.js";

const NUMBER_TARGETS = new Set([
  CLASS.Integer,
  CLASS.Long,
  CLASS.Double,
  CLASS.Float,
  CLASS.Short,
  CLASS.Byte,
  "java.lang.Number",
  CLASS.BigInteger,
]);
const COLLECTION_TARGETS = new Set([
  "java.util.List",
  "java.util.Collection",
  "java.util.Set",
  "java.lang.Iterable",
  CLASS.List,
  CLASS.Set,
]);

function conversionError(value: unknown, target: string, cause?: unknown): Error {
  const from = javaClassName(value) ?? "null";
  return evalError(
    "TYPE_CONVERSION",
    `Type conversion problem, cannot convert from ${from} to ${target}`,
    { spelCode: "EL1001E", ...(cause === undefined ? {} : { cause }) },
  );
}

/** Spring's `StringToBooleanConverter`: true/on/yes/1, false/off/no/0 (trimmed, any case); "" is null. */
export function stringToBoolean(s: string): boolean | null {
  const v = s.trim().toLowerCase();
  if (v === "") return null;
  if (v === "true" || v === "on" || v === "yes" || v === "1") return true;
  if (v === "false" || v === "off" || v === "no" || v === "0") return false;
  throw new Error(`Invalid boolean value '${s}'`);
}

/**
 * The boolean value of an operand of `and`, `or`, `!` and the ternary condition: Booleans, and
 * Strings Spring converts; anything else (null, numbers, other strings) is EL1001E.
 */
export function toBooleanOperand(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    let b: boolean | null;
    try {
      b = stringToBoolean(v);
    } catch (e) {
      throw conversionError(v, "boolean", e);
    }
    if (b !== null) return b;
  }
  throw conversionError(v, "boolean");
}

/** Can a value of class `source` be converted to Java String by the conversion service? */
function toStringConvertible(v: unknown): boolean {
  return !isJavaMap(v);
}

/**
 * Converts a value to a Java String with the conversion service: numbers via Java's `toString`,
 * collections and arrays joined with `,`, maps are not convertible (EL1001E).
 */
export function convertToString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (Array.isArray(v) || v instanceof Set) {
    return [...v].map((e) => convertToString(e) ?? "null").join(",");
  }
  if (v instanceof JavaArray) return v.items.map((e) => convertToString(e) ?? "null").join(",");
  if (!toStringConvertible(v)) throw conversionError(v, CLASS.String);
  return javaToString(v);
}

function parseJavaNumber(text: string, target: string): unknown {
  const t = text.replace(/\s+/g, "");
  const m = /^([+-]?)(0x|0X|#)?([0-9a-fA-F]+)$/.exec(t);
  if (target === CLASS.Double || target === CLASS.Float || target === "java.lang.Number") {
    if (!/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(t)) {
      throw new Error(`For input string: "${text}"`);
    }
    const d = Number(t.replace(/[fFdD]$/, ""));
    return target === CLASS.Float ? new JavaFloat(d) : new JavaDouble(d);
  }
  if (!m || (!m[2] && /[a-fA-F]/.test(m[3]!))) throw new Error(`For input string: "${text}"`);
  let value = m[2] ? BigInt("0x" + m[3]!) : BigInt(m[3]!);
  if (m[1] === "-") value = -value;
  return fromBigint(value, target, text);
}

function fromBigint(value: bigint, target: string, text: string): unknown {
  const ranges: Record<string, [bigint, bigint]> = {
    [CLASS.Integer]: [-(2n ** 31n), 2n ** 31n - 1n],
    [CLASS.Short]: [-(2n ** 15n), 2n ** 15n - 1n],
    [CLASS.Byte]: [-128n, 127n],
    [CLASS.Long]: [-(2n ** 63n), 2n ** 63n - 1n],
  };
  const r = ranges[target];
  if (r && (value < r[0] || value > r[1])) throw new Error(`Value out of range. Value:"${text}"`);
  if (target === CLASS.Long) return new JavaLong(value);
  return Number(value);
}

function numberTo(v: unknown, target: string): unknown {
  const k = numKind(v);
  switch (target) {
    case CLASS.Integer:
    case CLASS.Short:
    case CLASS.Byte: {
      const l = toLong(v);
      const lim = target === CLASS.Integer ? 2n ** 31n : target === CLASS.Short ? 2n ** 15n : 128n;
      if (l < -lim || l >= lim) {
        throw evalError("TYPE_CONVERSION", `Could not convert number [${javaToString(v)}] to target class [${target}]: overflow`, {
          spelCode: "EL1001E",
        });
      }
      return Number(l);
    }
    case CLASS.Long:
      return k === "long" && v instanceof JavaLong ? v : new JavaLong(toLong(v));
    case CLASS.Double:
      return new JavaDouble(toDouble(v));
    case CLASS.Float:
      return new JavaFloat(toDouble(v));
    default:
      return v;
  }
}

/**
 * Spring's conversion of `value` to the Java type `target` (a primitive, wrapper, `String`,
 * `Object`, collection, array or an emulated class). Throws EL1001E when Spring would.
 */
export function convertValue(value: unknown, target: string): unknown {
  const t = boxedName(target);
  if (value === null || value === undefined) {
    if (t !== target) throw conversionError(value, target); // null into a primitive
    return null;
  }
  const source = javaClassName(value)!;
  if (t === CLASS.Object) return value;
  if (t === CLASS.String) return convertToString(value);
  if (isAssignable(t, source)) {
    // exact class or supertype: no conversion
    return value;
  }
  try {
    if (NUMBER_TARGETS.has(t)) {
      if (numKind(value) !== null) return numberTo(value, t);
      if (typeof value === "string") return value.trim() === "" ? null : parseJavaNumber(value, t);
      if (value instanceof JavaChar) return numberTo(value.code, t);
      throw conversionError(value, target);
    }
    if (t === CLASS.Boolean) {
      if (typeof value === "string") return stringToBoolean(value);
      throw conversionError(value, target);
    }
    if (t === CLASS.Character) {
      if (typeof value === "string") {
        if (value.length === 0) return null;
        if (value.length > 1) throw new Error(`Can only convert a [String] with length of 1 to a [Character]; string value '${value}'  has length of ${value.length}`);
        return new JavaChar(value.charCodeAt(0));
      }
      if (numKind(value) !== null) return new JavaChar(Number(toLong(value)) & 0xffff);
      throw conversionError(value, target);
    }
    if (COLLECTION_TARGETS.has(t)) {
      if (value instanceof JavaArray) return [...value.items];
      if (value instanceof Set) return [...value];
      if (Array.isArray(value)) return value;
      if (typeof value === "string") return value.split(",").map((s) => s.trim());
      return [value];
    }
    if (t.endsWith("[]")) {
      const comp = t.slice(0, -2);
      const items =
        value instanceof JavaArray
          ? value.items
          : Array.isArray(value) || value instanceof Set
            ? [...value]
            : typeof value === "string"
              ? value.split(",").map((s) => s.trim())
              : [value];
      return new JavaArray(
        items.map((e) => convertValue(e, comp)),
        comp,
      );
    }
  } catch (e) {
    if (e instanceof Error && e.name === "ExpressionError") throw e;
    throw conversionError(value, target, e);
  }
  throw conversionError(value, target);
}

/** True when Spring's conversion service declares a converter from the value's class to `target`. */
export function canConvert(value: unknown, target: string): boolean {
  const t = boxedName(target);
  if (value === null || value === undefined) return t === target;
  const source = javaClassName(value)!;
  if (t === CLASS.Object || isAssignable(t, source)) return true;
  if (t === CLASS.String) return toStringConvertible(value);
  if (NUMBER_TARGETS.has(t)) return numKind(value) !== null || typeof value === "string" || value instanceof JavaChar;
  if (t === CLASS.Boolean) return typeof value === "string";
  if (t === CLASS.Character) return typeof value === "string" || numKind(value) !== null;
  if (COLLECTION_TARGETS.has(t) || t.endsWith("[]")) return !isJavaMap(value);
  return false;
}

/** Java `String.valueOf` for a number-like value, used by `Integer.toString()` and friends. */
export function numberToString(v: unknown): string {
  if (v instanceof JavaDouble) return formatDouble(v.value);
  if (v instanceof JavaFloat) return formatFloat(v.value);
  if (v instanceof JavaInstance) return v.toString();
  return javaToString(v);
}
