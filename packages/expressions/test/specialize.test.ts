/**
 * Specialized member chains (`specializeAfter`): a chain that has run often is replaced by a
 * function generated for its own steps. These tests pin that the replacement changes nothing a
 * user can see — over every conformance case, over hostile data shapes and keys, and when code
 * generation is disallowed — and that it happens when the option says.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { caseKind, toJsonText } from "../src/conformance/run-case.js";
import { specializeChain } from "../src/eval/specialize.js";
import { parseJavaJson } from "../src/functions/json.js";
import { ExpressionError, ExpressionEvaluator, type EvaluateOptions } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, "../../../../shared/conformance/spel");

/** What a user sees of one evaluation: the value (as the conformance runner prints it) or the error. */
function outcome(run: () => unknown): string {
  try {
    const v = run();
    if (v === undefined) return "undefined (never a result)";
    return `ok ${caseKind(v)} ${toJsonText(v)}`;
  } catch (e) {
    if (!(e instanceof ExpressionError)) return `untyped ${String(e)}`;
    return `error ${e.code} ${e.spelCode ?? ""} ${e.position ?? ""} ${e.message}`;
  }
}

interface Case {
  id: string;
  expr: string;
  template?: boolean;
  mode?: string;
  root?: unknown;
  variables?: Record<string, unknown>;
  allowUnknownKeys?: boolean;
}

/** Each case, parsed twice: two independent copies of its data. */
function cases(file: string): [Case, Case][] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() && !l.trim().startsWith("//"))
    .map((l) => [parseJavaJson(l) as Case, parseJavaJson(l) as Case]);
}

const NOW = () => Date.UTC(2024, 3, 5, 19, 34, 38);

/** Counts `new Function(...)` calls from here on (until the test's globals are restored). */
function countGeneratedFunctions(): { count: number } {
  const counter = { count: 0 };
  vi.stubGlobal(
    "Function",
    new Proxy(Function, {
      construct(target, args) {
        counter.count++;
        return Reflect.construct(target, args);
      },
    }),
  );
  return counter;
}

