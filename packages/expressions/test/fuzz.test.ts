/**
 * Random and hostile input for the parser and evaluator: only typed errors come out, work stays
 * bounded, and nothing outside the evaluation is changed (no prototype pollution, no data writes).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExpressionError, ExpressionEvaluator } from "../src/index.js";

const TOKENS = [
  "a", "b", "list", "m", "#this", "#root", "#v", "#toJson(", "#readJson(", "#stage(", "T(Math)", "T(java.lang.Runtime)",
  "new java.util.UUID(", "__proto__", "constructor", "prototype", "toString", "'x'", "\"y\"", "''", "1", "2L", "3.5",
  "0x1F", "1e9", "null", "true", "(", ")", "[", "]", "{", "}", ",", ":", ".", "?.", ".?[", ".![", ".^[", ".$[", "?",
  "?:", "+", "-", "*", "/", "%", "^", "==", "!=", "<", ">=", "and", "or", "not", "!", "matches", "between", "instanceof",
  "=", "++", "--", "${", "@x", " ", ".length()", ".size()", ".split(','", ".repeat(9999)", " * 100", "'(a+)+$'",
];

const expression = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((t) => t.join("")),
  fc.string({ maxLength: 60 }),
);

function makeRoot(): Record<string, unknown> {
  return { a: { b: [1, 2, 3], s: "text" }, b: "x", list: [1, "two", null, { k: "v" }], m: { k: 1, n: null } };
}

describe("fuzz", () => {
  const evaluators = [new ExpressionEvaluator(), new ExpressionEvaluator({ profile: "spel", maxSteps: 10_000 })];

  it("only throws ExpressionError, never changes data or prototypes", () => {
    const root = makeRoot();
    const snapshot = JSON.stringify(root);
    fc.assert(
      fc.property(expression, fc.boolean(), (text, template) => {
        for (const ev of evaluators) {
          try {
            if (template) ev.evaluateTemplate(text, root, { variables: { v: [1, 2] } });
            else ev.evaluate(text, root, { variables: { v: [1, 2] } });
          } catch (e) {
            if (!(e instanceof ExpressionError)) throw new Error(`non-typed error for ${JSON.stringify(text)}: ${String(e)}`);
            expect(["parse", "eval"]).toContain(e.phase);
          }
        }
        expect(JSON.stringify(root)).toBe(snapshot);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, "x")).toBe(false);
      }),
      { numRuns: 3000, seed: 20261121 },
    );
  });

  it("specialized member chains give the closures' outcome on random input, run after run", () => {
    const closures = new ExpressionEvaluator({ specializeAfter: Infinity });
    const specialized = new ExpressionEvaluator({ specializeAfter: 0 });
    const outcome = (ev: ExpressionEvaluator, text: string, root: unknown): string => {
      try {
        return `ok ${JSON.stringify(ev.evaluate(text, root, { variables: { v: [1, 2] } }) ?? "undefined")}`;
      } catch (e) {
        return e instanceof ExpressionError ? `error ${e.code} ${e.position ?? ""} ${e.message}` : `untyped ${String(e)}`;
      }
    };
    const rootA = makeRoot();
    const rootB = makeRoot();
    fc.assert(
      fc.property(expression, (text) => {
        for (let run = 0; run < 2; run++) expect(outcome(specialized, text, rootB)).toBe(outcome(closures, text, rootA));
      }),
      { numRuns: 2000, seed: 20261122 },
    );
  });

  it("bounds the work of one evaluation", () => {
    const ev = new ExpressionEvaluator({ maxSteps: 50_000 });
    const big = { list: Array.from({ length: 1000 }, (_, i) => i) };
    const e = (() => {
      try {
        ev.evaluate("list.![#root.list.![#root.list.![#this]]]", big);
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(ExpressionError);
    expect((e as ExpressionError).code).toBe("LIMIT_EXCEEDED");
    expect(() => ev.evaluate("'ab' * 1000")).toThrow(ExpressionError);
    expect(() => ev.evaluate("'ab'.repeat(100000000)")).toThrow(ExpressionError);
    expect(() => ev.evaluate("new int[1000000000]")).toThrow(ExpressionError);
  });
});
