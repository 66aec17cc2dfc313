/**
 * The boxed number and boolean classes: `java.lang.Integer`, `Long`, `Double`, `Byte`, `Boolean`
 * (allow-listed) and `Float`, `Character` (plain SpEL only, but their instance methods work on
 * values of those kinds). Statics, constants, constructors and instance methods with Java's
 * signatures. `Boolean.getBoolean`, `Integer.getInteger` and `Long.getLong` are deliberately absent:
 * Spinnaker users see them as "method not found".
 * @module
 */
import { JavaChar } from "../../values/boxes.js";
import { numberToString } from "../../values/convert.js";
import { doubleCompare, javaEquals, javaHashCode } from "../../values/equality.js";
import { formatDouble, formatFloat } from "../../values/format.js";
import type { JavaClassDef, JavaMethod } from "../class.js";
import {
  argChar,
  argDouble,
  argInt,
  argLong,
  char,
  ctor,
  double,
  float,
  long,
  method,
  numberFormat,
  sign,
  staticMethod,
} from "./util.js";

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function forInputString(s: string, radix: number): Error {
  return numberFormat(`For input string: "${s}"${radix === 10 ? "" : ` under radix ${radix}`}`);
}

/** Java's `Character.digit(ch, radix)` for ASCII digits and letters; -1 when not a digit. */
function digit(ch: string, radix: number): number {
  const c = ch.charCodeAt(0);
  let d = -1;
  if (c >= 48 && c <= 57) d = c - 48;
  else if (c >= 97 && c <= 122) d = c - 87;
  else if (c >= 65 && c <= 90) d = c - 55;
  else if (c >= 0xff10 && c <= 0xff19) d = c - 0xff10; // fullwidth digits
  return d >= 0 && d < radix ? d : -1;
}

/**
 * Java's `Long.parseLong(s, radix)` / `Integer.parseInt(s, radix)` core: an optional sign and
 * at least one digit, checked against [min, max]. Throws Java's `NumberFormatException`s.
 */
export function parseJavaInteger(s: unknown, radix: number, min: bigint, max: bigint): bigint {
  if (s === null || s === undefined) throw numberFormat("Cannot parse null string");
  const text = String(s);
  if (radix < 2) throw numberFormat(`radix ${radix} less than Character.MIN_RADIX`);
  if (radix > 36) throw numberFormat(`radix ${radix} greater than Character.MAX_RADIX`);
  let i = 0;
  let negative = false;
  if (text.length === 0) throw forInputString(text, radix);
  const first = text[0]!;
  if (first === "-" || first === "+") {
    negative = first === "-";
    i = 1;
    if (text.length === 1) throw forInputString(text, radix);
  }
  let value = 0n;
  const r = BigInt(radix);
  for (; i < text.length; i++) {
    const d = digit(text[i]!, radix);
    if (d < 0) throw forInputString(text, radix);
    value = value * r + BigInt(d);
    if (value > max + 1n) throw forInputString(text, radix);
  }
  if (negative) value = -value;
  if (value < min || value > max) throw forInputString(text, radix);
  return value;
}

function parseInt32(s: unknown, radix = 10): number {
  return Number(parseJavaInteger(s, radix, INT_MIN, INT_MAX));
}

function parseInt64(s: unknown, radix = 10): bigint {
  return parseJavaInteger(s, radix, LONG_MIN, LONG_MAX);
}

function parseSmall(s: unknown, radix: number, bits: 8 | 16): number {
  const v = parseInt32(s, radix);
  const lim = 1 << (bits - 1);
  if (v < -lim || v >= lim) throw numberFormat(`Value out of range. Value:"${String(s)}" Radix:${radix}`);
  return v;
}

const DEC_FLOAT = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?))$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/;

