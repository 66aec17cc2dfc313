import { describe, expect, it } from "vitest";
import { JavaArray, JavaDouble, JavaLong } from "../values/boxes.js";
import { javaToString } from "../values/format.js";
import { javaKind } from "../values/kinds.js";
import type { ExpressionFunction } from "./function.js";
import { toJacksonJson } from "./json.js";
import { createTestEnv, rootCause, thrown } from "./test-env.js";
import { JavaDate, readAllYaml, readYaml } from "./yaml.js";

// Expected values come from the SpEL oracle (SnakeYAML 1.33 SafeConstructor) and the corpora.
const env = createTestEnv();
const call = (fn: ExpressionFunction, ...args: unknown[]): unknown => fn.invoke(env, ...args);
const y = (text: string): unknown => call(readYaml, text);
const a = (text: string): unknown => (y(`a: ${text}`) as Record<string, unknown>)["a"];

describe("#readYaml scalars (YAML 1.1 as SnakeYAML resolves them)", () => {
  it.each([
    ["yes", true],
    ["no", false],
    ["on", true],
    ["off", false],
    ["Yes", true],
    ["NO", false],
    ["true", true],
    ["False", false],
    ["TRUE", true],
    ["y", "y"],
    ["n", "n"],
    ["~", null],
    ["null", null],
    ["Null", null],
    ["NULL", null],
    ["0x1F", 31],
    ["0o17", "0o17"],
    ["017", 15],
    ["0b101", 5],
    ["1_000", 1000],
    ["-12", -12],
    ["+12", 12],
    ["190:20:30", 685230],
    ["12:30", 750],
    ["'yes'", "yes"],
    ['"1"', "1"],
    ["!!str 1", "1"],
    ["!!int '7'", 7],
    ["-0", 0],
    ["00", 0],
    ["08", "08"],
    ["0_7", 7],
    ["1__0", 10],
    ["=", "="],
    ["0xFF_FF", 65535],
    ["1:2", 62],
    ["-1:30", -90],
    ["60:00", 3600],
    ["0x", "0x"],
    ["0o8", "0o8"],
    ["-.nan", "-.nan"],
    ["019", "019"],
    ["0b102", "0b102"],
    ["0X1F", "0X1F"],
    ["0:30", "0:30"],
    ["_", "_"],
    ["+", "+"],
    [".", "."],
    ["0000000001", 1],
    ["99999999:00:00", -777256464],
    ["! 12", "12"],
    ["!!bool maybe", null],
    ["!!bool yes", true],
    ["!!str", ""],
  ])("%j → %j", (text, value) => {
    expect(a(text)).toBe(value);
  });

  it.each([
    ["1.5", 1.5],
    ["1e3", 1000],
    ["1.0e+3", 1000],
    ["6.8523015e+5", 685230.15],
    ["685_230.15", 685230.15],
    ["0.", 0],
    ["1.", 1],
    ["1e5", 100000],
    ["1E5", 100000],
    ["3.", 3],
    ["+.5", 0.5],
    ["0.1e1", 1],
    ["!!float 1", 1],
    ["!!float '1_0'", 10],
    ["!!float ' 1.5d '", 1.5],
    ["1.50", 1.5],
    ["190:20:30.15", 685230.15],
    ["1e+5", 100000],
    ["1.5E3", 1500],
    [".inf", Infinity],
    ["-.Inf", -Infinity],
    ["-.INF", -Infinity],
  ])("%j → double %d", (text, value) => {
    const v = a(text);
    expect(v).toBeInstanceOf(JavaDouble);
    expect((v as JavaDouble).value).toBe(value);
  });

  it(".NaN is a double NaN", () => {
    expect(Number.isNaN((a(".NaN") as JavaDouble).value)).toBe(true);
  });

  it("integers grow to Long and BigInteger (oracle y-23, y-24, y-79, y3-oct_long, y3-hex_long)", () => {
    expect(a("2147483648")).toEqual(new JavaLong(2147483648n));
    expect(a("9223372036854775808")).toBe(9223372036854775808n);
    expect(a("99999999999999999999")).toBe(99999999999999999999n);
    expect(a("0000000000000001")).toEqual(new JavaLong(1n));
    expect(a("0x000000001")).toEqual(new JavaLong(1n));
  });

  it("timestamps become java.util.Date (oracle y-35, y-36, y3-ts*)", () => {
    const cases: Array<[string, string, number]> = [
      ["2001-12-14", "Fri Dec 14 00:00:00 UTC 2001", 1008288000000],
      ["2001-12-14t21:59:43.10-05:00", "Sat Dec 15 02:59:43 UTC 2001", 1008385183100],
      ["2001-12-14 21:59:43.10 -5", "Sat Dec 15 02:59:43 UTC 2001", 1008385183100],
      ["2001-12-14T21:59:43Z", "Fri Dec 14 21:59:43 UTC 2001", 1008367183000],
      ["2001-1-2 3:04:05", "Tue Jan 02 03:04:05 UTC 2001", 978404645000],
      ["2001-12-14t21:59:43.123456789+01:30", "Fri Dec 14 20:29:43 UTC 2001", 1008361783123],
      ["!!timestamp 2001-12-14", "Fri Dec 14 00:00:00 UTC 2001", 1008288000000],
    ];
    for (const [text, printed, json] of cases) {
      const d = a(text);
      expect(d).toBeInstanceOf(JavaDate);
      expect(String(d)).toBe(printed);
      expect(toJacksonJson(d)).toBe(String(json));
    }
  });

  it("!!binary, !!set, !!omap, !!pairs (oracle y-41..43, y3-pairs, y3-bin_nl)", () => {
    const bin = a("!!binary aGVsbG8=") as JavaArray;
    expect(bin).toBeInstanceOf(JavaArray);
    expect(bin.componentType).toBe("byte");
    expect(bin.items).toEqual([104, 101, 108, 108, 111]);
    expect(toJacksonJson(y("a: !!binary |\n  aGVs\n  bG8=\n"))).toBe('{"a":"aGVsbG8="}');
    expect(y("!!set {a, b}")).toEqual(new Set(["a", "b"]));
    expect(javaToString(y("!!omap [a: 1]"))).toBe("{a=1}");
    expect(toJacksonJson(y("a: !!pairs [x: 1, y: 2]"))).toBe('{"a":[["x",1],["y",2]]}');
  });
});

