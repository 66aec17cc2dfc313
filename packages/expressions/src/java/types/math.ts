/**
 * `java.lang.Math`, with Java's exact overload set (so Spring's resolution of
 * `T(Math).max(1, 2)` → int, `T(Math).min(1.5, 2)` → ambiguous, `T(Math).round(2)` → ambiguous
 * behaves as in Java).
 * @module
 */
import type { JavaClassDef, JavaMethod } from "../class.js";
import {
  argDouble,
  argInt,
  argLong,
  arithmetic,
  double,
  float,
  floorDivBig,
  floorModBig,
  int,
  long,
  staticMethod,
} from "./util.js";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function intExact(r: number): number {
  if (r < INT_MIN || r > INT_MAX) throw arithmetic("integer overflow");
  return r;
}

function longExact(r: bigint): bigint {
  if (r < LONG_MIN || r > LONG_MAX) throw arithmetic("long overflow");
  return r;
}

/** Java's `Math.round(double)`: floor(x + 1/2) computed exactly, saturating, NaN → 0. */
export function javaRoundDouble(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9.223372036854776e18) return LONG_MAX;
  if (x <= -9.223372036854776e18) return LONG_MIN;
  const f = Math.floor(x);
  return BigInt(x - f >= 0.5 ? f + 1 : f);
}

/** Java's `Math.round(float)`: as for double, saturating to int. */
export function javaRoundFloat(x: number): number {
  const v = Math.fround(x);
  if (Number.isNaN(v)) return 0;
  if (v >= INT_MAX) return INT_MAX;
  if (v <= INT_MIN) return INT_MIN;
  const f = Math.floor(v);
  return v - f >= 0.5 ? f + 1 : f;
}

/** The four numeric overloads (int, long, float, double) of a one- or two-argument method. */
function numericOverloads(
  name: string,
  arity: 1 | 2,
  ops: {
    int: (a: number[]) => number;
    long: (a: bigint[]) => bigint;
    double: (a: number[]) => number;
  },
): JavaMethod[] {
  const p = (t: string): string[] => (arity === 1 ? [t] : [t, t]);
  return [
    staticMethod(name, p("int"), "int", (args) => int(ops.int(args.map(argInt)))),
    staticMethod(name, p("long"), "long", (args) => long(ops.long(args.map(argLong)))),
    staticMethod(name, p("float"), "float", (args) => float(ops.double(args.map(argDouble)))),
    staticMethod(name, p("double"), "double", (args) => double(ops.double(args.map(argDouble)))),
  ];
}

function javaMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.max(a, b); // JS Math.max also orders -0.0 < 0.0 as Java does
}

function javaMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return Math.min(a, b);
}

