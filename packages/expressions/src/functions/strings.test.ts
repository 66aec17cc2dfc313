import { describe, expect, it } from "vitest";
import { JavaFloat } from "../values/boxes.js";
import { formatFloat } from "../values/format.js";
import type { ExpressionFunction } from "./function.js";
import { alphanumerical, fetchReference, fromBase64, toBase64, toBoolean, toFloat, toInt } from "./strings.js";
import { createTestEnv, thrown } from "./test-env.js";

// Expected values come from the SpEL oracle (Java 17 Integer/Float/Boolean/Base64) and the corpus.
const env = createTestEnv();
const call = (fn: ExpressionFunction, ...args: unknown[]): unknown => fn.invoke(env, ...args);

describe("#toInt", () => {
  it.each([
    ["42", 42],
    ["-7", -7],
    ["+7", 7],
    ["007", 7],
    ["-0", 0],
    ["2147483647", 2147483647],
    ["-2147483648", -2147483648],
    ["\u0661\u0662", 12],
    ["15", 15],
  ])("%j → %d", (s, n) => {
    const v = call(toInt, s);
    expect(v).toBe(n);
    expect(Object.is(v, -0)).toBe(false);
  });

  it.each(["2147483648", "-2147483649", " 42", "42 ", "4.2", "0x10", "", "1_000", "4e2", "x", "-", "+"])(
    "%j → NumberFormatException",
    (s) => {
      const e = thrown(() => call(toInt, s));
      expect(e.exceptionType).toBe("NumberFormatException");
      expect(e.message).toBe(`For input string: "${s}"`);
      expect(e.code).toBe("NUMBER_FORMAT");
    },
  );

  it("null → Cannot parse null string", () => {
    expect(thrown(() => call(toInt, null)).message).toBe("Cannot parse null string");
  });
});

describe("#toFloat", () => {
  it.each([
    ["7", "7.0"],
    ["7.5", "7.5"],
    ["1e3", "1000.0"],
    ["7.5f", "7.5"],
    ["7.5F", "7.5"],
    ["7.5d", "7.5"],
    ["7.5D", "7.5"],
    [" 7.5 ", "7.5"],
    [" \t7\n", "7.0"],
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    ["-Infinity", "-Infinity"],
    ["+Infinity", "Infinity"],
    [".5", "0.5"],
    ["5.", "5.0"],
    ["0x1p3", "8.0"],
    ["1e40", "Infinity"],
    ["1e-50", "0.0"],
    ["0.1", "0.1"],
    ["3.4028235e38", "3.4028235E38"],
    ["1.17549435E-38", "1.17549435E-38"],
    ["1.4e-45", "1.4E-45"],
    ["+1.5", "1.5"],
    ["-1.5e-3", "-0.0015"],
    ["1.0E7", "1.0E7"],
    ["1234567.0", "1234567.0"],
    ["12345678", "1.2345678E7"],
    ["2.5", "2.5"],
  ])("%j → Float %s", (s, printed) => {
    const v = call(toFloat, s);
    expect(v).toBeInstanceOf(JavaFloat);
    // compare the 32-bit value (Java 17's Float.toString is not always the shortest form,
    // e.g. 1.17549435E-38 and 1.4E-45; printing is format.ts's concern)
    expect((v as JavaFloat).value).toBe(Math.fround(Number(printed)));
    if (!/E-(38|45)$/.test(printed)) expect(formatFloat((v as JavaFloat).value)).toBe(printed);
  });

  it("has float precision (func-012: #toFloat('0.1') * 2 is the float 0.2)", () => {
    const v = call(toFloat, "0.1") as JavaFloat;
    expect(v.value).toBe(Math.fround(0.1));
    expect(v.value * 1.0).toBe(0.10000000149011612);
  });

  it.each([
    ["abc", 'For input string: "abc"'],
    ["", "empty String"],
    ["   ", "empty String"],
    ["1_0", 'For input string: "1_0"'],
    ["Infinityf", 'For input string: "Infinityf"'],
    ["0x10", 'For input string: "0x10"'],
    [" x ", 'For input string: "x"'],
  ])("%j → NumberFormatException %s", (s, message) => {
    const e = thrown(() => call(toFloat, s));
    expect(e.exceptionType).toBe("NumberFormatException");
    expect(e.message).toBe(message);
  });

  it("null → NullPointerException", () => {
    expect(thrown(() => call(toFloat, null)).exceptionType).toBe("NullPointerException");
  });
});

