/**
 * Read-only `java.util.List`, `Set`, `Map` and `Map.Entry` methods. Mutators (`add`, `put`, ...)
 * are deliberately absent: pipeline data is never changed by an expression.
 * @module
 */
import { evalError } from "../../errors.js";
import { JavaMapEntry } from "../../values/boxes.js";
import { javaEquals, javaHashCode, mapGet } from "../../values/equality.js";
import { javaToString } from "../../values/format.js";
import type { JavaClassDef, JavaMethod } from "../class.js";
import { method } from "./define.js";

const O = "java.lang.Object";
const C = "java.util.Collection";

function indexOf(list: readonly unknown[], o: unknown): number {
  for (let i = 0; i < list.length; i++) if (javaEquals(list[i], o)) return i;
  return -1;
}

function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Set) return [...v];
  return [];
}

const collectionMethods: JavaMethod[] = [
  method("size", [], "int", (l: unknown) => items(l).length),
  method("isEmpty", [], "boolean", (l: unknown) => items(l).length === 0),
  method("contains", [O], "boolean", (l: unknown, [o]: [unknown]) => indexOf(items(l), o) >= 0),
  method("containsAll", [C], "boolean", (l: unknown, [c]: [unknown[]]) => items(c).every((o) => indexOf(items(l), o) >= 0)),
  method("equals", [O], "boolean", (l: unknown, [o]: [unknown]) => javaEquals(l, o)),
  method("hashCode", [], "int", (l: unknown) => javaHashCode(l)),
  method("toString", [], "java.lang.String", (l: unknown) => javaToString(l)),
];

/** `java.util.ArrayList` (JSON arrays and inline lists). */
export const listClass: JavaClassDef = {
  name: "java.util.ArrayList",
  methods: [
    ...collectionMethods,
    method("indexOf", [O], "int", (l: unknown[], [o]: [unknown]) => indexOf(l, o)),
    method("lastIndexOf", [O], "int", (l: unknown[], [o]: [unknown]) => {
      for (let i = l.length - 1; i >= 0; i--) if (javaEquals(l[i], o)) return i;
      return -1;
    }),
    method("get", ["int"], O, (l: unknown[], [i]: [number]) => {
      if (i < 0 || i >= l.length) {
        throw evalError("INDEX_OUT_OF_BOUNDS", `Index ${i} out of bounds for length ${l.length}`, {
          exceptionType: "IndexOutOfBoundsException",
        });
      }
      return l[i] ?? null;
    }),
    method("subList", ["int", "int"], "java.util.List", (l: unknown[], [a, b]: [number, number]) => {
      if (a < 0 || b > l.length || a > b) {
        throw evalError("INDEX_OUT_OF_BOUNDS", `fromIndex: ${a}, toIndex: ${b}, size: ${l.length}`, {
          exceptionType: "IndexOutOfBoundsException",
        });
      }
      return l.slice(a, b);
    }),
  ],
};

/** `java.util.LinkedHashSet` (`keySet()`, `entrySet()`). */
export const setClass: JavaClassDef = {
  name: "java.util.LinkedHashSet",
  methods: collectionMethods,
};

function entries(m: unknown): [unknown, unknown][] {
  if (m instanceof Map) return [...m.entries()];
  return Object.entries(m as Record<string, unknown>);
}

/** `java.util.LinkedHashMap` (JSON objects and inline maps). */
export const mapClass: JavaClassDef = {
  name: "java.util.LinkedHashMap",
  methods: [
    method("size", [], "int", (m: unknown) => entries(m).length),
    method("isEmpty", [], "boolean", (m: unknown) => entries(m).length === 0),
    method("containsKey", [O], "boolean", (m: Record<string, unknown>, [k]: [unknown]) => mapGet(m, k).found),
    method("containsValue", [O], "boolean", (m: unknown, [v]: [unknown]) => entries(m).some(([, x]) => javaEquals(x, v))),
    method("get", [O], O, (m: Record<string, unknown>, [k]: [unknown]) => mapGet(m, k).value ?? null),
    method("getOrDefault", [O, O], O, (m: Record<string, unknown>, [k, d]: [unknown, unknown]) => {
      const r = mapGet(m, k);
      return r.found ? (r.value ?? null) : d;
    }),
    method("keySet", [], "java.util.Set", (m: unknown) => new Set(entries(m).map(([k]) => k))),
    method("values", [], "java.util.Collection", (m: unknown) => entries(m).map(([, v]) => v ?? null)),
    method("entrySet", [], "java.util.Set", (m: unknown) => new Set(entries(m).map(([k, v]) => new JavaMapEntry(k, v ?? null)))),
    method("equals", [O], "boolean", (m: unknown, [o]: [unknown]) => javaEquals(m, o)),
    method("hashCode", [], "int", (m: unknown) => javaHashCode(m)),
    method("toString", [], "java.lang.String", (m: unknown) => javaToString(m)),
  ],
};

/** `java.util.Map$Entry`. */
export const entryClass: JavaClassDef = {
  name: "java.util.Map$Entry",
  methods: [
    method("getKey", [], O, (e: JavaMapEntry) => e.key),
    method("getValue", [], O, (e: JavaMapEntry) => e.value),
    method("toString", [], "java.lang.String", (e: JavaMapEntry) => javaToString(e)),
  ],
};
