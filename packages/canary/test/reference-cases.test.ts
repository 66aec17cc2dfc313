import { describe, expect, it } from "vitest";
import { CanarySettingTypeError, MetricConfigNotFoundError, OutlierFactorError, judge, toKayentaJson } from "../src/index.js";
import { readCorpus } from "./shared-corpus.js";

interface ReferenceCase {
  id: string;
  input: unknown;
  kayentaOutput: Record<string, unknown> & { exception?: string };
}

const corpus = readCorpus<{ cases: ReferenceCase[] }>("reference-cases.json");

/** Field-by-field comparison of expected (Kayenta) against actual; returns mismatch paths. */
function diff(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") {
      out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return;
    }
    if (Array.isArray(expected) && (!Array.isArray(actual) || actual.length !== expected.length)) {
      out.push(`${path}: expected ${expected.length} entries, got ${Array.isArray(actual) ? actual.length : "none"}`);
      return;
    }
    for (const key of Object.keys(expected)) diff((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${path}.${key}`, out);
    return;
  }
  if (!Object.is(expected, actual) && expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

describe("reference-cases.json (whole judgements produced by Kayenta's judge code)", () => {
  it("has 172 cases", () => {
    expect(corpus.cases).toHaveLength(172);
  });

  it.each(corpus.cases.map((c) => [c.id, c] as const))("%s agrees with Kayenta in every field", (_id, c) => {
    const expected = c.kayentaOutput;
    if (expected.exception !== undefined) {
      let thrown: unknown;
      try {
        judge(c.input);
      } catch (err) {
        thrown = err;
      }
      // Kayenta's exception kinds and the typed errors that stand for them.
      const kind = expected.exception.includes("factor must be greater than zero")
        ? OutlierFactorError
        : expected.exception.startsWith("ClassCastException") || expected.exception.startsWith("NullPointerException")
          ? CanarySettingTypeError
          : expected.exception.includes("Could not find metric config")
            ? MetricConfigNotFoundError
            : undefined;
      expect(kind, `unmapped Kayenta exception ${expected.exception}`).toBeDefined();
      expect(thrown).toBeInstanceOf(kind!);
      return;
    }
    // Serialise as Kayenta (NaN → "NaN") before comparing.
    const actual = JSON.parse(toKayentaJson(judge(c.input))) as Record<string, unknown>;
    const mismatches: string[] = [];
    // Every field, group scores included in their list order (Scala 2.12 hash-map iteration order).
    diff(expected, actual, "", mismatches);
    expect(mismatches).toEqual([]);
  });
});