describe("#readYaml structures", () => {
  it("reads maps and lists (func-046, func-066, func-067, spk-102, spk-103)", () => {
    expect((y("key: value") as Record<string, unknown>)["key"]).toBe("value");
    expect(((y("a: 1\nb:\n  - x\n  - y\n") as Record<string, unknown>)["b"] as unknown[])[1]).toBe("y");
    expect(toJacksonJson(y("a: 1\nb: 2\n"))).toBe('{"a":1,"b":2}');
    expect(toJacksonJson(y("---\na: 1\nb: 2\n"))).toBe('{"a":1,"b":2}');
    expect(javaKind(y("a: 1"))).toBe("map");
    expect(javaToString(y("[1, 2.0, x]"))).toBe("[1, 2.0, x]");
  });

  it("empty streams are null (func-050, oracle y-55, y-56)", () => {
    expect(y("")).toBeNull();
    expect(y("---\n...\n")).toBeNull();
    expect(y("# comment only")).toBeNull();
  });

  it("anchors, merge keys and duplicates (oracle y-46, y-51, y-52, y3-merge*)", () => {
    expect(javaToString(y("a: &x 1\nb: *x"))).toBe("{a=1, b=1}");
    expect(javaToString(y("<<: {a: 1}\nb: 2"))).toBe("{a=1, b=2}");
    expect(javaToString(y("a: 1\na: 2"))).toBe("{a=2}");
    expect(javaToString(y("{a: 1, a: 2}"))).toBe("{a=2}");
    expect(toJacksonJson(y("base: &b {a: 1, b: 2}\nx:\n  c: 3\n  <<: *b\n  a: 9\n"))).toBe(
      '{"base":{"a":1,"b":2},"x":{"c":3,"a":9,"b":2}}',
    );
    expect(toJacksonJson(y("a: &a {k: 1, m: 1}\nb: &b {k: 2, n: 2}\nx:\n  <<: [*a, *b]\n  z: 0\n"))).toBe(
      '{"a":{"k":1,"m":1},"b":{"k":2,"n":2},"x":{"k":1,"m":1,"n":2,"z":0}}',
    );
    expect(toJacksonJson(y("a: &x {k: 1}\nb: *x"))).toBe('{"a":{"k":1},"b":{"k":1}}');
  });

  it("keeps non-String keys as Java keys (oracle y-47, y-48, y-82, y3-*key)", () => {
    const m = y("1: one\n2: two") as Map<unknown, unknown>;
    expect(m).toBeInstanceOf(Map);
    expect(m.get(1)).toBe("one");
    expect(javaToString(m)).toBe("{1=one, 2=two}");
    expect(javaToString(y("2: x\n'2': y"))).toBe("{2=x, 2=y}");
    expect(javaToString(y("? [1,2]\n: x"))).toBe("{[1, 2]=x}");
    expect(javaToString(y("{a: 1}: x"))).toBe("{{a=1}=x}");
    expect(toJacksonJson(y("{a: 1}: x"))).toBe('{"{a=1}":"x"}');
    expect(toJacksonJson(y("yes: 1\non: 2"))).toBe('{"true":2}');
    expect(toJacksonJson(y("1.5: a"))).toBe('{"1.5":"a"}');
    expect(javaToString(y("~: x\n? \n: y"))).toBe("{null=y}");
    expect(toJacksonJson(y("{a, b: }"))).toBe('{"a":null,"b":null}');
  });

  it("other scalar forms (oracle y-49, y-50, y-54, y3-multi_line_plain, y3-unicode_esc, y3-bom, y3-directive12)", () => {
    expect(javaToString(y("a:\n  - 1\n  -\n"))).toBe("{a=[1, null]}");
    expect((y("key: |\n  line1\n  line2\n") as Record<string, unknown>)["key"]).toBe("line1\nline2\n");
    expect(javaToString(y("%YAML 1.1\n---\na: 1"))).toBe("{a=1}");
    expect(a("foo\n  bar")).toBe("foo bar");
    expect(a('"\\u00e9\\x41\\N"')).toBe("éA\u0085");
    expect(javaToString(y("\ufeffa: 1"))).toBe("{a=1}");
    expect(javaToString(y("%YAML 1.2\n---\na: yes"))).toBe("{a=true}");
  });

  it.each([
    ["a: 1\nb: 2\n---\nc: 3\n", "ComposerException", "expected a single document in the stream"],
    ["!!java.io.FileInputStream [/dev/null]", "ConstructorException", "could not determine a constructor for the tag tag:yaml.org,2002:java.io.FileInputStream"],
    ["--- !!python/object:foo {}", "ConstructorException", "could not determine a constructor for the tag tag:yaml.org,2002:python/object:foo"],
    ["a: !foo x", "ConstructorException", "could not determine a constructor for the tag !foo"],
    ["%TAG !e! tag:example.com,2000:\n---\na: !e!foo x", "ConstructorException", "could not determine a constructor for the tag tag:example.com,2000:foo"],
    ["x: !!int 1.0", "NumberFormatException", 'For input string: "1.0"'],
    ["a: !!float 0x10", "NumberFormatException", 'For input string: "0x10"'],
    ["x:\n  <<: 5\n", "ConstructorException", "while constructing a mapping"],
    ["a: !!int ''", "ConstructorException", "while constructing an int"],
    ["!!omap {a: 1}", "ConstructorException", "while constructing an ordered map"],
    ["a=1\nb=two\n# comment\nc : spaced", "ParserException", ""],
    ["[".repeat(60) + "]".repeat(60), "YAMLException", "Nesting Depth exceeded max 50"],
    ["a: &a [1]\nb: [" + Array(51).fill("*a").join(",") + "]", "YAMLException", "Number of aliases for non-scalar nodes exceeds the specified max=50"],
    ["&a [*a]", "YAMLException", "Recursive"],
  ])("fails on %j with %s (func-068, func-070, spk-104, spk-108)", (text, type, message) => {
    const e = thrown(() => y(text));
    expect(e.exceptionType).toBe("SpelHelperFunctionException");
    expect(e.message).toBe(`#readYaml(${text}) failed`);
    const cause = rootCause(e);
    expect(cause.exceptionType).toBe(type);
    expect(cause.message).toContain(message);
  });

  it("accepts the limits SnakeYAML accepts (oracle y3-aliases50, y3-deep50flow, y3-scal_alias)", () => {
    expect((y("a: &a [1]\nb: [" + Array(50).fill("*a").join(",") + "]") as Record<string, unknown[]>)["b"]!.length).toBe(50);
    expect(() => y("[".repeat(50) + "]".repeat(50))).not.toThrow();
    expect((y("a: &a x\nb: [" + Array(60).fill("*a").join(",") + "]") as Record<string, unknown[]>)["b"]!.length).toBe(60);
  });

  it("null → NullPointerException cause", () => {
    expect(rootCause(thrown(() => y(null as unknown as string))).exceptionType).toBe("NullPointerException");
  });
});

describe("#readAllYaml", () => {
  it.each([
    ["a: 1\nb: 2\n---\nc: 3\n", '[{"a":1,"b":2},{"c":3}]'],
    ["a: 1\nb: 2\n", '[{"a":1,"b":2}]'],
    ["---\na: 1\nb: 2\n", '[{"a":1,"b":2}]'],
    ["", "[]"],
    ["---", "[null]"],
    ["a: 1\n---\n", '[{"a":1},null]'],
    ["---\n---\n", "[null,null]"],
    ["a\n---\nb", '["a","b"]'],
    ["--- 1\n--- 2\n...\n", "[1,2]"],
  ])("%j → %s (func-069, spk-105..107, oracle ya-*)", (text, json) => {
    const v = call(readAllYaml, text);
    expect(Array.isArray(v)).toBe(true);
    expect(toJacksonJson(v)).toBe(json);
  });
});
