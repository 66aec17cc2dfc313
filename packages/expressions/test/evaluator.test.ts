import { describe, expect, it } from "vitest";
import {
  defineFunction,
  ExpressionError,
  ExpressionEvaluator,
  JavaDouble,
  JavaLong,
  javaKind,
  type JavaClassDef,
} from "../src/index.js";

const ev = new ExpressionEvaluator();
const spel = new ExpressionEvaluator({ profile: "spel" });
const root = {
  parameters: { env: "prod", replicas: "3" },
  stages: [{ name: "Bake", status: "SUCCEEDED", context: { region: "us-west-2" } }],
  trigger: { tag: "v1.4.2", buildInfo: { number: 142 } },
};

describe("ExpressionEvaluator", () => {
  it("evaluates pipeline predicates and templates", () => {
    expect(ev.evaluate("parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'", root)).toBe(true);
    expect(ev.evaluateTemplate("app-${parameters.env}-v${trigger.buildInfo.number}", root)).toBe("app-prod-v142");
    expect(ev.evaluateTemplate("${trigger.buildInfo.number}", root)).toBe(142);
    expect(ev.evaluate("parameters.replicas + 1", root)).toBe("31");
  });

  it("keeps Java kinds: int, long, double", () => {
    expect(javaKind(ev.evaluate("7 / 2"))).toBe("int");
    expect(ev.evaluate("7 / 2")).toBe(3);
    const d = ev.evaluate("1.5 * 2");
    expect(d).toBeInstanceOf(JavaDouble);
    expect((d as JavaDouble).value).toBe(3);
    expect(ev.evaluate("2147483647 + 1")).toBe(-2147483648);
    expect((ev.evaluate("2 ^ 31") as JavaLong).value).toBe(2147483648n);
  });

  it("compiles once and caches by source", () => {
    const a = ev.compile("parameters.env");
    expect(ev.compile("parameters.env")).toBe(a);
    expect(a.evaluate(root)).toBe("prod");
  });

  it("forgets the oldest compiled expression once the cache is full", () => {
    const small = new ExpressionEvaluator({ cacheSize: 2 });
    const a = small.compile("1");
    const b = small.compile("2");
    expect(small.compile("1")).toBe(a); // a hit does not change the order
    const c = small.compile("3"); // forgets "1"
    expect(small.compile("2")).toBe(b);
    expect(small.compile("3")).toBe(c);
    const a2 = small.compile("1"); // compiled again, forgets "2"
    expect(a2).not.toBe(a);
    expect(small.compile("3")).toBe(c);
    expect(small.compile("2")).not.toBe(b);
    // many more than the limit: the queue of keys is compacted along the way
    for (let i = 0; i < 5000; i++) small.compile(`${i} + 1`);
    const last = small.compile("4999 + 1");
    const previous = small.compile("4998 + 1");
    expect(small.compile("4998 + 1")).toBe(previous);
    small.compile("0"); // forgets "4998 + 1"
    expect(small.compile("4999 + 1")).toBe(last);
    expect(small.compile("4998 + 1")).not.toBe(previous);
  });

  it("reports parse errors with code, phase and position", () => {
    const e = catchError(() => ev.evaluate("1 +* 2"));
    expect(e.phase).toBe("parse");
    expect(e.code).toBe("SYNTAX");
    expect(e.spelCode).toBe("EL1070E");
    expect(e.position).toBe(3);
    const t = catchError(() => ev.evaluateTemplate("x ${a"));
    expect(t.code).toBe("TEMPLATE_SYNTAX");
    expect(t.position).toBe(2);
  });

  it("reports evaluation errors with code, phase and position", () => {
    const e = catchError(() => ev.evaluate("stages[0].status > 2", root));
    expect(e.phase).toBe("eval");
    expect(e.code).toBe("OPERATOR");
    expect(e.spelCode).toBe("EL1013E");
    expect(e.position).toBe(0);
    const z = catchError(() => ev.evaluate("1 + 1 / 0"));
    expect(z.code).toBe("ARITHMETIC");
    expect(z.exceptionType).toBe("ArithmeticException");
    expect(z.position).toBe(4);
  });

  it("reads unknown keys as null in the spinnaker profile and fails in plain SpEL", () => {
    expect(ev.evaluate("parameters.nope", root)).toBeNull();
    expect(catchError(() => spel.evaluate("parameters.nope", root)).code).toBe("PROPERTY_NOT_FOUND");
    expect(catchError(() => ev.evaluate("parameters.nope", root, { allowUnknownKeys: false })).spelCode).toBe("EL1008E");
  });

  it("applies Spinnaker's method and type restrictions only in the spinnaker profile", () => {
    expect(catchError(() => ev.evaluate("{1,2}.get(0)")).code).toBe("METHOD_NOT_FOUND");
    expect(spel.evaluate("{1,2}.get(0)")).toBe(1);
    expect(catchError(() => ev.evaluate("'a'.getClass()")).code).toBe("METHOD_NOT_FOUND");
    expect(catchError(() => ev.evaluate("T(java.lang.Runtime)")).code).toBe("TYPE_NOT_ALLOWED");
  });

  it("calls host-registered functions with SpEL argument conversion", () => {
    const custom = new ExpressionEvaluator({
      functions: {
        shout: defineFunction({ params: ["java.lang.String"], invoke: (_env, s) => `${String(s).toUpperCase()}!` }),
      },
    });
    expect(custom.evaluate("#shout(parameters.env)", root)).toBe("PROD!");
    expect(custom.evaluate("#shout(42)")).toBe("42!");
    expect(catchError(() => custom.evaluate("#shout()")).spelCode).toBe("EL1014E");
    expect(catchError(() => custom.evaluate("#nope()")).code).toBe("FUNCTION_NOT_FOUND");
  });

  it("performs asynchronous helper work with evaluateAsync", async () => {
    let calls = 0;
    const custom = new ExpressionEvaluator({
      functions: {
        lookup: defineFunction({
          params: ["java.lang.String"],
          invoke: (env, key) =>
            env.resolve(`lookup:${String(key)}`, async () => {
              calls++;
              return `id-of-${String(key)}`;
            }),
        }),
      },
    });
    await expect(custom.evaluateAsync("#lookup('a') + '/' + #lookup('b') + '/' + #lookup('a')")).resolves.toBe(
      "id-of-a/id-of-b/id-of-a",
    );
    expect(calls).toBe(2);
    expect(catchError(() => custom.evaluate("#lookup('a')")).code).toBe("NOT_SUPPORTED");
  });

  it("keeps variable assignment local to one evaluation", () => {
    const vars = { v: 1 };
    expect(ev.evaluate("#v = #v + 1", null, { variables: vars })).toBe(2);
    expect(vars.v).toBe(1);
    expect(catchError(() => ev.evaluate("parameters.env = 'x'", root)).code).toBe("NOT_ASSIGNABLE");
    expect(root.parameters.env).toBe("prod");
  });

  it("rejects expressions over the length limit", () => {
    const small = new ExpressionEvaluator({ maxExpressionLength: 10 });
    expect(catchError(() => small.evaluate("'12345678901'")).code).toBe("TOO_LONG");
  });
});