/** Java's `Double.parseDouble`: trims, accepts `NaN`, `Infinity`, a `d`/`f` suffix and hex floats. */
export function parseJavaDouble(s: unknown): number {
  if (s === null || s === undefined) throw numberFormat("null"); // Java: NullPointerException
  // eslint-disable-next-line no-control-regex
  const t = String(s).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (t.length === 0) throw numberFormat("empty String");
  if (DEC_FLOAT.test(t)) return Number(t.replace(/[fFdD]$/, ""));
  const h = HEX_FLOAT.exec(t);
  if (h && (h[2]! + h[3]!).length > 0) {
    const mant = BigInt("0x" + (h[2]! + h[3]! || "0"));
    const exp = Number(h[4]!) - 4 * h[3]!.length;
    const v = Number(mant) * 2 ** exp;
    return h[1] === "-" ? -v : v;
  }
  throw numberFormat(`For input string: "${t}"`);
}

/** Java's `Integer.toString(i, radix)` / `Long.toString(l, radix)` (invalid radix means 10). */
function toRadix(v: bigint, radix: number): string {
  const r = radix < 2 || radix > 36 ? 10 : radix;
  return v.toString(r);
}

function unsigned(v: bigint, bits: 32 | 64, radix: number): string {
  return BigInt.asUintN(bits, v).toString(radix);
}

function bitCount(v: bigint, bits: 32 | 64): number {
  let u = BigInt.asUintN(bits, v);
  let n = 0;
  while (u > 0n) {
    n += Number(u & 1n);
    u >>= 1n;
  }
  return n;
}

function leadingZeros(v: bigint, bits: 32 | 64): number {
  const u = BigInt.asUintN(bits, v);
  return u === 0n ? bits : bits - u.toString(2).length;
}

function trailingZeros(v: bigint, bits: 32 | 64): number {
  let u = BigInt.asUintN(bits, v);
  if (u === 0n) return bits;
  let n = 0;
  while ((u & 1n) === 0n) {
    n++;
    u >>= 1n;
  }
  return n;
}

function highestOneBit(v: bigint, bits: 32 | 64): bigint {
  const u = BigInt.asUintN(bits, v);
  return u === 0n ? 0n : BigInt.asIntN(bits, 1n << BigInt(u.toString(2).length - 1));
}

function lowestOneBit(v: bigint, bits: 32 | 64): bigint {
  return BigInt.asIntN(bits, v & -v);
}

function reverseBits(v: bigint, bits: 32 | 64): bigint {
  const s = BigInt.asUintN(bits, v).toString(2).padStart(bits, "0");
  return BigInt.asIntN(bits, BigInt("0b" + [...s].reverse().join("")));
}

/** Shared instance methods of every `java.lang.Number` subclass. */
function numberInstanceMethods(self: string): JavaMethod[] {
  return [
    method("intValue", [], "int", (t) => argInt(t)),
    method("longValue", [], "long", (t) => long(argLong(t))),
    method("doubleValue", [], "double", (t) => double(argDouble(t))),
    method("floatValue", [], "float", (t) => float(argDouble(t))),
    method("shortValue", [], "short", (t) => Number(BigInt.asIntN(16, argLong(t)))),
    method("byteValue", [], "byte", (t) => Number(BigInt.asIntN(8, argLong(t)))),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => javaEquals(t, o)),
    method("hashCode", [], "int", (t) => javaHashCode(t)),
    method("toString", [], "java.lang.String", (t) => numberToString(t)),
    method("compareTo", [self], "int", (t, [o]) =>
      self === "java.lang.Long"
        ? sign(argLong(t) - argLong(o))
        : self === "java.lang.Integer"
          ? sign(argInt(t) - argInt(o))
          : doubleCompare(argDouble(t), argDouble(o)),
    ),
  ];
}

