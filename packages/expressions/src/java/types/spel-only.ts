/**
 * Classes the plain-SpEL profile offers and Spinnaker's allow-list does not: `java.util.Collections`
 * (non-mutating methods), `java.lang.System` (`currentTimeMillis`, `nanoTime`, from the
 * environment's clock), and the constructors of `java.util.ArrayList`, `HashMap` and `LinkedHashMap`.
 * @module
 */
import { JavaArray } from "../../values/boxes.js";
import { javaEquals, spelCompare } from "../../values/equality.js";
import { isJavaMap } from "../../values/kinds.js";
import type { JavaClassDef } from "../class.js";
import { argInt, ctor, illegalArgument, javaException, long, nullPointer, staticMethod } from "./util.js";

const O = "java.lang.Object";
const C = "java.util.Collection";

function items(v: unknown): unknown[] {
  if (v === null || v === undefined) throw nullPointer();
  if (Array.isArray(v)) return v;
  if (v instanceof Set) return [...v];
  if (v instanceof JavaArray) return v.items;
  if (isJavaMap(v)) return Object.values(v);
  return [v];
}

function extreme(v: unknown, pick: (c: number) => boolean): unknown {
  const xs = items(v);
  if (xs.length === 0) throw javaException("NoSuchElementException", "");
  let best = xs[0];
  for (const x of xs.slice(1)) {
    if (pick(spelCompare(x, best))) best = x;
  }
  return best;
}

function emptyMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function copyMap(m: unknown): unknown {
  if (m === null || m === undefined) throw nullPointer();
  if (m instanceof Map) return new Map(m);
  if (isJavaMap(m)) return Object.assign(emptyMap(), m);
  throw illegalArgument("not a map");
}

function capacity(n: unknown): void {
  const c = argInt(n);
  if (c < 0) throw illegalArgument(`Illegal Capacity: ${c}`);
}

/** `java.util.Collections` (plain SpEL only; mutators such as `sort` and `reverse` are absent). */
export const COLLECTIONS: JavaClassDef = {
  name: "java.util.Collections",
  spelOnly: true,
  staticFields: {
    EMPTY_LIST: () => [],
    EMPTY_MAP: () => emptyMap(),
    EMPTY_SET: () => new Set(),
  },
  methods: [
    staticMethod("max", [C], O, ([c]) => extreme(c, (x) => x > 0)),
    staticMethod("min", [C], O, ([c]) => extreme(c, (x) => x < 0)),
    staticMethod("emptyList", [], "java.util.List", () => []),
    staticMethod("emptySet", [], "java.util.Set", () => new Set()),
    staticMethod("emptyMap", [], "java.util.Map", () => emptyMap()),
    staticMethod("singletonList", [O], "java.util.List", ([o]) => [o ?? null]),
    staticMethod("singleton", [O], "java.util.Set", ([o]) => new Set([o ?? null])),
    staticMethod("singletonMap", [O, O], "java.util.Map", ([k, v]) => {
      if (typeof k === "string") return Object.assign(emptyMap(), { [k]: v ?? null });
      return new Map([[k ?? null, v ?? null]]);
    }),
    staticMethod("nCopies", ["int", O], "java.util.List", ([n, o]) => {
      const count = argInt(n);
      if (count < 0) throw illegalArgument(`List length = ${count}`);
      return Array.from({ length: count }, () => o ?? null);
    }),
    staticMethod("frequency", [C, O], "int", ([c, o]) => items(c).filter((x) => javaEquals(x, o ?? null)).length),
    staticMethod("disjoint", [C, C], "boolean", ([a, b]) => {
      const ys = items(b);
      return !items(a).some((x) => ys.some((y) => javaEquals(x, y)));
    }),
    staticMethod("unmodifiableList", ["java.util.List"], "java.util.List", ([l]) => [...items(l)]),
    staticMethod("unmodifiableCollection", [C], C, ([l]) => [...items(l)]),
    staticMethod("unmodifiableSet", ["java.util.Set"], "java.util.Set", ([s]) => new Set(items(s))),
    staticMethod("unmodifiableMap", ["java.util.Map"], "java.util.Map", ([m]) => copyMap(m)),
  ],
};

/** `java.lang.System` (plain SpEL only): the clock, nothing else. */
export const SYSTEM: JavaClassDef = {
  name: "java.lang.System",
  spelOnly: true,
  methods: [
    staticMethod("currentTimeMillis", [], "long", (_a, env) => long(BigInt(Math.floor(env.now())))),
    staticMethod("nanoTime", [], "long", (_a, env) => long(BigInt(Math.floor(env.now())) * 1_000_000n)),
  ],
};

/** Constructors of `java.util.ArrayList` (plain SpEL only); the result is a JS array. */
export const ARRAY_LIST: JavaClassDef = {
  name: "java.util.ArrayList",
  spelOnly: true,
  constructors: [
    ctor([], "java.util.ArrayList", () => []),
    ctor(["int"], "java.util.ArrayList", ([n]) => {
      capacity(n);
      return [];
    }),
    ctor([C], "java.util.ArrayList", ([c]) => [...items(c)]),
  ],
  methods: [],
};

function mapClass(name: string): JavaClassDef {
  return {
    name,
    spelOnly: true,
    constructors: [
      ctor([], name, () => emptyMap()),
      ctor(["int"], name, ([n]) => {
        const c = argInt(n);
        if (c < 0) throw illegalArgument(`Illegal initial capacity: ${c}`);
        return emptyMap();
      }),
      ctor(["java.util.Map"], name, ([m]) => copyMap(m)),
    ],
    methods: [],
  };
}

/** Constructors of `java.util.HashMap` (plain SpEL only); the result is a null-prototype object. */
export const HASH_MAP: JavaClassDef = mapClass("java.util.HashMap");

/** Constructors of `java.util.LinkedHashMap` (plain SpEL only); the result is a null-prototype object. */
export const LINKED_HASH_MAP: JavaClassDef = mapClass("java.util.LinkedHashMap");

/** The classes of this module. */
export const SPEL_ONLY_CLASSES: readonly JavaClassDef[] = [COLLECTIONS, SYSTEM, ARRAY_LIST, HASH_MAP, LINKED_HASH_MAP];
