/**
 * The static methods of `java.lang.String` (`T(String).valueOf/join/format/copyValueOf`).
 * String's instance methods live with the evaluator's string support.
 * @module
 */
import { JavaArray } from "../../values/boxes.js";
import { formatDouble, formatFloat, javaToString } from "../../values/format.js";
import type { JavaClassDef } from "../class.js";
import { javaFormat } from "./formatter.js";
import { argChar, argDouble, argInt, argLong, javaException, nullPointer, staticMethod } from "./util.js";

const S = "java.lang.String";

function chars(v: unknown, what: string): number[] {
  if (v === null || v === undefined) throw nullPointer(`Cannot read the array length because "${what}" is null`);
  const items = v instanceof JavaArray ? v.items : Array.isArray(v) ? v : [];
  return items.map(argChar);
}

function charRange(v: unknown, offset: unknown, count: unknown): string {
  const cs = chars(v, "value");
  const o = argInt(offset);
  const c = argInt(count);
  if (o < 0 || c < 0 || o > cs.length - c) {
    throw javaException(
      "StringIndexOutOfBoundsException",
      `offset ${o}, count ${c}, length ${cs.length}`,
      "INDEX_OUT_OF_BOUNDS",
    );
  }
  return String.fromCharCode(...cs.slice(o, o + c));
}

function elements(v: unknown): unknown[] {
  if (v === null || v === undefined) throw nullPointer();
  if (v instanceof JavaArray) return v.items;
  if (Array.isArray(v)) return v;
  if (v instanceof Set) return [...v];
  return [v];
}

function join(delimiter: unknown, items: unknown): string {
  if (delimiter === null || delimiter === undefined) throw nullPointer();
  return elements(items)
    .map((e) => javaToString(e))
    .join(javaToString(delimiter));
}

/**
 * `java.lang.String` statics. Overload order follows Java's reflection order where Spring picks
 * the first of several exact matches (`T(String).valueOf(null)` reaches `valueOf(char[])` and
 * throws a `NullPointerException`, as in Java).
 */
export const STRING_STATICS: JavaClassDef = {
  name: S,
  methods: [
    staticMethod("valueOf", ["char[]"], S, ([a]) => String.fromCharCode(...chars(a, "value"))),
    staticMethod("valueOf", ["java.lang.Object"], S, ([a]) => javaToString(a)),
    staticMethod("valueOf", ["boolean"], S, ([a]) => String(a === true)),
    staticMethod("valueOf", ["char"], S, ([a]) => String.fromCharCode(argChar(a))),
    staticMethod("valueOf", ["int"], S, ([a]) => String(argInt(a))),
    staticMethod("valueOf", ["long"], S, ([a]) => argLong(a).toString()),
    staticMethod("valueOf", ["float"], S, ([a]) => formatFloat(argDouble(a))),
    staticMethod("valueOf", ["double"], S, ([a]) => formatDouble(argDouble(a))),
    staticMethod("valueOf", ["char[]", "int", "int"], S, ([a, o, c]) => charRange(a, o, c)),
    staticMethod("copyValueOf", ["char[]"], S, ([a]) => String.fromCharCode(...chars(a, "value"))),
    staticMethod("copyValueOf", ["char[]", "int", "int"], S, ([a, o, c]) => charRange(a, o, c)),
    staticMethod("join", ["java.lang.CharSequence", "java.lang.CharSequence[]"], S, ([d, e]) => join(d, e), {
      varargs: true,
    }),
    staticMethod("join", ["java.lang.CharSequence", "java.lang.Iterable"], S, ([d, e]) => join(d, e)),
    staticMethod("format", [S, "java.lang.Object[]"], S, ([f, a]) => {
      if (f === null || f === undefined) throw nullPointer();
      return javaFormat(String(f), a === null || a === undefined ? [null] : elements(a));
    }, { varargs: true }),
  ],
};