/** `Math.rint`: round half to even. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

function d1(name: string, fn: (x: number) => number): JavaMethod {
  return staticMethod(name, ["double"], "double", (args) => double(fn(argDouble(args[0]))));
}

function d2(name: string, fn: (x: number, y: number) => number): JavaMethod {
  return staticMethod(name, ["double", "double"], "double", (args) => double(fn(argDouble(args[0]), argDouble(args[1]))));
}

function floorDivInt(x: number, y: number): number {
  if (y === 0) throw arithmetic("/ by zero");
  return Number(floorDivBig(BigInt(x), BigInt(y))) | 0;
}

function floorModInt(x: number, y: number): number {
  if (y === 0) throw arithmetic("/ by zero");
  return Number(floorModBig(BigInt(x), BigInt(y)));
}

function floorDivLong(x: bigint, y: bigint): bigint {
  if (y === 0n) throw arithmetic("/ by zero");
  return BigInt.asIntN(64, floorDivBig(x, y));
}

function floorModLong(x: bigint, y: bigint): bigint {
  if (y === 0n) throw arithmetic("/ by zero");
  return floorModBig(x, y);
}

const I = ["int", "int"];
const L = ["long", "long"];

/** `java.lang.Math`. */
export const MATH: JavaClassDef = {
  name: "java.lang.Math",
  staticFields: {
    PI: () => double(Math.PI),
    E: () => double(Math.E),
  },
  methods: [
    ...numericOverloads("abs", 1, {
      int: ([a]) => Math.abs(a!),
      long: ([a]) => (a! < 0n ? -a! : a!),
      double: ([a]) => Math.abs(a!),
    }),
    ...numericOverloads("max", 2, {
      int: ([a, b]) => Math.max(a!, b!),
      long: ([a, b]) => (a! > b! ? a! : b!),
      double: ([a, b]) => javaMax(a!, b!),
    }),
    ...numericOverloads("min", 2, {
      int: ([a, b]) => Math.min(a!, b!),
      long: ([a, b]) => (a! < b! ? a! : b!),
      double: ([a, b]) => javaMin(a!, b!),
    }),
    staticMethod("round", ["float"], "int", (args) => javaRoundFloat(argDouble(args[0]))),
    staticMethod("round", ["double"], "long", (args) => long(javaRoundDouble(argDouble(args[0])))),
    staticMethod("signum", ["float"], "float", (args) => float(Math.sign(argDouble(args[0])))),
    staticMethod("signum", ["double"], "double", (args) => double(Math.sign(argDouble(args[0])))),
    staticMethod("random", [], "double", (_a, env) => double(env.random())),
    d1("floor", Math.floor),
    d1("ceil", Math.ceil),
    d1("rint", rint),
    d1("sqrt", Math.sqrt),
    d1("cbrt", Math.cbrt),
    d1("exp", Math.exp),
    d1("expm1", Math.expm1),
    d1("log", Math.log),
    d1("log10", Math.log10),
    d1("log1p", Math.log1p),
    d1("sin", Math.sin),
    d1("cos", Math.cos),
    d1("tan", Math.tan),
    d1("asin", Math.asin),
    d1("acos", Math.acos),
    d1("atan", Math.atan),
    d1("sinh", Math.sinh),
    d1("cosh", Math.cosh),
    d1("tanh", Math.tanh),
    d1("toRadians", (x) => (x / 180) * Math.PI),
    d1("toDegrees", (x) => (x * 180) / Math.PI),
    d2("pow", Math.pow),
    d2("atan2", Math.atan2),
    d2("hypot", Math.hypot),
    staticMethod("addExact", I, "int", ([a, b]) => intExact(argInt(a) + argInt(b))),
    staticMethod("addExact", L, "long", ([a, b]) => long(longExact(argLong(a) + argLong(b)))),
    staticMethod("subtractExact", I, "int", ([a, b]) => intExact(argInt(a) - argInt(b))),
    staticMethod("subtractExact", L, "long", ([a, b]) => long(longExact(argLong(a) - argLong(b)))),
    staticMethod("multiplyExact", I, "int", ([a, b]) => Number(intExactBig(BigInt(argInt(a)) * BigInt(argInt(b))))),
    staticMethod("multiplyExact", ["long", "int"], "long", ([a, b]) => long(longExact(argLong(a) * BigInt(argInt(b))))),
    staticMethod("multiplyExact", L, "long", ([a, b]) => long(longExact(argLong(a) * argLong(b)))),
    staticMethod("negateExact", ["int"], "int", ([a]) => intExact(-argInt(a))),
    staticMethod("negateExact", ["long"], "long", ([a]) => long(longExact(-argLong(a)))),
    staticMethod("incrementExact", ["int"], "int", ([a]) => intExact(argInt(a) + 1)),
    staticMethod("incrementExact", ["long"], "long", ([a]) => long(longExact(argLong(a) + 1n))),
    staticMethod("decrementExact", ["int"], "int", ([a]) => intExact(argInt(a) - 1)),
    staticMethod("decrementExact", ["long"], "long", ([a]) => long(longExact(argLong(a) - 1n))),
    staticMethod("absExact", ["int"], "int", ([a]) => {
      const x = argInt(a);
      if (x === INT_MIN) throw arithmetic("Overflow to represent absolute value of Integer.MIN_VALUE");
      return Math.abs(x);
    }),
    staticMethod("absExact", ["long"], "long", ([a]) => {
      const x = argLong(a);
      if (x === LONG_MIN) throw arithmetic("Overflow to represent absolute value of Long.MIN_VALUE");
      return long(x < 0n ? -x : x);
    }),
    staticMethod("toIntExact", ["long"], "int", ([a]) => Number(intExactBig(argLong(a)))),
    staticMethod("floorDiv", I, "int", ([a, b]) => floorDivInt(argInt(a), argInt(b))),
    staticMethod("floorDiv", ["long", "int"], "long", ([a, b]) => long(floorDivLong(argLong(a), BigInt(argInt(b))))),
    staticMethod("floorDiv", L, "long", ([a, b]) => long(floorDivLong(argLong(a), argLong(b)))),
    staticMethod("floorMod", I, "int", ([a, b]) => floorModInt(argInt(a), argInt(b))),
    staticMethod("floorMod", ["long", "int"], "int", ([a, b]) => Number(floorModLong(argLong(a), BigInt(argInt(b))))),
    staticMethod("floorMod", L, "long", ([a, b]) => long(floorModLong(argLong(a), argLong(b)))),
  ],
};

function intExactBig(r: bigint): bigint {
  if (r < BigInt(INT_MIN) || r > BigInt(INT_MAX)) throw arithmetic("integer overflow");
  return r;
}