describe("#toBoolean", () => {
  it.each([
    ["TRUE", true],
    ["true", true],
    ["True", true],
    [null, false],
    [" true", false],
    ["yes", false],
    ["1", false],
    ["false", false],
  ])("%j → %s", (s, b) => {
    expect(call(toBoolean, s)).toBe(b);
  });
});

describe("#toBase64 / #fromBase64", () => {
  it("encodes UTF-8 (oracle tb-*)", () => {
    expect(call(toBase64, "")).toBe("");
    expect(call(toBase64, "é")).toBe("w6k=");
    expect(call(toBase64, "😀")).toBe("8J+YgA==");
    expect(call(toBase64, "\ud800")).toBe("Pw==");
    expect(call(toBase64, "Yo Dawg")).toBe("WW8gRGF3Zw==");
  });

  it("decodes (spinnaker-057, func-056, oracle fb-*)", () => {
    expect(call(fromBase64, "WW8gRGF3Zw==")).toBe("Yo Dawg");
    expect(call(fromBase64, call(toBase64, "round trip"))).toBe("round trip");
    expect(call(fromBase64, "")).toBe("");
    expect(call(fromBase64, "YQ")).toBe("a");
    expect(call(fromBase64, "YQ==")).toBe("a");
    expect(call(fromBase64, "+/8=")).toBe("\ufffd\ufffd");
    expect(call(fromBase64, "4pyT")).toBe("\u2713");
    expect(call(fromBase64, "/w==")).toBe("\ufffd");
    expect(call(fromBase64, "gA==")).toBe("\ufffd");
  });

  it.each([
    ["not base64!", "Illegal base64 character 20"],
    ["YQ=", "Input byte array has wrong 4-byte ending unit"],
    ["YQ===", "Input byte array has incorrect ending byte at 4"],
    ["Y Q==", "Illegal base64 character 20"],
    ["YWJj\n", "Illegal base64 character a"],
    ["YW=Jj", "Input byte array has wrong 4-byte ending unit"],
    ["_-8", "Illegal base64 character 5f"],
    ["Y", "Last unit does not have enough valid bits"],
  ])("%j → IllegalArgumentException %s", (s, message) => {
    const e = thrown(() => call(fromBase64, s));
    expect(e.exceptionType).toBe("IllegalArgumentException");
    expect(e.message).toBe(message);
  });

  it("null → NullPointerException", () => {
    expect(thrown(() => call(toBase64, null)).exceptionType).toBe("NullPointerException");
    expect(thrown(() => call(fromBase64, null)).exceptionType).toBe("NullPointerException");
  });
});

describe("#alphanumerical / #fetchReference", () => {
  it("keeps only ASCII letters and digits (func-057..059, spinnaker-014, oracle s-11)", () => {
    expect(call(alphanumerical, "stack-with_hyphens.1")).toBe("stackwithhyphens1");
    expect(call(alphanumerical, "héllo wörld")).toBe("hllowrld");
    expect(call(alphanumerical, "")).toBe("");
    expect(call(alphanumerical, "stack-with-hyphens")).toBe("stackwithhyphens");
    expect(call(alphanumerical, "v1.4.2")).toBe("v142");
    expect(call(alphanumerical, "a😀b١")).toBe("ab");
    expect(thrown(() => call(alphanumerical, null)).exceptionType).toBe("NullPointerException");
  });

  it("#fetchReference returns its argument (func-061)", () => {
    expect(call(fetchReference, "ref://x")).toBe("ref://x");
  });
});