/** Static methods common to Integer and Long, parameterised by width. */
function integralStatics(prim: "int" | "long", bits: 32 | 64): JavaMethod[] {
  const box = (v: bigint): unknown => (bits === 32 ? Number(BigInt.asIntN(32, v)) : long(v));
  const read = (v: unknown): bigint => (bits === 32 ? BigInt(argInt(v)) : argLong(v));
  const P1 = [prim];
  const P2 = [prim, prim];
  const S = "java.lang.String";
  return [
    staticMethod("toString", P1, S, ([a]) => read(a).toString()),
    staticMethod("toString", [prim, "int"], S, ([a, r]) => toRadix(read(a), argInt(r))),
    staticMethod("toHexString", P1, S, ([a]) => unsigned(read(a), bits, 16)),
    staticMethod("toOctalString", P1, S, ([a]) => unsigned(read(a), bits, 8)),
    staticMethod("toBinaryString", P1, S, ([a]) => unsigned(read(a), bits, 2)),
    staticMethod("toUnsignedString", P1, S, ([a]) => unsigned(read(a), bits, 10)),
    staticMethod("compare", P2, "int", ([a, b]) => sign(read(a) - read(b))),
    staticMethod("signum", P1, "int", ([a]) => sign(read(a))),
    staticMethod("sum", P2, prim, ([a, b]) => box(BigInt.asIntN(bits, read(a) + read(b)))),
    staticMethod("max", P2, prim, ([a, b]) => box(read(a) > read(b) ? read(a) : read(b))),
    staticMethod("min", P2, prim, ([a, b]) => box(read(a) < read(b) ? read(a) : read(b))),
    staticMethod("bitCount", P1, "int", ([a]) => bitCount(read(a), bits)),
    staticMethod("numberOfLeadingZeros", P1, "int", ([a]) => leadingZeros(read(a), bits)),
    staticMethod("numberOfTrailingZeros", P1, "int", ([a]) => trailingZeros(read(a), bits)),
    staticMethod("highestOneBit", P1, prim, ([a]) => box(highestOneBit(read(a), bits))),
    staticMethod("lowestOneBit", P1, prim, ([a]) => box(lowestOneBit(read(a), bits))),
    staticMethod("reverse", P1, prim, ([a]) => box(reverseBits(read(a), bits))),
    staticMethod("hashCode", P1, "int", ([a]) => javaHashCode(box(read(a)))),
  ];
}

const S = "java.lang.String";

/** `java.lang.Integer`. */
export const INTEGER: JavaClassDef = {
  name: "java.lang.Integer",
  staticFields: {
    MAX_VALUE: () => 2147483647,
    MIN_VALUE: () => -2147483648,
    SIZE: () => 32,
    BYTES: () => 4,
  },
  constructors: [
    ctor(["int"], "java.lang.Integer", ([a]) => argInt(a)),
    ctor([S], "java.lang.Integer", ([s]) => parseInt32(s)),
  ],
  methods: [
    staticMethod("parseInt", [S], "int", ([s]) => parseInt32(s)),
    staticMethod("parseInt", [S, "int"], "int", ([s, r]) => parseInt32(s, argInt(r))),
    staticMethod("valueOf", [S], "java.lang.Integer", ([s]) => parseInt32(s)),
    staticMethod("valueOf", ["int"], "java.lang.Integer", ([a]) => argInt(a)),
    staticMethod("valueOf", [S, "int"], "java.lang.Integer", ([s, r]) => parseInt32(s, argInt(r))),
    staticMethod("toUnsignedLong", ["int"], "long", ([a]) => long(BigInt(argInt(a) >>> 0))),
    ...integralStatics("int", 32),
    ...numberInstanceMethods("java.lang.Integer"),
  ],
};

/** `java.lang.Long`. */
export const LONG: JavaClassDef = {
  name: "java.lang.Long",
  staticFields: {
    MAX_VALUE: () => long(LONG_MAX),
    MIN_VALUE: () => long(LONG_MIN),
    SIZE: () => 64,
    BYTES: () => 8,
  },
  constructors: [
    ctor(["long"], "java.lang.Long", ([a]) => long(argLong(a))),
    ctor([S], "java.lang.Long", ([s]) => long(parseInt64(s))),
  ],
  methods: [
    staticMethod("parseLong", [S], "long", ([s]) => long(parseInt64(s))),
    staticMethod("parseLong", [S, "int"], "long", ([s, r]) => long(parseInt64(s, argInt(r)))),
    staticMethod("valueOf", [S], "java.lang.Long", ([s]) => long(parseInt64(s))),
    staticMethod("valueOf", ["long"], "java.lang.Long", ([a]) => long(argLong(a))),
    staticMethod("valueOf", [S, "int"], "java.lang.Long", ([s, r]) => long(parseInt64(s, argInt(r)))),
    ...integralStatics("long", 64),
    ...numberInstanceMethods("java.lang.Long"),
  ],
};