describe("safety", () => {
  const hostile = [
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "hasOwnProperty",
    "parameters.__proto__",
    "parameters.constructor",
    "parameters['__proto__']",
    "parameters['constructor']",
    "stages.constructor",
    "stages['constructor']",
    "'abc'.constructor",
    "'abc'['constructor']",
    "stages.map",
  ];
  for (const expr of hostile) {
    it(`never reaches JavaScript internals: ${expr}`, () => {
      let v: unknown;
      try {
        v = ev.evaluate(expr, root);
      } catch (e) {
        expect(e).toBeInstanceOf(ExpressionError);
        return;
      }
      expect(v === null || v === undefined).toBe(true);
    });
  }

  it("does not run getters on data objects", () => {
    let ran = false;
    const data = {
      get secret() {
        ran = true;
        return "boom";
      },
    };
    expect(() => ev.evaluate("secret", data)).toThrow(ExpressionError);
    expect(ran).toBe(false);
  });

  it("does not read class instances' properties or methods", () => {
    class Account {
      balance = 5;
      withdraw(): number {
        return 0;
      }
    }
    expect(() => ev.evaluate("a.balance", { a: new Account() })).toThrow(ExpressionError);
    expect(() => ev.evaluate("a.withdraw()", { a: new Account() })).toThrow(ExpressionError);
  });
});

function catchError(f: () => unknown): ExpressionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error("expected an ExpressionError");
}

describe("evaluators and their classes", () => {
  it("evaluators given no classes share the built-in ones; one given classes of its own keeps them to itself", () => {
    const custom: JavaClassDef = { name: "com.example.Answer", staticFields: { VALUE: () => 42 }, methods: [] };
    // (the spel profile: Spinnaker's allow-list would refuse the custom type anyway)
    const own = new ExpressionEvaluator({ classes: [custom], profile: "spel" });
    expect(own.evaluate("T(com.example.Answer).VALUE", {})).toBe(42);
    expect(own.evaluate("T(Math).max(1, 2)", {})).toBe(2); // the built-in ones too
    for (const plain of [new ExpressionEvaluator({ profile: "spel" }), new ExpressionEvaluator({ classes: [], profile: "spel" }), new ExpressionEvaluator({ profile: "spel" })]) {
      expect(plain.evaluate("T(Math).max(1, 2)", {})).toBe(2);
      expect(catchError(() => plain.evaluate("T(com.example.Answer).VALUE", {})).message).toMatch(/Type cannot be found 'com.example.Answer'/);
    }
  });
});
