import { JavaDouble, JavaFloat, JavaLong } from "./boxes.js";

/** Numeric kinds in Java's promotion order. */
export type NumKind = "int" | "long" | "float" | "double";

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The numeric kind of a value, or `null` when it is not a Java number. */
export function numKind(v: unknown): NumKind | null {
  if (typeof v === "number") {
    if ((v | 0) === v && !Object.is(v, -0)) return "int";
    return Number.isInteger(v) ? "long" : "double";
  }
  if (v instanceof JavaDouble) return "double";
  if (v instanceof JavaLong) return "long";
  if (v instanceof JavaFloat) return "float";
  return null;
}

/** Java's `Number.doubleValue()`. */
export function toDouble(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof JavaDouble || v instanceof JavaFloat) return v.value;
  if (v instanceof JavaLong) return Number(v.value);
  return NaN;
}

/** Java's `Number.longValue()` as a bigint (double to long saturates, NaN is 0). */
export function toLong(v: unknown): bigint {
  if (v instanceof JavaLong) return v.value;
  const d = toDouble(v);
  if (Number.isNaN(d)) return 0n;
  if (d >= 9.223372036854776e18) return LONG_MAX;
  if (d <= -9.223372036854776e18) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/** Java's `Number.intValue()`: long narrows by wrapping, double/float saturate. */
export function toInt(v: unknown): number {
  if (typeof v === "number" && (v | 0) === v) return v;
  if (v instanceof JavaLong) return Number(BigInt.asIntN(32, v.value));
  if (typeof v === "number" && Number.isInteger(v)) return Number(BigInt.asIntN(32, BigInt(v)));
  return d2i(toDouble(v));
}

/** Java's `(int) d` cast of a double: truncates, saturates, NaN is 0. */
export function d2i(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}

/** A Java `long` value from a bigint, wrapped to 64 bits. */
export function mkLong(b: bigint): JavaLong {
  return new JavaLong(BigInt.asIntN(64, b));
}

/** A Java `double` value. */
export function mkDouble(d: number): JavaDouble {
  return new JavaDouble(d);
}

/** A Java `float` value. */
export function mkFloat(f: number): JavaFloat {
  return new JavaFloat(f);
}

/** A Java `int` value (wrapped to 32 bits). */
export function mkInt(n: number): number {
  return n | 0;
}

/** The wider of two numeric kinds (Java's binary numeric promotion). */
export function promote(a: NumKind, b: NumKind): NumKind {
  if (a === "double" || b === "double") return "double";
  if (a === "float" || b === "float") return "float";
  if (a === "long" || b === "long") return "long";
  return "int";
}

/** Converts a number to the given kind, as Java's primitive widening/narrowing would. */
export function toKind(v: unknown, kind: NumKind): unknown {
  switch (kind) {
    case "int":
      return toInt(v);
    case "long":
      return v instanceof JavaLong ? v : new JavaLong(toLong(v));
    case "float":
      return v instanceof JavaFloat ? v : new JavaFloat(toDouble(v));
    case "double":
      return v instanceof JavaDouble ? v : new JavaDouble(toDouble(v));
  }
}