function doubleStatics(prim: "double" | "float"): JavaMethod[] {
  const box = prim === "double" ? double : float;
  const fmt = prim === "double" ? formatDouble : formatFloat;
  const P1 = [prim];
  const P2 = [prim, prim];
  return [
    staticMethod("toString", P1, S, ([a]) => fmt(argDouble(a))),
    staticMethod("compare", P2, "int", ([a, b]) => doubleCompare(argDouble(a), argDouble(b))),
    staticMethod("isNaN", P1, "boolean", ([a]) => Number.isNaN(argDouble(a))),
    staticMethod("isInfinite", P1, "boolean", ([a]) => Math.abs(argDouble(a)) === Infinity),
    staticMethod("isFinite", P1, "boolean", ([a]) => Number.isFinite(argDouble(a))),
    staticMethod("sum", P2, prim, ([a, b]) => box(argDouble(a) + argDouble(b))),
    staticMethod("max", P2, prim, ([a, b]) => {
      const x = argDouble(a);
      const y = argDouble(b);
      return box(Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y));
    }),
    staticMethod("min", P2, prim, ([a, b]) => {
      const x = argDouble(a);
      const y = argDouble(b);
      return box(Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y));
    }),
    staticMethod("hashCode", P1, "int", ([a]) => javaHashCode(box(argDouble(a)))),
  ];
}

function floatingInstanceMethods(self: string): JavaMethod[] {
  return [
    ...numberInstanceMethods(self),
    method("isNaN", [], "boolean", (t) => Number.isNaN(argDouble(t))),
    method("isInfinite", [], "boolean", (t) => Math.abs(argDouble(t)) === Infinity),
  ];
}

/** `java.lang.Double`. */
export const DOUBLE: JavaClassDef = {
  name: "java.lang.Double",
  staticFields: {
    MAX_VALUE: () => double(Number.MAX_VALUE),
    MIN_VALUE: () => double(Number.MIN_VALUE),
    MIN_NORMAL: () => double(2.2250738585072014e-308),
    POSITIVE_INFINITY: () => double(Infinity),
    NEGATIVE_INFINITY: () => double(-Infinity),
    NaN: () => double(NaN),
    MAX_EXPONENT: () => 1023,
    MIN_EXPONENT: () => -1022,
    SIZE: () => 64,
    BYTES: () => 8,
  },
  constructors: [
    ctor(["double"], "java.lang.Double", ([a]) => double(argDouble(a))),
    ctor([S], "java.lang.Double", ([s]) => double(parseJavaDouble(s))),
  ],
  methods: [
    staticMethod("parseDouble", [S], "double", ([s]) => double(parseJavaDouble(s))),
    staticMethod("valueOf", [S], "java.lang.Double", ([s]) => double(parseJavaDouble(s))),
    staticMethod("valueOf", ["double"], "java.lang.Double", ([a]) => double(argDouble(a))),
    ...doubleStatics("double"),
    ...floatingInstanceMethods("java.lang.Double"),
  ],
};

/** `java.lang.Float` (not allow-listed in Spinnaker; instance methods of float values). */
export const FLOAT: JavaClassDef = {
  name: "java.lang.Float",
  spelOnly: true,
  staticFields: {
    MAX_VALUE: () => float(3.4028234663852886e38),
    MIN_VALUE: () => float(1.401298464324817e-45),
    POSITIVE_INFINITY: () => float(Infinity),
    NEGATIVE_INFINITY: () => float(-Infinity),
    NaN: () => float(NaN),
    SIZE: () => 32,
    BYTES: () => 4,
  },
  constructors: [
    ctor(["float"], "java.lang.Float", ([a]) => float(argDouble(a))),
    ctor(["double"], "java.lang.Float", ([a]) => float(argDouble(a))),
    ctor([S], "java.lang.Float", ([s]) => float(parseJavaDouble(s))),
  ],
  methods: [
    staticMethod("parseFloat", [S], "float", ([s]) => float(parseJavaDouble(s))),
    staticMethod("valueOf", [S], "java.lang.Float", ([s]) => float(parseJavaDouble(s))),
    staticMethod("valueOf", ["float"], "java.lang.Float", ([a]) => float(argDouble(a))),
    ...doubleStatics("float"),
    ...floatingInstanceMethods("java.lang.Float"),
  ],
};

