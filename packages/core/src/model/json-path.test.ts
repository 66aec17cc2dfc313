import { describe, expect, it } from "vitest";
import { compareDocumentPositions, documentPosition, formatJsonPath, valueAt } from "./json-path.js";

describe("formatJsonPath", () => {
  it("formats identifiers with dots, indices and other keys with brackets", () => {
    expect(formatJsonPath([])).toBe("$");
    expect(formatJsonPath(["stages", 2, "restrictedExecutionWindow", "whitelist", 0, "startHour"])).toBe(
      "$.stages[2].restrictedExecutionWindow.whitelist[0].startHour",
    );
    expect(formatJsonPath(["x-custom", "a b", "ok"])).toBe('$["x-custom"]["a b"].ok');
  });
});

describe("document order", () => {
  const doc = { b: 1, a: { y: [10, 20], x: 2 } };

  it("reads values by path", () => {
    expect(valueAt(doc, ["a", "y", 1])).toBe(20);
    expect(valueAt(doc, ["a", "missing", 0])).toBeUndefined();
  });

  it("orders by key position in the document, parents first, absent keys last", () => {
    expect(documentPosition(doc, ["a", "x"])).toEqual([1, 1]);
    expect(documentPosition(doc, ["a", "zzz"])).toEqual([1, 2]);
    const paths = [["a", "x"], ["a"], ["a", "zzz"], ["b"], ["a", "y", 1], ["a", "y", 0]];
    const sorted = [...paths].sort((p, q) => compareDocumentPositions(documentPosition(doc, p), documentPosition(doc, q)));
    expect(sorted).toEqual([["b"], ["a"], ["a", "y", 0], ["a", "y", 1], ["a", "x"], ["a", "zzz"]]);
  });
});
