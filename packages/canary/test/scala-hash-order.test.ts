import { describe, expect, it } from "vitest";
import { javaStringHash, scalaGroupByOrder } from "../src/index.js";

describe("javaStringHash", () => {
  it("is Java's String.hashCode (31-based, 32-bit overflow)", () => {
    expect(javaStringHash("")).toBe(0);
    expect(javaStringHash("a")).toBe(97);
    // Values printed by Java 17's String.hashCode().
    expect(javaStringHash("latency")).toBe(-46576386);
    expect(javaStringHash("errors")).toBe(-1294635157);
    // "polygenelubricants".hashCode() == Integer.MIN_VALUE in Java.
    expect(javaStringHash("polygenelubricants")).toBe(-2147483648);
  });
});

describe("scalaGroupByOrder", () => {
  it("orders up to 4 keys as a 16-bucket Scala mutable.HashMap iterates them (highest bucket first)", () => {
    // Orders Kayenta printed in reference-cases.json (ref-0312 and ref-0063).
    expect(scalaGroupByOrder(["latency", "errors", "system"])).toEqual(["errors", "latency", "system"]);
    expect(scalaGroupByOrder(["g1", "g3", "g4", "g2"])).toEqual(["g3", "g2", "g1", "g4"]);
  });

  it("does not depend on first-insertion order for keys in distinct buckets", () => {
    expect(scalaGroupByOrder(["system", "latency", "errors"])).toEqual(["errors", "latency", "system"]);
    expect(scalaGroupByOrder(["g4", "g2", "g1", "g3"])).toEqual(["g3", "g2", "g1", "g4"]);
  });

  it("orders 5 or more keys by the HashTrieMap walk, the same for any insertion order", () => {
    const keys = ["latency", "errors", "system", "saturation", "traffic", "g1", "g2"];
    const order = scalaGroupByOrder(keys);
    expect([...order].sort()).toEqual([...keys].sort());
    expect(scalaGroupByOrder([...keys].reverse())).toEqual(order);
    expect(scalaGroupByOrder([...keys.slice(3), ...keys.slice(0, 3)])).toEqual(order);
  });
});