/** `java.lang.Byte` (statics only: the value model has no byte kind, bytes read as ints). */
export const BYTE: JavaClassDef = {
  name: "java.lang.Byte",
  staticFields: {
    MAX_VALUE: () => 127,
    MIN_VALUE: () => -128,
    SIZE: () => 8,
    BYTES: () => 1,
  },
  constructors: [
    ctor(["byte"], "java.lang.Byte", ([a]) => argInt(a)),
    ctor([S], "java.lang.Byte", ([s]) => parseSmall(s, 10, 8)),
  ],
  methods: [
    staticMethod("parseByte", [S], "byte", ([s]) => parseSmall(s, 10, 8)),
    staticMethod("parseByte", [S, "int"], "byte", ([s, r]) => parseSmall(s, argInt(r), 8)),
    staticMethod("valueOf", [S], "java.lang.Byte", ([s]) => parseSmall(s, 10, 8)),
    staticMethod("valueOf", ["byte"], "java.lang.Byte", ([a]) => argInt(a)),
    staticMethod("valueOf", [S, "int"], "java.lang.Byte", ([s, r]) => parseSmall(s, argInt(r), 8)),
    staticMethod("toString", ["byte"], S, ([a]) => String(argInt(a))),
    staticMethod("compare", ["byte", "byte"], "int", ([a, b]) => argInt(a) - argInt(b)),
    staticMethod("hashCode", ["byte"], "int", ([a]) => argInt(a)),
    staticMethod("toUnsignedInt", ["byte"], "int", ([a]) => argInt(a) & 0xff),
    staticMethod("toUnsignedLong", ["byte"], "long", ([a]) => long(BigInt(argInt(a) & 0xff))),
  ],
};

function toBool(v: unknown): boolean {
  return v === true;
}

/** Java's `Boolean.parseBoolean`: `"true"` in any case; anything else (and null) is false. */
function parseBoolean(s: unknown): boolean {
  return typeof s === "string" && s.toLowerCase() === "true";
}

/** `java.lang.Boolean` (without `getBoolean`, which Spinnaker refuses). */
export const BOOLEAN: JavaClassDef = {
  name: "java.lang.Boolean",
  staticFields: {
    TRUE: () => true,
    FALSE: () => false,
  },
  constructors: [
    ctor(["boolean"], "java.lang.Boolean", ([a]) => toBool(a)),
    ctor([S], "java.lang.Boolean", ([s]) => parseBoolean(s)),
  ],
  methods: [
    staticMethod("parseBoolean", [S], "boolean", ([s]) => parseBoolean(s)),
    staticMethod("valueOf", [S], "java.lang.Boolean", ([s]) => parseBoolean(s)),
    staticMethod("valueOf", ["boolean"], "java.lang.Boolean", ([a]) => toBool(a)),
    staticMethod("toString", ["boolean"], S, ([a]) => String(toBool(a))),
    staticMethod("compare", ["boolean", "boolean"], "int", ([a, b]) =>
      toBool(a) === toBool(b) ? 0 : toBool(a) ? 1 : -1,
    ),
    staticMethod("logicalAnd", ["boolean", "boolean"], "boolean", ([a, b]) => toBool(a) && toBool(b)),
    staticMethod("logicalOr", ["boolean", "boolean"], "boolean", ([a, b]) => toBool(a) || toBool(b)),
    staticMethod("logicalXor", ["boolean", "boolean"], "boolean", ([a, b]) => toBool(a) !== toBool(b)),
    staticMethod("hashCode", ["boolean"], "int", ([a]) => (toBool(a) ? 1231 : 1237)),
    method("booleanValue", [], "boolean", (t) => toBool(t)),
    method("compareTo", ["java.lang.Boolean"], "int", (t, [o]) => (toBool(t) === toBool(o) ? 0 : toBool(t) ? 1 : -1)),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => t === o),
    method("hashCode", [], "int", (t) => (toBool(t) ? 1231 : 1237)),
    method("toString", [], S, (t) => String(toBool(t))),
  ],
};