describe("specialized member chains", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("give every conformance case the same outcome as the closures, on first and repeated runs", () => {
    const all = [
      ...cases(join(shared, "cases.jsonl")),
      ...cases(join(shared, "spinnaker-cases.oracle-input.jsonl")),
      ...cases(join(here, "cases/gennaker-cases.jsonl")),
    ];
    expect(all.length).toBeGreaterThan(700);
    const make = (profile: "spel" | "spinnaker", specializeAfter: number) =>
      new ExpressionEvaluator({ profile, specializeAfter, now: NOW, random: () => 0.5 });
    const closures = { spel: make("spel", Infinity), spinnaker: make("spinnaker", Infinity) };
    const specialized = { spel: make("spel", 0), spinnaker: make("spinnaker", 0) };
    const generated = countGeneratedFunctions();
    let compared = 0;
    for (const [c, copy] of all) {
      const profile = c.mode === "spinnaker" ? "spinnaker" : "spel";
      const options: EvaluateOptions = {
        allowUnknownKeys: typeof c.allowUnknownKeys === "boolean" ? c.allowUnknownKeys : profile === "spinnaker",
        ...(c.variables ? { variables: c.variables } : {}),
      };
      const runWith = (ev: ExpressionEvaluator, root: unknown) => () =>
        c.template ? ev.evaluateTemplate(c.expr, root, options) : ev.evaluate(c.expr, root, options);
      // each side gets its own copy of the data (the first run verifies its objects; the second
      // takes the fast paths on them)
      const rootA = c.root ?? null;
      const rootB = copy.root ?? null;
      const expected = [outcome(runWith(closures[profile], rootA)), outcome(runWith(closures[profile], rootA))];
      const actual = [outcome(runWith(specialized[profile], rootB)), outcome(runWith(specialized[profile], rootB))];
      expect(actual, `${c.id}: ${c.expr}`).toEqual(expected);
      compared++;
    }
    expect(compared).toBe(all.length);
    // chains were really generated (each expression's chains once per evaluator)
    expect(generated.count).toBeGreaterThan(200);
  });

  it("read exactly what the closures read on hostile and unusual data", () => {
    class Widget {
      secret = "hidden";
      get name(): string {
        return "widget";
      }
    }
    const withGetter = { plain: 1 } as Record<string, unknown>;
    Object.defineProperty(withGetter, "danger", { get: () => "getter ran", enumerable: true });
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { k: "v", toString: "own" });
    const root = {
      o: { a: { b: "deep" }, undef: undefined, nul: null, fn: () => 1, zero: 0, empty: "", no: false },
      withGetter,
      nullProto,
      frozen: Object.freeze({ k: Object.freeze({ j: "frozen" }) }),
      list: [{ s: "first" }, undefined, null],
      map: new Map<string, unknown>([["k", { j: "in map" }]]),
      widget: new Widget(),
      text: "abc",
      lengthy: { "0": "zero", length: 2 },
    };
    const expressions = [
      "o.a.b", "o.undef", "o.nul", "o.fn", "o.zero", "o.empty", "o.no", "o.missing", "o.a.missing.x", "o.a?.missing?.x",
      "o.constructor", "o.toString", "o.__proto__", "o.hasOwnProperty", "o.valueOf", "o.__defineGetter__",
      "withGetter.plain", "withGetter.danger", "nullProto.k", "nullProto.toString", "nullProto.constructor",
      "frozen.k.j", "list[0].s", "list[1]", "list[2]", "list[3]", "list[0].s.length", "map.k.j", "map.missing",
      "widget.secret", "widget.name", "text.length", "text.bytes", "nothing.at.all", "o.nul.x", "o.nul?.x", "text[1]", "lengthy[0]", "map[0]",
    ];
    for (const profile of ["spinnaker", "spel"] as const) {
      for (const allowUnknownKeys of [true, false]) {
        const closures = new ExpressionEvaluator({ profile, specializeAfter: Infinity });
        const specialized = new ExpressionEvaluator({ profile, specializeAfter: 0 });
        for (const e of expressions) {
          const want = [1, 2, 3].map(() => outcome(() => closures.evaluate(e, root, { allowUnknownKeys })));
          const got = [1, 2, 3].map(() => outcome(() => specialized.evaluate(e, root, { allowUnknownKeys })));
          expect(got, `${profile} ${allowUnknownKeys} ${e}`).toEqual(want);
        }
      }
    }
    const ev = new ExpressionEvaluator({ specializeAfter: 0 });
    expect(() => ev.evaluate("withGetter.danger", root)).toThrow(/accessor/);
    expect(ev.evaluate("o.constructor", root)).toBeNull();
    expect(ev.evaluate("nullProto.toString", root)).toBe("own");
    expect(ev.evaluate("list[1]", root)).toBeNull();
    // a function added to Object.prototype after a chain was generated is still not readable
    expect(ev.evaluate("o.gennakerTestPolluted", root)).toBeNull();
    try {
      Object.defineProperty(Object.prototype, "gennakerTestPolluted", { value: () => "polluted", configurable: true });
      expect(ev.evaluate("o.gennakerTestPolluted", root)).toBeNull();
    } finally {
      delete (Object.prototype as Record<string, unknown>).gennakerTestPolluted;
    }
    // and neither is data a polluting bug puts there (the classic `__proto__` merge)
    expect(ev.evaluate("o.isAdmin", root)).toBeNull();
    try {
      (Object.prototype as Record<string, unknown>).isAdmin = true;
      expect(ev.evaluate("o.isAdmin", root)).toBeNull();
      expect(() => ev.evaluate("o.isAdmin", root, { allowUnknownKeys: false })).toThrow(ExpressionError);
    } finally {
      delete (Object.prototype as Record<string, unknown>).isAdmin;
    }
  });

  it("cannot be steered out of a key's string literal", () => {
    const keys = ["a\"); throw new Error(\"injected", "b\\", "c\u2028d", "${e}`", "'f'", "__proto__", "constructor", "0"];
    const data: Record<string, unknown> = {};
    keys.forEach((k, i) => Object.defineProperty(data, k, { value: i, enumerable: true, writable: true }));
    const slow = vi.fn((_s: unknown, v: unknown, key: string | number) => (v as Record<string, unknown>)[key as string] ?? null);
    for (const [i, k] of keys.entries()) {
      const chain = specializeChain([k], [0], new WeakSet([data]), slow);
      expect(chain).not.toBeNull();
      expect(chain!({} as never, data), k).toBe(i);
    }
    expect(specializeChain([-1], [0], new WeakSet(), slow)).toBeNull();
    expect(specializeChain([1.5], [0], new WeakSet(), slow)).toBeNull();
  });

  it("happens after `specializeAfter` runs of a chain, and never with Infinity", () => {
    const generated = countGeneratedFunctions();
    const root = { parameters: { env: "prod" }, stages: [{ status: "SUCCEEDED" }] };
    const source = "parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'";
    const ev = new ExpressionEvaluator({ specializeAfter: 3 });
    const compiled = ev.compile(source);
    expect([compiled.evaluate(root), compiled.evaluate(root)]).toEqual([true, true]);
    expect(generated.count).toBe(0);
    expect(compiled.evaluate(root)).toBe(true);
    expect(generated.count).toBe(2); // the expression's two chains
    for (let i = 0; i < 10; i++) expect(compiled.evaluate(root)).toBe(true);
    expect(generated.count).toBe(2);
    const never = new ExpressionEvaluator({ specializeAfter: Infinity }).compile(source);
    for (let i = 0; i < 500; i++) never.evaluate(root);
    expect(generated.count).toBe(2);
  });

  it("stay closures, with the same results, where code generation is disallowed", () => {
    vi.stubGlobal(
      "Function",
      new Proxy(Function, {
        construct() {
          throw new EvalError("Code generation from strings disallowed for this context");
        },
      }),
    );
    const ev = new ExpressionEvaluator({ specializeAfter: 0 });
    const root = { parameters: { env: "prod" }, stages: [{ status: "SUCCEEDED" }] };
    for (let i = 0; i < 3; i++) {
      expect(ev.evaluate("parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'", root)).toBe(true);
      expect(() => ev.evaluate("stages[3].status", root)).toThrow(expect.objectContaining({ code: "INDEX_OUT_OF_BOUNDS" }));
    }
  });
});
