/**
 * Small helpers shared by the emulated Java classes: method/constructor builders, Java exceptions
 * as {@link ExpressionError}s, and argument readers that accept every representation the value
 * model allows for a Java primitive (`long` may arrive as a plain number or a `JavaLong`, ...).
 * @module
 */
import { evalError, type ExpressionError, type ExpressionErrorCode } from "../../errors.js";
import { JavaChar, JavaDouble, JavaFloat, JavaLong } from "../../values/boxes.js";
import { toDouble, toInt, toLong } from "../../values/numbers.js";
import type { InvocationEnv, JavaMethod } from "../class.js";

/** Implementation signature of a method: receiver, converted arguments, environment. */
export type Impl = (target: unknown, args: unknown[], env: InvocationEnv) => unknown;

/** Options of {@link method}. */
export interface MethodOptions {
  /** True for a static method. */
  readonly isStatic?: boolean;
  /** True when the last parameter is a varargs array. */
  readonly varargs?: boolean;
}

/**
 * Builds a {@link JavaMethod}.
 * @param name Java method name
 * @param params declared parameter types
 * @param returns declared return type
 * @param invoke implementation
 * @param options static / varargs flags
 */
export function method(
  name: string,
  params: readonly string[],
  returns: string,
  invoke: Impl,
  options: MethodOptions = {},
): JavaMethod {
  return {
    name,
    params,
    returns,
    invoke,
    ...(options.isStatic ? { isStatic: true } : {}),
    ...(options.varargs ? { varargs: true } : {}),
  };
}

/** Builds a static {@link JavaMethod} whose implementation receives only the arguments. */
export function staticMethod(
  name: string,
  params: readonly string[],
  returns: string,
  invoke: (args: unknown[], env: InvocationEnv) => unknown,
  options: { readonly varargs?: boolean } = {},
): JavaMethod {
  return method(name, params, returns, (_t, args, env) => invoke(args, env), { isStatic: true, ...options });
}

/** Builds a constructor (`<init>`) returning the new object. */
export function ctor(
  params: readonly string[],
  className: string,
  invoke: (args: unknown[], env: InvocationEnv) => unknown,
  options: { readonly varargs?: boolean } = {},
): JavaMethod {
  return method("<init>", params, className, (_t, args, env) => invoke(args, env), options);
}

/**
 * A Java exception thrown by an emulated method.
 * @param exceptionType the Java exception's simple name, e.g. `IllegalArgumentException`
 * @param message Java's message text
 * @param code the Gennaker error code (default `METHOD_FAILED`)
 */
export function javaException(
  exceptionType: string,
  message: string,
  code: ExpressionErrorCode = "METHOD_FAILED",
): ExpressionError {
  return evalError(code, message, { exceptionType });
}

/** `ArithmeticException` (integer overflow, division by zero). */
export function arithmetic(message: string): ExpressionError {
  return javaException("ArithmeticException", message, "ARITHMETIC");
}

/** `NumberFormatException`. */
export function numberFormat(message: string): ExpressionError {
  return javaException("NumberFormatException", message, "NUMBER_FORMAT");
}

/** `NullPointerException` (a null argument where Java dereferences it). */
export function nullPointer(message = ""): ExpressionError {
  return javaException("NullPointerException", message);
}

/** `IllegalArgumentException`. */
export function illegalArgument(message: string): ExpressionError {
  return javaException("IllegalArgumentException", message);
}

/** Reads an `int` argument. */
export function argInt(v: unknown): number {
  if (v instanceof JavaChar) return v.code;
  return toInt(v);
}

/** Reads a `long` argument as a bigint. */
export function argLong(v: unknown): bigint {
  if (v instanceof JavaChar) return BigInt(v.code);
  return toLong(v);
}

/** Reads a `double` (or `float`) argument. */
export function argDouble(v: unknown): number {
  if (v instanceof JavaChar) return v.code;
  return toDouble(v);
}

/** Reads a `char` argument as its UTF-16 code unit. */
export function argChar(v: unknown): number {
  if (v instanceof JavaChar) return v.code;
  if (typeof v === "string" && v.length === 1) return v.charCodeAt(0);
  return toInt(v) & 0xffff;
}

/** Reads a non-null `String` argument (Java would throw a `NullPointerException` for null). */
export function argString(v: unknown): string {
  if (v === null || v === undefined) throw nullPointer();
  return String(v);
}

/** Java `long` result. */
export function long(b: bigint): JavaLong {
  return new JavaLong(BigInt.asIntN(64, b));
}

/** Java `double` result. */
export function double(d: number): JavaDouble {
  return new JavaDouble(d);
}

/** Java `float` result. */
export function float(f: number): JavaFloat {
  return new JavaFloat(f);
}

/** Java `char` result. */
export function char(code: number): JavaChar {
  return new JavaChar(code & 0xffff);
}

/** Java `int` result (wrapped to 32 bits). */
export function int(n: number): number {
  return n | 0;
}

/** `-1`, `0` or `1` as Java's `compare` methods return. */
export function sign(x: number | bigint): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/** Floor division of bigints (Java's `Math.floorDiv`). */
export function floorDivBig(x: bigint, y: bigint): bigint {
  const q = x / y;
  return (x % y !== 0n && (x < 0n) !== (y < 0n)) ? q - 1n : q;
}

/** Floor modulus of bigints (Java's `Math.floorMod`). */
export function floorModBig(x: bigint, y: bigint): bigint {
  return x - floorDivBig(x, y) * y;
}
