import { describe, expect, it } from "vitest";
import { ExpressionError } from "../errors.js";
import { javaSimpleName } from "../values/kinds.js";
import {
  evaluatorWithUrls,
  loadSpinnakerCases,
  loadSpinnakerTemplateCases,
  summaryLevel,
  walkField,
  walkFieldAsync,
} from "./corpus-support.js";

const ev = evaluatorWithUrls();
const cases = loadSpinnakerCases();

/** Field names the Orca tests used where the description names the field. */
const FIELD: Record<string, string> = { "spk-051": "deployed" };

function chainHas(e: unknown, exceptionType: string): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 20 && cur instanceof Error; i++) {
    if ((cur as { exceptionType?: unknown }).exceptionType === exceptionType || cur.constructor.name === exceptionType) return true;
    cur = cur.cause;
  }
  return false;
}

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

const JAVA_TYPE: Record<string, string> = { List: "ArrayList", Map: "LinkedHashMap" };

/** spk-051 is handled in walk.test.ts: Gennaker's alias rewrite differs from the fixture artefact. */
const EXPRESSION_CASES = cases.filter((c) => c.kind === "expression" && c.id !== "spk-051");

describe("spinnaker-cases.json: expression", () => {
  it.each(EXPRESSION_CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const field = FIELD[c.id] ?? "value";
    const { value, summary } = walkField(ev, c.expr!, c.root, c.allowUnknownKeys ?? true, field);
    const x = c.expected;
    expect(value).toEqual(x["value"]);
    expect(summaryLevel(summary)).toBe(x["summary"]);
    const entries = Object.values(summary.results()).flat();
    if (typeof x["exceptionType"] === "string") expect(entries.map((r) => r.exceptionType)).toContain(x["exceptionType"]);
    if (typeof x["descriptionContains"] === "string") {
      expect(entries.some((r) => r.description.includes(x["descriptionContains"] as string))).toBe(true);
    }
    if (typeof x["summaryEntries"] === "number") expect(summary.keys()).toHaveLength(x["summaryEntries"]);
    const inner = c.expr!.slice(2, -1);
    if (typeof x["throws"] === "string") {
      const e = caught(() => ev.evaluate(inner, c.root, { allowUnknownKeys: c.allowUnknownKeys ?? true }));
      expect(e).toBeInstanceOf(ExpressionError);
      expect(chainHas(e, x["throws"])).toBe(true);
    }
    if (typeof x["javaType"] === "string") {
      const raw = ev.evaluate(inner, c.root, { allowUnknownKeys: c.allowUnknownKeys ?? true });
      const t = javaSimpleName(raw);
      expect([x["javaType"], JAVA_TYPE[x["javaType"]]]).toContain(t);
    }
  });
});

describe("spinnaker-cases.json: function", () => {
  const fnCases = cases.filter((c) => c.kind === "function" && c.id !== "spk-100");
  it.each(fnCases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const x = c.expected;
    const opts = { variables: c.variables ?? {} };
    if (typeof x["throws"] === "string") {
      const e = caught(() => ev.evaluate(c.call!, {}, opts));
      expect(e).toBeInstanceOf(ExpressionError);
      expect(chainHas(e, x["throws"])).toBe(true);
      if (typeof x["causeStartsWith"] === "string") {
        const messages: string[] = [];
        for (let cur: unknown = e; cur instanceof Error; cur = cur.cause) messages.push(cur.message);
        expect(messages.some((m) => m.startsWith(x["causeStartsWith"] as string))).toBe(true);
      }
      return;
    }
    const v = ev.evaluate(c.call!, {}, opts);
    if ("value" in x) expect(JSON.parse(JSON.stringify(v))).toEqual(x["value"]);
    if (typeof x["javaType"] === "string") expect([x["javaType"], JAVA_TYPE[x["javaType"]]]).toContain(javaSimpleName(v));
  });
});

describe("cases.jsonl: spinnaker-mode templates (transformed + summary)", () => {
  const templateCases = loadSpinnakerTemplateCases();
  it("has the 55 cases", () => {
    expect(templateCases).toHaveLength(55);
  });
  it.each(templateCases.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const e = evaluatorWithUrls(c.urls ?? {});
    const { value, summary } = c.urls
      ? await walkFieldAsync(e, c.expr, c.root, c.allowUnknownKeys ?? true)
      : walkField(e, c.expr, c.root, c.allowUnknownKeys ?? true);
    expect(JSON.parse(JSON.stringify(value))).toEqual(c.expected.transformed);
    expect(summaryLevel(summary)).toBe(c.expected.summary);
  });
});
