import { describe, expect, it } from "vitest";
import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaLong, JavaMapEntry, NotEvaluable } from "../values/boxes.js";
import { javaKind } from "../values/kinds.js";
import { doNotEval, parseJavaJson, readJson, toJacksonJson, toJson } from "./json.js";
import { createTestEnv, rootCause, thrown } from "./test-env.js";

// Expected values come from the SpEL oracle (Jackson 2.14 ObjectMapper) and the conformance corpus.
const env = createTestEnv();
const call = (fn: typeof toJson, ...args: unknown[]): unknown => fn.invoke(env, ...args);

describe("parseJavaJson", () => {
  it("reads numbers with Jackson's kinds", () => {
    const v = parseJavaJson('[1, 2147483647, -2147483648, 2147483648, -2147483649, 9223372036854775808, 1.0, 1e2, -0, -0.0]') as unknown[];
    expect(v[0]).toBe(1);
    expect(v[1]).toBe(2147483647);
    expect(v[2]).toBe(-2147483648);
    expect(v[3]).toEqual(new JavaLong(2147483648n));
    expect(v[4]).toEqual(new JavaLong(-2147483649n));
    expect(v[5]).toBe(9223372036854775808n);
    expect(v[6]).toEqual(new JavaDouble(1));
    expect(v[7]).toEqual(new JavaDouble(100));
    expect(v[8]).toBe(0);
    expect(javaKind(v[8])).toBe("int");
    expect(Object.is((v[9] as JavaDouble).value, -0)).toBe(true);
  });

  it("reads 1e400 as Infinity and 1.5e-400 as 0.0 (oracle rj-26, rj-30)", () => {
    expect(parseJavaJson("[1e400, 1.5e-400]")).toEqual([new JavaDouble(Infinity), new JavaDouble(0)]);
  });

  it("reads objects in order, with null prototype, last duplicate wins", () => {
    const o = parseJavaJson('{"b":1,"a":{"c":null},"b":2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.keys(o)).toEqual(["b", "a"]);
    expect(o["b"]).toBe(2);
    expect(javaKind(o)).toBe("map");
  });

  it("keeps __proto__ as an ordinary key", () => {
    const o = parseJavaJson('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(["__proto__"]);
    expect((o as { x?: unknown }).x).toBeUndefined();
    expect(({} as { x?: unknown }).x).toBeUndefined();
    expect(toJacksonJson(o)).toBe('{"__proto__":{"x":1}}');
  });

  it("decodes escapes and surrogate pairs", () => {
    expect(parseJavaJson('["\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\"\\\\"]')).toEqual(["é😀/\b\f\n\r\t\"\\"]);
  });

  it.each([
    ['{"a":01}', "Leading zeroes not allowed"],
    ['{"a":1.}', "Decimal point not followed by a digit"],
    ['{"a":.5}', "expected a valid value"],
    ['{"a":NaN}', "Non-standard token 'NaN'"],
    ['{"a":1,}', "was expecting double-quote to start field name"],
    ["[1,]", "expected a valid value"],
    ['{"a":"\t"}', "Illegal unquoted character"],
    ["{'a':1}", "was expecting double-quote to start field name"],
    ["{a:1}", "was expecting double-quote to start field name"],
    ['{"a":"\\x"}', "Unrecognized character escape 'x'"],
    ["not json", "Unrecognized token 'not'"],
    ["[", "Unexpected end-of-input"],
    ["", "No content to map due to end-of-input"],
    ["[1] x", "expected end-of-input"],
    ["+1", "expected a valid value"],
  ])("rejects %j (%s)", (text, message) => {
    const e = thrown(() => parseJavaJson(text));
    expect(e.message).toContain(message);
    expect(e.exceptionType).toMatch(/Exception$/);
  });

  it("ignores trailing content when asked (Jackson readValue)", () => {
    expect(parseJavaJson("[1] [2]", { allowTrailing: true })).toEqual([1]);
  });

  it("limits nesting depth instead of overflowing the stack", () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    expect(thrown(() => parseJavaJson(deep)).message).toContain("nesting depth");
    expect(() => parseJavaJson("[".repeat(500) + "]".repeat(500))).not.toThrow();
  });
});

describe("toJacksonJson", () => {
  it("writes numbers as Jackson does (oracle tj-*)", () => {
    expect(toJacksonJson(new JavaDouble(1))).toBe("1.0");
    expect(toJacksonJson(new JavaDouble(1e20))).toBe("1.0E20");
    expect(toJacksonJson(new JavaDouble(1e7))).toBe("1.0E7");
    expect(toJacksonJson(new JavaDouble(0.001))).toBe("0.001");
    expect(toJacksonJson(new JavaDouble(1e-4))).toBe("1.0E-4");
    expect(toJacksonJson(new JavaDouble(12345678.9))).toBe("1.23456789E7");
    expect(toJacksonJson(new JavaDouble(100))).toBe("100.0");
    expect(toJacksonJson(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(toJacksonJson(new JavaDouble(NaN))).toBe('"NaN"');
    expect(toJacksonJson(new JavaDouble(Infinity))).toBe('"Infinity"');
    expect(toJacksonJson(new JavaDouble(-Infinity))).toBe('"-Infinity"');
    expect(toJacksonJson(new JavaLong(123456789n))).toBe("123456789");
    expect(toJacksonJson(new JavaLong(9223372036854775807n))).toBe("9223372036854775807");
    expect(toJacksonJson(new JavaFloat(0.1))).toBe("0.1");
    expect(toJacksonJson(new JavaFloat(1e10))).toBe("1.0E10");
    expect(toJacksonJson(new JavaFloat(3.4028235e38))).toBe("3.4028235E38");
    expect(toJacksonJson(new JavaFloat(NaN))).toBe('"NaN"');
    expect(toJacksonJson(123456789012345678901234567890n)).toBe("123456789012345678901234567890");
    expect(toJacksonJson(2 ** 62)).toBe("4611686018427387904");
  });

  it("round-trips the oracle's readJson/toJson pairs", () => {
    const pairs: Array<[string, string]> = [
      ['{"a":1.0}', '{"a":1.0}'],
      ['{"a":2147483648}', '{"a":2147483648}'],
      ['{"a":9223372036854775808}', '{"a":9223372036854775808}'],
      ['{"a":1e2}', '{"a":100.0}'],
      ['{"a":-0}', '{"a":0}'],
      ['{"a":-0.0}', '{"a":-0.0}'],
      ["[1e400]", '["Infinity"]'],
      ["[0.1,1e-7,100,1e300]", "[0.1,1.0E-7,100,1.0E300]"],
      ['{"a":true,"b":false,"c":null}', '{"a":true,"b":false,"c":null}'],
    ];
    for (const [input, out] of pairs) expect(toJacksonJson(parseJavaJson(input))).toBe(out);
  });

  it("escapes strings as Jackson does (oracle e-1)", () => {
    expect(toJacksonJson("\b\t\f\n\r\u0000\u001f\u007f\u0080\u2028/\\\"<")).toBe(
      '"\\b\\t\\f\\n\\r\\u0000\\u001F\u007f\u0080\u2028/\\\\\\"<"',
    );
    expect(toJacksonJson('quote"and\\backslash')).toBe('"quote\\"and\\\\backslash"');
  });

  it("writes chars, arrays, sets, entries and maps", () => {
    expect(toJacksonJson(new JavaChar(97))).toBe('"a"');
    expect(toJacksonJson(new JavaArray(["a", "b"], "java.lang.String"))).toBe('["a","b"]');
    expect(toJacksonJson(new JavaArray([104, 105], "byte"))).toBe('"aGk="');
    expect(toJacksonJson(new Set(["a"]))).toBe('["a"]');
    expect(toJacksonJson([new JavaMapEntry("a", 1)])).toBe('[{"a":1}]');
    expect(toJacksonJson(new Map<unknown, unknown>([[1, "a"], [new JavaDouble(2.5), "b"], [true, "c"]]))).toBe(
      '{"1":"a","2.5":"b","true":"c"}',
    );
    expect(toJacksonJson({ b: 1, a: [new JavaDouble(1.5), { c: null }] })).toBe('{"b":1,"a":[1.5,{"c":null}]}');
    expect(toJacksonJson(null)).toBe("null");
    expect(toJacksonJson("str")).toBe('"str"');
  });

  it("rejects null map keys and cycles", () => {
    expect(thrown(() => toJacksonJson(new Map([[null, "a"]]))).message).toContain("Null key for a Map not allowed in JSON");
    const a: unknown[] = [];
    a.push(a);
    expect(thrown(() => toJacksonJson(a)).exceptionType).toBe("JsonMappingException");
  });

  it("writes a NotEvaluable as its value", () => {
    expect(toJacksonJson({ x: new NotEvaluable("${y}") })).toBe('{"x":"${y}"}');
  });
});

describe("#toJson / #doNotEval", () => {
  it("serialises compactly (func-024, func-026, func-027, func-029)", () => {
    expect(call(toJson, { a: 1, b: "x" })).toBe('{"a":1,"b":"x"}');
    expect(call(toJson, "str")).toBe('"str"');
    expect(call(toJson, null)).toBe("null");
    expect(call(toJson, { a: null })).toBe('{"a":null}');
  });

  it("refuses output containing ${ (func-030, spk-120)", () => {
    const e = thrown(() => call(toJson, { a: "${x}" }));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    expect(e.message).toBe("#toJson({a=${x}}) failed");
    expect(rootCause(e).message).toBe("result for toJson cannot contain an expression");
    expect(thrown(() => call(toJson, { owner: "managed-by-${team}" })).exceptionType).toBe("SpelHelperFunctionException");
    expect(thrown(() => call(toJson, "${")).exceptionType).toBe("SpelHelperFunctionException");
    expect(call(toJson, "$ {")).toBe('"$ {"');
  });

  it("accepts ${ through #doNotEval (spinnaker-042, spk-121)", () => {
    expect(call(toJson, call(doNotEval, { a: "${x}" }))).toBe('{"a":"${x}"}');
    expect(call(toJson, call(doNotEval, { owner: "managed-by-${team}" }))).toBe('{"owner":"managed-by-${team}"}');
    expect(call(toJson, call(doNotEval, "${x}"))).toBe('"${x}"');
    expect(call(toJson, call(doNotEval, null))).toBe("null");
    const w = call(doNotEval, "x");
    expect(w).toBeInstanceOf(NotEvaluable);
    expect(String(w)).toBe("x");
  });

  it("serialises split() arrays (spk-053)", () => {
    expect(call(toJson, new JavaArray(["us-east-1", "us-west-2"], "java.lang.String"))).toBe('["us-east-1","us-west-2"]');
  });
});

describe("#readJson", () => {
  it("reads maps and lists (func-035, func-036, func-043, func-044, spk-064, spk-065)", () => {
    expect((call(readJson, '{"a":1}') as Record<string, unknown>)["a"]).toBe(1);
    expect((call(readJson, "[1,2,3]") as unknown[])[1]).toBe(2);
    expect(javaKind(call(readJson, "{}"))).toBe("map");
    expect((call(readJson, '{"a":null}') as Record<string, unknown>)["a"]).toBeNull();
    expect(Array.isArray(call(readJson, '[ "one", "two" ]'))).toBe(true);
    expect(javaKind(call(readJson, '{ "one":"two" }'))).toBe("map");
  });

  it("follows Jackson's readValue quirks (oracle rj-13, rj-21, rj-25, rj-33, rj-36)", () => {
    expect(toJacksonJson(call(readJson, '{"a":1} x'))).toBe('{"a":1}');
    expect(call(readJson, "[1] [2]")).toEqual([1]);
    expect(toJacksonJson(call(readJson, '{"a":1}/*c*/'))).toBe('{"a":1}');
    expect(toJacksonJson(call(readJson, '  {"a":1}'))).toBe('{"a":1}');
    expect(call(readJson, "null")).toBeNull();
  });

  it.each([
    ["not json", "JsonParseException", "Unrecognized token 'not'"],
    [" [1]", "MismatchedInputException", "from Array value"],
    ["\n[1]", "MismatchedInputException", "from Array value"],
    ['"str"', "MismatchedInputException", "from String value ('str')"],
    ["42", "MismatchedInputException", "from Integer value"],
    ["", "MismatchedInputException", "No content to map due to end-of-input"],
  ])("fails on %j with %s", (text, type, message) => {
    const e = thrown(() => call(readJson, text));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    expect(e.message).toBe(`#readJson(${text}) failed`);
    const cause = rootCause(e);
    expect(cause.exceptionType).toBe(type);
    expect(cause.message).toContain(message);
  });

  it("fails on null with a NullPointerException cause", () => {
    const e = thrown(() => call(readJson, null));
    expect(e.message).toBe("#readJson(null) failed");
    expect(rootCause(e).exceptionType).toBe("NullPointerException");
  });

  it("round-trips #toJson (pipeline-087)", () => {
    const info = { name: "orders-build", number: 142 };
    expect((call(readJson, call(toJson, info)) as Record<string, unknown>)["number"]).toBe(142);
  });
});
