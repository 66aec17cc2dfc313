import { describe, expect, it } from "vitest";
import { JavaLong } from "../../values/boxes.js";
import { builtinClasses, javaFormat } from "./index.js";
import { ARRAY_LIST, SPEL_ONLY_CLASSES } from "./spel-only.js";
import { FIXED_NOW, kit, show, thrown } from "./testkit.js";

const k = kit(SPEL_ONLY_CLASSES);
const CO = "java.util.Collections";

// Expected values: Spring SpEL 4.3 on Java 17 (the conformance oracle).
describe("java.util.Collections", () => {
  it("non-mutating statics", () => {
    expect(show(k.call(CO, "max", [3, 1, 2]))).toBe("int:3");
    expect(show(k.call(CO, "min", ["b", "a"]))).toBe("string:a");
    expect(thrown(() => k.call(CO, "max", []))).toMatch(/^NoSuchElementException/);
    expect(show(k.call(CO, "frequency", [1, 2, 1, new JavaLong(1n)], 1))).toBe("int:2");
    expect(show(k.call(CO, "nCopies", 3, "x"))).toBe("list:[x, x, x]");
    expect(thrown(() => k.call(CO, "nCopies", -1, "x"))).toBe("IllegalArgumentException: List length = -1");
    expect(show(k.call(CO, "disjoint", [1, 2], [3]))).toBe("boolean:true");
    expect(show(k.call(CO, "disjoint", [1, 2], [2]))).toBe("boolean:false");
    expect(show(k.call(CO, "singletonMap", "a", 1))).toBe("map:{a=1}");
    expect(show(k.call(CO, "emptyList"))).toBe("list:[]");
    expect(show(k.call(CO, "emptyMap"))).toBe("map:{}");
    expect(show(k.call(CO, "emptySet"))).toBe("list:[]");
    expect(show(k.call(CO, "singletonList", null))).toBe("list:[null]");
    expect(show(k.call(CO, "singleton", "q"))).toBe("list:[q]");
    expect(show(k.call(CO, "unmodifiableList", [1]))).toBe("list:[1]");
    expect(show(k.call(CO, "unmodifiableCollection", [1]))).toBe("list:[1]");
    expect(show(k.call(CO, "unmodifiableSet", new Set([1])))).toBe("list:[1]");
    expect(show(k.call(CO, "unmodifiableMap", { a: 1 }))).toBe("map:{a=1}");
    expect(show(k.field(CO, "EMPTY_LIST"))).toBe("list:[]");
    expect(show(k.field(CO, "EMPTY_MAP"))).toBe("map:{}");
    expect(show(k.field(CO, "EMPTY_SET"))).toBe("list:[]");
  });
});

describe("java.lang.System", () => {
  it("reads the environment's clock", () => {
    expect(show(k.call("java.lang.System", "currentTimeMillis"))).toBe(`long:${FIXED_NOW}`);
    expect(show(k.call("java.lang.System", "nanoTime"))).toBe(`long:${FIXED_NOW}000000`);
    expect(k.registry.methods("java.lang.System", "exit")).toEqual([]);
  });
});

describe("collection constructors", () => {
  it("ArrayList, HashMap, LinkedHashMap", () => {
    expect(show(k.make("java.util.ArrayList"))).toBe("list:[]");
    expect(show(k.make("java.util.ArrayList", 5))).toBe("list:[]");
    expect(thrown(() => k.make("java.util.ArrayList", -1))).toBe("IllegalArgumentException: Illegal Capacity: -1");
    const src = [1, 2];
    const copy = k.make("java.util.ArrayList", src);
    expect(show(copy)).toBe("list:[1, 2]");
    expect(copy).not.toBe(src);
    expect(show(k.make("java.util.HashMap", { a: 1 }))).toBe("map:{a=1}");
    expect(show(k.make("java.util.HashMap"))).toBe("map:{}");
    expect(thrown(() => k.make("java.util.HashMap", -1))).toBe("IllegalArgumentException: Illegal initial capacity: -1");
    expect(show(k.make("java.util.LinkedHashMap", new Map([[1, "a"]])))).toBe("map:{1=a}");
    expect(show(k.make("java.util.LinkedHashMap", 3))).toBe("map:{}");
    expect(Object.getPrototypeOf(k.make("java.util.LinkedHashMap"))).toBe(null);
  });
});

describe("index", () => {
  it("exports every class once and javaFormat", () => {
    const names = builtinClasses.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of [
      "java.lang.Math",
      "java.lang.Integer",
      "java.lang.Long",
      "java.lang.Double",
      "java.lang.Byte",
      "java.lang.Boolean",
      "java.lang.String",
      "java.util.UUID",
      "java.util.Random",
      "java.net.URLEncoder",
      "java.time.LocalDate",
      "java.time.LocalDateTime",
      "java.time.Instant",
      "java.time.DayOfWeek",
      "java.time.temporal.ChronoUnit",
      "java.time.temporal.TemporalAdjusters",
      "java.util.Date",
      "java.text.SimpleDateFormat",
    ]) {
      expect(names).toContain(n);
      expect(builtinClasses.find((c) => c.name === n)!.spelOnly ?? false).toBe(false);
    }
    for (const n of ["java.time.Duration", "java.util.Collections", "java.lang.System", "java.util.HashMap", "java.lang.Float", "java.lang.Character"]) {
      expect(builtinClasses.find((c) => c.name === n)!.spelOnly).toBe(true);
    }
    expect(ARRAY_LIST.spelOnly).toBe(true);
    expect(javaFormat("%05.1f", [2.25])).toBe("002.3");
  });
  it("every method declares its static-ness, types and a body", () => {
    for (const c of builtinClasses) {
      for (const m of [...c.methods, ...(c.constructors ?? [])]) {
        expect(typeof m.invoke).toBe("function");
        expect(m.returns.length).toBeGreaterThan(0);
        if (m.varargs) expect(m.params[m.params.length - 1]!.endsWith("[]")).toBe(true);
      }
    }
  });
});
