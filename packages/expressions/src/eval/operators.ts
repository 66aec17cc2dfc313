/**
 * SpEL's operators with Java's number semantics (`OpPlus`, `OpMinus`, `OpMultiply`, `OpDivide`,
 * `OpModulus`, `OperatorPower`, the relational operators, `matches` and `between`).
 * @module
 */
import { evalError } from "../errors.js";
import { JavaDouble, JavaFloat, JavaLong } from "../values/boxes.js";
import { convertToString } from "../values/convert.js";
import { spelCompare, spelEquals } from "../values/equality.js";
import { javaToString } from "../values/format.js";
import { isJavaMap, javaClassName } from "../values/kinds.js";
import { d2i, type NumKind, numKind, promote, toDouble, toLong } from "../values/numbers.js";

/** Limits from Spring 5.3 that keep one expression's work bounded. */
export const MAX_REPEATED_TEXT_SIZE = 256;
/** Longest string `+` may build (Spring 5.3's `MAX_CONCATENATED_STRING_LENGTH`). */
export const MAX_CONCATENATED_STRING_LENGTH = 100_000;
/** Longest regular expression `matches` accepts (Spring 5.3's `MAX_REGEX_LENGTH`). */
export const MAX_REGEX_LENGTH = 256;

const OP_NAMES: Record<string, string> = {
  "+": "ADD",
  "-": "SUBTRACT",
  "*": "MULTIPLY",
  "/": "DIVIDE",
  "%": "MODULUS",
  "^": "POWER",
};

function unsupported(op: string, a: unknown, b: unknown): Error {
  return evalError(
    "OPERATOR",
    `The operator '${OP_NAMES[op] ?? op}' is not supported between objects of type '${javaClassName(a)}' and '${javaClassName(b)}'`,
    { spelCode: "EL1030E" },
  );
}

function divByZero(): Error {
  return evalError("ARITHMETIC", "/ by zero", { exceptionType: "ArithmeticException" });
}

function concatString(left: string, right: string): string {
  const s = left + right;
  if (s.length > MAX_CONCATENATED_STRING_LENGTH) {
    throw evalError(
      "LIMIT_EXCEEDED",
      `Concatenated string is too long, exceeding the threshold of '${MAX_CONCATENATED_STRING_LENGTH}' characters`,
      { spelCode: "EL1076E" },
    );
  }
  return s;
}

function wrap(kind: NumKind, a: unknown, b: unknown, op: (x: number, y: number) => number, lop: (x: bigint, y: bigint) => bigint): unknown {
  switch (kind) {
    case "double":
      return new JavaDouble(op(toDouble(a), toDouble(b)));
    case "float":
      return new JavaFloat(op(Math.fround(toDouble(a)), Math.fround(toDouble(b))));
    case "long":
      return new JavaLong(BigInt.asIntN(64, lop(toLong(a), toLong(b))));
    default:
      return op(a as number, b as number) | 0;
  }
}

/** Converts an operand for string concatenation (`convertTypedValueToString`). */
function concatOperand(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (isJavaMap(v)) return javaToString(v);
  return convertToString(v) ?? "null";
}

/** `a + b`. */
export function opAdd(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number" && (a | 0) === a && (b | 0) === b) return (a + b) | 0;
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== null && kb !== null) return wrap(promote(ka, kb), a, b, (x, y) => x + y, (x, y) => x + y);
  if (typeof a === "string") {
    return concatString(a, typeof b === "string" ? b : concatOperand(b));
  }
  if (typeof b === "string") return concatString(concatOperand(a), b);
  throw unsupported("+", a, b);
}

/** Unary `+a`. */
export function opPlus(a: unknown): unknown {
  if (numKind(a) !== null) return a;
  throw unsupported("+", a, null);
}

/** `a - b`. */
export function opSubtract(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== null && kb !== null) return wrap(promote(ka, kb), a, b, (x, y) => x - y, (x, y) => x - y);
  if (typeof a === "string" && kb === "int" && a.length === 1) {
    return String.fromCharCode((a.charCodeAt(0) - (b as number)) & 0xffff);
  }
  throw unsupported("-", a, b);
}

/** Unary `-a`. */
export function opNegate(a: unknown): unknown {
  switch (numKind(a)) {
    case "int":
      return -(a as number) | 0;
    case "long":
      return new JavaLong(BigInt.asIntN(64, -toLong(a)));
    case "double":
      return new JavaDouble(-toDouble(a));
    case "float":
      return new JavaFloat(-toDouble(a));
    default:
      throw unsupported("-", a, null);
  }
}

/** `a * b` (a String times an int repeats it). */
export function opMultiply(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== null && kb !== null) {
    if (promote(ka, kb) === "int") return Math.imul(a as number, b as number);
    return wrap(promote(ka, kb), a, b, (x, y) => x * y, (x, y) => x * y);
  }
  if (typeof a === "string" && kb === "int") {
    const n = b as number;
    if (n < 0) throw new RangeError("count is negative");
    if (a.length * n > MAX_REPEATED_TEXT_SIZE) {
      throw evalError(
        "LIMIT_EXCEEDED",
        `Repeated text is too long, exceeding the threshold of '${MAX_REPEATED_TEXT_SIZE}' characters`,
        { spelCode: "EL1077E" },
      );
    }
    return a.repeat(n);
  }
  throw unsupported("*", a, b);
}

