import { describe, expect, it } from "vitest";
import { cloneData } from "./clone.js";

describe("cloneData", () => {
  it("copies plain data like structuredClone: key order, undefined, -0, __proto__ keys, null prototypes", () => {
    const value = JSON.parse('{"b": 1, "a": {"__proto__": {"x": 1}, "y": [1, null, "s"]}, "10": true}') as Record<string, unknown>;
    value["u"] = undefined;
    value["z"] = -0;
    value["n"] = Object.assign(Object.create(null), { k: 1 });
    value["big"] = 10n;
    const copy = cloneData(value);
    const expected = structuredClone(value);
    expect(copy).toStrictEqual(expected);
    expect(Object.keys(copy)).toEqual(Object.keys(expected));
    expect(Object.hasOwn(copy["a"] as object, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(copy["n"])).toBe(Object.prototype);
    expect(Object.is(copy["z"], -0)).toBe(true);
    expect(copy["a"]).not.toBe(value["a"]);
  });

  it("leaves everything else to structuredClone: shared references, cycles, holes, dates, maps, extra array keys", () => {
    const shared = { s: 1 };
    const cyclic: Record<string, unknown> = { c: 1 };
    cyclic["self"] = cyclic;
    const holes = [1, , 3];
    const extra = Object.assign([1, 2], { extra: "e" });
    const value = { a: shared, b: shared, cyclic, holes, extra, d: new Date(0), m: new Map([[1, 2]]) };
    const copy = cloneData(value);
    expect(copy.a).toBe(copy.b);
    expect(copy.cyclic["self"]).toBe(copy.cyclic);
    expect(1 in copy.holes).toBe(false);
    expect((copy.extra as unknown as { extra: string }).extra).toBe("e");
    expect(copy.d).toBeInstanceOf(Date);
    expect(copy.m.get(1)).toBe(2);
  });

  it("finds shared references and cycles in large values too", () => {
    const shared = { s: 1 };
    const many = Array.from({ length: 100 }, (_, i) => ({ i }));
    const value: Record<string, unknown> = { many, first: shared, more: Array.from({ length: 50 }, (_, i) => [i]), last: shared };
    const copy = cloneData(value);
    expect(copy["first"]).toBe(copy["last"]);
    expect(copy).toStrictEqual(structuredClone(value));
    many.push(many as never);
    const cyclic = cloneData(value);
    expect((cyclic["many"] as unknown[])[100]).toBe(cyclic["many"]);
  });

  it("throws what structuredClone throws", () => {
    expect(() => cloneData({ f: () => 1 })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
    expect(() => cloneData({ p: new Proxy({}, {}) })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
    expect(() => cloneData({ s: Symbol("s") })).toThrow(expect.objectContaining({ name: "DataCloneError" }));
  });
});
