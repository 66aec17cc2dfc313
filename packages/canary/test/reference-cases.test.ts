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

function byName(groups: unknown): Record<string, unknown> {
  return Object.fromEntries((groups as { name: string; score: number }[]).map((g) => [g.name, g.score]));
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
    const { groupScores, ...rest } = expected;
    diff(rest, actual, "", mismatches);
    // Group scores compared by name: their list order is Scala hash-map iteration order, checked separately.
    diff(byName(groupScores), byName(actual.groupScores), ".groupScores", mismatches);
    expect(mismatches).toEqual([]);
  });

  it("lists group scores in Kayenta's order for at least 168 of the 169 scored judgements", () => {
    let same = 0;
    let scored = 0;
    const different: string[] = [];
    for (const c of corpus.cases) {
      if (c.kayentaOutput.exception !== undefined) continue;
      scored++;
      const actual = judge(c.input).groupScores.map((g) => g.name);
      const expected = (c.kayentaOutput.groupScores as { name: string }[]).map((g) => g.name);
      if (JSON.stringify(actual) === JSON.stringify(expected)) same++;
      else different.push(c.id);
    }
    expect(scored).toBe(169);
    // ref-0312 (the hand-written example) lists groups in an order no bucket model reproduces together with the rest.
    expect(different.length).toBeLessThanOrEqual(1);
    expect(same).toBeGreaterThanOrEqual(168);
  });
});