const isUpper = (c: number): boolean => {
  const s = String.fromCharCode(c);
  return s !== s.toLowerCase() && s === s.toUpperCase();
};
const isLower = (c: number): boolean => {
  const s = String.fromCharCode(c);
  return s !== s.toUpperCase() && s === s.toLowerCase();
};
const isLetter = (c: number): boolean => /\p{L}/u.test(String.fromCharCode(c));
const isDigit = (c: number): boolean => /\p{Nd}/u.test(String.fromCharCode(c));
/** Java's `Character.isWhitespace`: Unicode space separators except no-break spaces, and \t..\r, \x1c..\x1f. */
const isWhitespace = (c: number): boolean =>
  (c >= 9 && c <= 13) ||
  (c >= 0x1c && c <= 0x20) ||
  (/[\p{Zs}\p{Zl}\p{Zp}]/u.test(String.fromCharCode(c)) && c !== 0xa0 && c !== 0x2007 && c !== 0x202f);

function charPredicate(name: string, fn: (c: number) => boolean): JavaMethod[] {
  return [
    staticMethod(name, ["char"], "boolean", ([a]) => fn(argChar(a))),
    staticMethod(name, ["int"], "boolean", ([a]) => fn(argInt(a))),
  ];
}

function upper(c: number): number {
  const s = String.fromCharCode(c).toUpperCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

function lower(c: number): number {
  const s = String.fromCharCode(c).toLowerCase();
  return s.length === 1 ? s.charCodeAt(0) : c;
}

/** `java.lang.Character` (not allow-listed in Spinnaker; instance methods of char values). */
export const CHARACTER: JavaClassDef = {
  name: "java.lang.Character",
  spelOnly: true,
  staticFields: {
    MIN_VALUE: () => char(0),
    MAX_VALUE: () => char(0xffff),
    MIN_RADIX: () => 2,
    MAX_RADIX: () => 36,
  },
  constructors: [ctor(["char"], "java.lang.Character", ([a]) => char(argChar(a)))],
  methods: [
    ...charPredicate("isDigit", isDigit),
    ...charPredicate("isLetter", isLetter),
    ...charPredicate("isLetterOrDigit", (c) => isLetter(c) || isDigit(c)),
    ...charPredicate("isUpperCase", isUpper),
    ...charPredicate("isLowerCase", isLower),
    ...charPredicate("isWhitespace", isWhitespace),
    staticMethod("isAlphabetic", ["int"], "boolean", ([a]) => /\p{Alphabetic}/u.test(String.fromCodePoint(argInt(a)))),
    staticMethod("toUpperCase", ["char"], "char", ([a]) => char(upper(argChar(a)))),
    staticMethod("toUpperCase", ["int"], "int", ([a]) => upper(argInt(a))),
    staticMethod("toLowerCase", ["char"], "char", ([a]) => char(lower(argChar(a)))),
    staticMethod("toLowerCase", ["int"], "int", ([a]) => lower(argInt(a))),
    staticMethod("getNumericValue", ["char"], "int", ([a]) => {
      const c = argChar(a);
      return digit(String.fromCharCode(c), 36);
    }),
    staticMethod("digit", ["char", "int"], "int", ([a, r]) => digit(String.fromCharCode(argChar(a)), argInt(r))),
    staticMethod("toString", ["char"], S, ([a]) => String.fromCharCode(argChar(a))),
    staticMethod("valueOf", ["char"], "java.lang.Character", ([a]) => char(argChar(a))),
    staticMethod("compare", ["char", "char"], "int", ([a, b]) => argChar(a) - argChar(b)),
    staticMethod("hashCode", ["char"], "int", ([a]) => argChar(a)),
    method("charValue", [], "char", (t) => char(argChar(t))),
    method("compareTo", ["java.lang.Character"], "int", (t, [o]) => argChar(t) - argChar(o)),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => o instanceof JavaChar && o.code === argChar(t)),
    method("hashCode", [], "int", (t) => argChar(t)),
    method("toString", [], S, (t) => String.fromCharCode(argChar(t))),
  ],
};

/** The number and boolean classes of this module. */
export const NUMBER_CLASSES: readonly JavaClassDef[] = [INTEGER, LONG, DOUBLE, FLOAT, BYTE, BOOLEAN, CHARACTER];