/** `a / b` (`div`): integer division truncates; int and long `/ 0` throw. */
export function opDivide(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka === null || kb === null) throw unsupported("/", a, b);
  const k = promote(ka, kb);
  if (k === "int") {
    if (b === 0) throw divByZero();
    return Math.trunc((a as number) / (b as number)) | 0;
  }
  if (k === "long") {
    const y = toLong(b);
    if (y === 0n) throw divByZero();
    return new JavaLong(BigInt.asIntN(64, toLong(a) / y));
  }
  return wrap(k, a, b, (x, y) => x / y, (x) => x);
}

/** `a % b` (`mod`): Java's truncated remainder. */
export function opModulus(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka === null || kb === null) throw unsupported("%", a, b);
  const k = promote(ka, kb);
  if (k === "int") {
    if (b === 0) throw divByZero();
    return ((a as number) % (b as number)) | 0;
  }
  if (k === "long") {
    const y = toLong(b);
    if (y === 0n) throw divByZero();
    return new JavaLong(toLong(a) % y);
  }
  return wrap(k, a, b, (x, y) => x % y, (x) => x);
}

/** `a ^ b` (`OperatorPower`): int result unless it exceeds `Integer.MAX_VALUE` or a long is involved. */
export function opPower(a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka === null || kb === null) throw unsupported("^", a, b);
  const d = Math.pow(toDouble(a), toDouble(b));
  if (ka === "double" || kb === "double") return new JavaDouble(d);
  if (ka === "float" || kb === "float") return new JavaFloat(d);
  if (d > 2147483647 || ka === "long" || kb === "long") {
    if (Number.isNaN(d)) return new JavaLong(0n);
    if (d >= 9.223372036854776e18) return new JavaLong(2n ** 63n - 1n);
    if (d <= -9.223372036854776e18) return new JavaLong(-(2n ** 63n));
    return new JavaLong(BigInt(Math.trunc(d)));
  }
  return d2i(d);
}

/** `==` */
export const opEquals = spelEquals;

/** `<`, `<=`, `>`, `>=` through SpEL's type comparator. */
export function opCompare(a: unknown, b: unknown): number {
  return spelCompare(a, b);
}

/** `x between {low, high}`. */
export function opBetween(a: unknown, range: unknown): boolean {
  if (!Array.isArray(range) || range.length !== 2) {
    throw evalError("OPERATOR", "Right operand for the between operator has to be a two-element list", {
      spelCode: "EL1017E",
    });
  }
  return spelCompare(a, range[0]) >= 0 && spelCompare(a, range[1]) <= 0;
}

const regexCache = new Map<string, RegExp>();

/**
 * Translates a Java regular expression to an equivalent JavaScript one (anchored when `full`).
 * Supports Java's syntax that JavaScript lacks: `(?i)`-style leading flags, `\A`, `\z`, `\Z`,
 * possessive quantifiers (treated as greedy) and POSIX classes such as `\p{Alpha}`.
 */
export function javaRegex(pattern: string, mode: "full" | "search" | "global"): RegExp {
  const key = `${mode}\u0000${pattern}`;
  const cached = regexCache.get(key);
  if (cached) return cached;
  let src = pattern;
  let flags = "";
  const lead = /^\(\?([imsux]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]!) if ((f === "i" || f === "m" || f === "s") && !flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  const posix: Record<string, string> = {
    Lower: "a-z",
    Upper: "A-Z",
    Alpha: "a-zA-Z",
    Digit: "0-9",
    Alnum: "a-zA-Z0-9",
    Punct: "!-\\/:-@\\[-`{-~",
    Space: " \\t\\n\\x0B\\f\\r",
    XDigit: "0-9a-fA-F",
    ASCII: "\\x00-\\x7F",
  };
  src = src
    .replace(/\\A/g, "^")
    .replace(/\\[zZ]/g, "$")
    .replace(/([*+?}])\+/g, "$1")
    .replace(/\\p\{(?:Is)?(Lower|Upper|Alpha|Digit|Alnum|Punct|Space|XDigit|ASCII)\}/g, (_m, n: string) => `[${posix[n]}]`)
    .replace(/\\P\{(?:Is)?(Lower|Upper|Alpha|Digit|Alnum|Punct|Space|XDigit|ASCII)\}/g, (_m, n: string) => `[^${posix[n]}]`);
  if (/\\[pP]\{/.test(src)) flags += "u";
  if (mode === "global") flags += "g";
  let re: RegExp;
  try {
    re = new RegExp(mode === "full" ? `^(?:${src})$` : src, flags);
  } catch (e) {
    throw evalError("OPERATOR", `Pattern '${pattern}' is not valid: ${(e as Error).message}`, {
      spelCode: "EL1071E",
      exceptionType: "PatternSyntaxException",
      cause: e,
    });
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(key, re);
  return re;
}

/** `text matches regex`: a full match of a Java regular expression. */
export function opMatches(left: unknown, right: unknown): boolean {
  if (typeof right !== "string") {
    throw evalError("OPERATOR", `Second operand to matches operator must be a string. '${javaToString(right)}'`, {
      spelCode: "EL1038E",
    });
  }
  if (right.length > MAX_REGEX_LENGTH) {
    throw evalError("LIMIT_EXCEEDED", `Regular expression is too long, exceeding the threshold of '${MAX_REGEX_LENGTH}' characters`, {
      spelCode: "EL1079E",
    });
  }
  const text = convertToString(left);
  if (text === null) {
    throw evalError("NULL_REFERENCE", "Left operand of matches is null", { exceptionType: "NullPointerException" });
  }
  return javaRegex(right, "full").test(text);
}

