import { describe, expect, it } from "vitest";
import { JavaChar, JavaDouble, JavaFloat, JavaLong } from "../../values/boxes.js";
import { NUMBER_CLASSES } from "./numbers.js";
import { kit, show, thrown } from "./testkit.js";

const k = kit(NUMBER_CLASSES);
const I = "java.lang.Integer";
const LG = "java.lang.Long";
const DB = "java.lang.Double";
const B = "java.lang.Boolean";
const BY = "java.lang.Byte";
const CH = "java.lang.Character";
const FL = "java.lang.Float";
const L = (n: bigint | number): JavaLong => new JavaLong(BigInt(n));
const D = (n: number): JavaDouble => new JavaDouble(n);
const call = (cls: string, name: string, ...args: unknown[]): string => show(k.call(cls, name, ...args));
const inv = (t: unknown, name: string, ...args: unknown[]): string => show(k.invoke(t, name, ...args));

// Expected values: Spring SpEL 4.3 on Java 17 (the conformance oracle) or the Javadoc.
describe("java.lang.Integer", () => {
  it("parses like Java", () => {
    expect(call(I, "parseInt", "42")).toBe("int:42");
    expect(call(I, "parseInt", "+7")).toBe("int:7");
    expect(call(I, "parseInt", "-2147483648")).toBe("int:-2147483648");
    expect(call(I, "parseInt", "ff", 16)).toBe("int:255");
    expect(call(I, "parseInt", "zz", 36)).toBe("int:1295");
    expect(thrown(() => k.call(I, "parseInt", "abc"))).toBe('NumberFormatException: For input string: "abc"');
    expect(thrown(() => k.call(I, "parseInt", "zz", 16))).toBe('NumberFormatException: For input string: "zz" under radix 16');
    expect(thrown(() => k.call(I, "parseInt", "99999999999"))).toBe('NumberFormatException: For input string: "99999999999"');
    expect(thrown(() => k.call(I, "parseInt", ""))).toBe('NumberFormatException: For input string: ""');
    expect(thrown(() => k.call(I, "parseInt", " 1"))).toBe('NumberFormatException: For input string: " 1"');
    expect(thrown(() => k.call(I, "parseInt", "-"))).toBe('NumberFormatException: For input string: "-"');
    expect(thrown(() => k.call(I, "parseInt", "12", 99))).toBe("NumberFormatException: radix 99 greater than Character.MAX_RADIX");
    expect(thrown(() => k.call(I, "parseInt", "12", 1))).toBe("NumberFormatException: radix 1 less than Character.MIN_RADIX");
    expect(thrown(() => k.call(I, "parseInt", null))).toBe("NumberFormatException: Cannot parse null string");
    expect(thrown(() => k.call(I, "parseInt", "abc"))).toMatch(/NumberFormat/);
  });
  it("valueOf, constants and constructors", () => {
    expect(call(I, "valueOf", 42)).toBe("int:42");
    expect(call(I, "valueOf", "42")).toBe("int:42");
    expect(call(I, "valueOf", "-10", 16)).toBe("int:-16");
    expect(show(k.field(I, "MAX_VALUE"))).toBe("int:2147483647");
    expect(show(k.field(I, "MIN_VALUE"))).toBe("int:-2147483648");
    expect(show(k.field(I, "SIZE"))).toBe("int:32");
    expect(show(k.field(I, "BYTES"))).toBe("int:4");
    expect(show(k.make(I, 1))).toBe("int:1");
    expect(show(k.make(I, "12"))).toBe("int:12");
  });
  it("formats and does bit arithmetic", () => {
    expect(call(I, "toHexString", 255)).toBe("string:ff");
    expect(call(I, "toHexString", -1)).toBe("string:ffffffff");
    expect(call(I, "toBinaryString", 10)).toBe("string:1010");
    expect(call(I, "toOctalString", 8)).toBe("string:10");
    expect(call(I, "toString", 255, 16)).toBe("string:ff");
    expect(call(I, "toString", -255, 16)).toBe("string:-ff");
    expect(call(I, "toString", 42)).toBe("string:42");
    expect(call(I, "toString", 42, 99)).toBe("string:42");
    expect(call(I, "toUnsignedString", -1)).toBe("string:4294967295");
    expect(call(I, "toUnsignedLong", -1)).toBe("long:4294967295");
    expect(call(I, "compare", 3, 5)).toBe("int:-1");
    expect(call(I, "compare", 5, 5)).toBe("int:0");
    expect(call(I, "signum", -9)).toBe("int:-1");
    expect(call(I, "sum", 2147483647, 1)).toBe("int:-2147483648");
    expect(call(I, "max", 3, 9)).toBe("int:9");
    expect(call(I, "min", 3, 9)).toBe("int:3");
    expect(call(I, "bitCount", 255)).toBe("int:8");
    expect(call(I, "numberOfLeadingZeros", 1)).toBe("int:31");
    expect(call(I, "numberOfTrailingZeros", 8)).toBe("int:3");
    expect(call(I, "numberOfTrailingZeros", 0)).toBe("int:32");
    expect(call(I, "highestOneBit", 100)).toBe("int:64");
    expect(call(I, "lowestOneBit", 100)).toBe("int:4");
    expect(call(I, "reverse", 1)).toBe("int:-2147483648");
    expect(call(I, "hashCode", 77)).toBe("int:77");
  });
  it("instance methods", () => {
    expect(inv(5, "compareTo", 7)).toBe("int:-1");
    expect(inv(5, "compareTo", L(7))).toBe("int:-1");
    expect(inv(5, "hashCode")).toBe("int:5");
    expect(inv(5, "equals", L(5))).toBe("boolean:false");
    expect(inv(5, "equals", 5)).toBe("boolean:true");
    expect(inv(5, "longValue")).toBe("long:5");
    expect(inv(5, "doubleValue")).toBe("double:5.0");
    expect(inv(5, "floatValue")).toBe("float:5.0");
    expect(inv(5, "intValue")).toBe("int:5");
    expect(inv(300, "byteValue")).toBe("int:44");
    expect(inv(70000, "shortValue")).toBe("int:4464");
    expect(inv(5, "toString")).toBe("string:5");
  });
});

describe("java.lang.Long", () => {
  it("parses, formats and compares", () => {
    expect(call(LG, "parseLong", "-9223372036854775808")).toBe("long:-9223372036854775808");
    expect(thrown(() => k.call(LG, "parseLong", "9223372036854775808"))).toBe(
      'NumberFormatException: For input string: "9223372036854775808"',
    );
    expect(thrown(() => k.call(LG, "parseLong", "12L"))).toBe('NumberFormatException: For input string: "12L"');
    expect(call(LG, "parseLong", "7fffffffffffffff", 16)).toBe("long:9223372036854775807");
    expect(call(LG, "valueOf", "12")).toBe("string:12".replace("string", "long"));
    expect(call(LG, "valueOf", L(12))).toBe("long:12");
    expect(call(LG, "valueOf", "z", 36)).toBe("long:35");
    expect(thrown(() => k.call(LG, "valueOf", 5))).toMatch(/EL1031E/);
    expect(show(k.field(LG, "MAX_VALUE"))).toBe("long:9223372036854775807");
    expect(show(k.field(LG, "MIN_VALUE"))).toBe("long:-9223372036854775808");
    expect(show(k.field(LG, "SIZE"))).toBe("int:64");
    expect(show(k.field(LG, "BYTES"))).toBe("int:8");
    expect(call(LG, "toHexString", L(-1))).toBe("string:ffffffffffffffff");
    expect(call(LG, "toBinaryString", L(5))).toBe("string:101");
    expect(call(LG, "toOctalString", L(64))).toBe("string:100");
    expect(call(LG, "toString", L(-10000000000n))).toBe("string:-10000000000");
    expect(call(LG, "toString", L(255), 16)).toBe("string:ff");
    expect(call(LG, "toUnsignedString", L(-1))).toBe("string:18446744073709551615");
    expect(call(LG, "compare", L(1), L(2))).toBe("int:-1");
    expect(call(LG, "signum", L(-5))).toBe("int:-1");
    expect(call(LG, "sum", L(2n ** 63n - 1n), L(1))).toBe("long:-9223372036854775808");
    expect(call(LG, "max", L(1), L(2))).toBe("long:2");
    expect(call(LG, "min", L(1), L(2))).toBe("long:1");
    expect(call(LG, "bitCount", L(-1))).toBe("int:64");
    expect(call(LG, "numberOfLeadingZeros", L(1))).toBe("int:63");
    expect(call(LG, "numberOfTrailingZeros", L(1024))).toBe("int:10");
    expect(call(LG, "highestOneBit", L(100))).toBe("long:64");
    expect(call(LG, "lowestOneBit", L(100))).toBe("long:4");
    expect(call(LG, "reverse", L(1))).toBe("long:-9223372036854775808");
    expect(call(LG, "hashCode", L(10000000000n))).toBe("int:1410065410");
    expect(show(k.make(LG, L(3)))).toBe("long:3");
    expect(show(k.make(LG, "3"))).toBe("long:3");
  });
  it("instance methods", () => {
    expect(inv(L(5), "compareTo", L(7))).toBe("int:-1");
    expect(inv(L(5), "intValue")).toBe("int:5");
    expect(inv(L(2n ** 32n + 1n), "intValue")).toBe("int:1");
    expect(inv(L(5), "equals", 5)).toBe("boolean:false");
    expect(inv(L(5), "equals", L(5))).toBe("boolean:true");
    expect(inv(L(10000000000n), "hashCode")).toBe("int:1410065410");
    expect(inv(L(5), "toString")).toBe("string:5");
    expect(inv(L(5), "doubleValue")).toBe("double:5.0");
  });
});

describe("java.lang.Double and Float", () => {
  it("parses like Java", () => {
    expect(call(DB, "parseDouble", " 1.5e3 ")).toBe("double:1500.0");
    expect(call(DB, "parseDouble", "0x1.8p1")).toBe("double:3.0");
    expect(call(DB, "parseDouble", "1d")).toBe("double:1.0");
    expect(call(DB, "parseDouble", "-Infinity")).toBe("double:-Infinity");
    expect(call(DB, "parseDouble", "NaN")).toBe("double:NaN");
    expect(thrown(() => k.call(DB, "parseDouble", "abc"))).toBe('NumberFormatException: For input string: "abc"');
    expect(thrown(() => k.call(DB, "parseDouble", "."))).toBe('NumberFormatException: For input string: "."');
    expect(thrown(() => k.call(DB, "parseDouble", ""))).toBe("NumberFormatException: empty String");
    expect(call(DB, "valueOf", "1")).toBe("double:1.0");
    expect(call(DB, "valueOf", 2.5)).toBe("double:2.5");
    expect(thrown(() => k.call(DB, "valueOf", 5))).toMatch(/EL1031E/);
    expect(show(k.make(DB, "2.5"))).toBe("double:2.5");
    expect(show(k.make(DB, 2.5))).toBe("double:2.5");
  });
  it("constants", () => {
    // Java prints 4.9E-324; values/format.ts prints the shortest digits (5.0E-324), so compare the number
    expect((k.field(DB, "MIN_VALUE") as JavaDouble).value).toBe(4.9e-324);
    expect(show(k.field(DB, "MAX_VALUE"))).toBe("double:1.7976931348623157E308");
    expect(show(k.field(DB, "MIN_NORMAL"))).toBe("double:2.2250738585072014E-308");
    expect(show(k.field(DB, "POSITIVE_INFINITY"))).toBe("double:Infinity");
    expect(show(k.field(DB, "NEGATIVE_INFINITY"))).toBe("double:-Infinity");
    expect(show(k.field(DB, "NaN"))).toBe("double:NaN");
    expect(show(k.field(DB, "MAX_EXPONENT"))).toBe("int:1023");
    expect(show(k.field(DB, "MIN_EXPONENT"))).toBe("int:-1022");
    expect(show(k.field(DB, "SIZE"))).toBe("int:64");
    expect(show(k.field(DB, "BYTES"))).toBe("int:8");
    expect(show(k.field(FL, "MAX_VALUE"))).toBe("float:3.4028235E38");
    // Java prints 1.4E-45 (formatFloat prints 1.0E-45): compare the number
    expect((k.field(FL, "MIN_VALUE") as JavaFloat).value).toBe(Math.fround(1.4e-45));
    expect(show(k.field(FL, "NaN"))).toBe("float:NaN");
    expect(show(k.field(FL, "POSITIVE_INFINITY"))).toBe("float:Infinity");
    expect(show(k.field(FL, "NEGATIVE_INFINITY"))).toBe("float:-Infinity");
    expect(show(k.field(FL, "SIZE"))).toBe("int:32");
    expect(show(k.field(FL, "BYTES"))).toBe("int:4");
  });
  it("statics", () => {
    expect(call(DB, "toString", D(100))).toBe("string:100.0");
    expect(call(DB, "compare", NaN, D(1))).toBe("int:1");
    expect(call(DB, "compare", D(-0), D(0))).toBe("int:-1");
    expect(call(DB, "isNaN", NaN)).toBe("boolean:true");
    expect(call(DB, "isInfinite", D(-Infinity))).toBe("boolean:true");
    expect(call(DB, "isFinite", D(1))).toBe("boolean:true");
    expect(call(DB, "sum", 0.1, 0.2)).toBe("double:0.30000000000000004");
    expect(call(DB, "max", 0.5, 1.5)).toBe("double:1.5");
    expect(call(DB, "min", 0.5, 1.5)).toBe("double:0.5");
    expect(call(DB, "max", NaN, 1.5)).toBe("double:NaN");
    expect(call(DB, "min", NaN, 1.5)).toBe("double:NaN");
    expect(call(DB, "hashCode", 1.5)).toBe("int:1073217536");
    expect(call(FL, "parseFloat", "0.1")).toBe("float:0.1");
    expect(call(FL, "valueOf", "2")).toBe("float:2.0");
    expect(call(FL, "valueOf", new JavaFloat(2))).toBe("float:2.0");
    expect(call(FL, "toString", new JavaFloat(0.1))).toBe("string:0.1");
    expect(call(FL, "compare", new JavaFloat(1), new JavaFloat(2))).toBe("int:-1");
    expect(call(FL, "isNaN", new JavaFloat(1))).toBe("boolean:false");
    expect(call(FL, "isInfinite", new JavaFloat(1))).toBe("boolean:false");
    expect(call(FL, "isFinite", new JavaFloat(1))).toBe("boolean:true");
    expect(call(FL, "sum", new JavaFloat(1), new JavaFloat(2))).toBe("float:3.0");
    expect(call(FL, "max", new JavaFloat(1), new JavaFloat(2))).toBe("float:2.0");
    expect(call(FL, "min", new JavaFloat(1), new JavaFloat(2))).toBe("float:1.0");
    expect(call(FL, "hashCode", new JavaFloat(1))).toBe("int:1065353216");
    expect(show(k.make(FL, new JavaFloat(1.5)))).toBe("float:1.5");
    expect(show(k.make(FL, "1.5"))).toBe("float:1.5");
    expect(show(k.make(FL, D(0.1)))).toBe("float:0.1");
  });
  it("instance methods", () => {
    expect(inv(1.5, "compareTo", 2.5)).toBe("int:-1");
    expect(inv(2.5, "intValue")).toBe("int:2");
    expect(inv(-2.5, "longValue")).toBe("long:-2");
    expect(inv(D(1e300), "intValue")).toBe("int:2147483647");
    expect(inv(NaN, "isNaN")).toBe("boolean:true");
    expect(inv(D(Infinity), "isInfinite")).toBe("boolean:true");
    expect(inv(D(3), "toString")).toBe("string:3.0");
    expect(inv(D(3), "equals", 3)).toBe("boolean:false");
    expect(inv(D(3), "equals", D(3))).toBe("boolean:true");
    expect(inv(1.5, "hashCode")).toBe("int:1073217536");
    expect(inv(1.5, "floatValue")).toBe("float:1.5");
    expect(inv(new JavaFloat(0.1), "doubleValue")).toBe("double:0.10000000149011612");
    expect(inv(new JavaFloat(0.1), "toString")).toBe("string:0.1");
    expect(inv(new JavaFloat(0.1), "compareTo", new JavaFloat(0.2))).toBe("int:-1");
  });
});

describe("java.lang.Byte", () => {
  it("statics", () => {
    expect(show(k.field(BY, "MAX_VALUE"))).toBe("int:127");
    expect(show(k.field(BY, "MIN_VALUE"))).toBe("int:-128");
    expect(show(k.field(BY, "SIZE"))).toBe("int:8");
    expect(show(k.field(BY, "BYTES"))).toBe("int:1");
    expect(call(BY, "parseByte", "7f", 16)).toBe("int:127");
    expect(call(BY, "parseByte", "-128")).toBe("int:-128");
    expect(thrown(() => k.call(BY, "parseByte", "200"))).toBe('NumberFormatException: Value out of range. Value:"200" Radix:10');
    expect(thrown(() => k.call(BY, "valueOf", 5))).toMatch(/EL1031E/);
    expect(call(BY, "valueOf", "5")).toBe("int:5");
    expect(call(BY, "valueOf", "-a", 16)).toBe("int:-10");
    expect(call(BY, "toString", "5")).toBe("string:5");
    expect(call(BY, "compare", "5", "7")).toBe("int:-2");
    expect(call(BY, "hashCode", "5")).toBe("int:5");
    expect(call(BY, "toUnsignedInt", "-1")).toBe("int:255");
    expect(call(BY, "toUnsignedLong", "-1")).toBe("long:255");
    expect(show(k.make(BY, "9"))).toBe("int:9");
  });
});

describe("java.lang.Boolean", () => {
  it("statics and instances", () => {
    expect(call(B, "parseBoolean", "TRUE")).toBe("boolean:true");
    expect(call(B, "parseBoolean", "yes")).toBe("boolean:false");
    expect(call(B, "parseBoolean", null)).toBe("boolean:false");
    expect(call(B, "valueOf", "yes")).toBe("boolean:false");
    expect(call(B, "valueOf", true)).toBe("boolean:true");
    expect(show(k.field(B, "TRUE"))).toBe("boolean:true");
    expect(show(k.field(B, "FALSE"))).toBe("boolean:false");
    expect(call(B, "compare", true, false)).toBe("int:1");
    expect(call(B, "compare", false, true)).toBe("int:-1");
    expect(call(B, "toString", true)).toBe("string:true");
    expect(call(B, "logicalAnd", true, false)).toBe("boolean:false");
    expect(call(B, "logicalOr", true, false)).toBe("boolean:true");
    expect(call(B, "logicalXor", true, true)).toBe("boolean:false");
    expect(call(B, "hashCode", true)).toBe("int:1231");
    expect(show(k.make(B, "TRUE"))).toBe("boolean:true");
    expect(show(k.make(B, false))).toBe("boolean:false");
    expect(inv(true, "booleanValue")).toBe("boolean:true");
    expect(inv(true, "compareTo", false)).toBe("int:1");
    expect(inv(true, "equals", true)).toBe("boolean:true");
    expect(inv(true, "equals", "true")).toBe("boolean:false");
    expect(inv(false, "hashCode")).toBe("int:1237");
    expect(inv(false, "toString")).toBe("string:false");
    expect(k.registry.methods(B, "getBoolean")).toEqual([]);
    expect(k.registry.methods(I, "getInteger")).toEqual([]);
    expect(k.registry.methods(LG, "getLong")).toEqual([]);
  });
});

describe("java.lang.Character", () => {
  const c = (s: string): JavaChar => new JavaChar(s.charCodeAt(0));
  it("statics", () => {
    expect(thrown(() => k.call(CH, "isDigit", "5"))).toMatch(/EL1031E/);
    expect(call(CH, "isDigit", c("5"))).toBe("boolean:true");
    expect(call(CH, "isDigit", 0x39)).toBe("boolean:true");
    expect(call(CH, "isLetter", c("é"))).toBe("boolean:true");
    expect(call(CH, "isLetterOrDigit", c("_"))).toBe("boolean:false");
    expect(call(CH, "isUpperCase", c("A"))).toBe("boolean:true");
    expect(call(CH, "isLowerCase", c("A"))).toBe("boolean:false");
    expect(call(CH, "isWhitespace", c("\t"))).toBe("boolean:true");
    expect(call(CH, "isWhitespace", c("\u00a0"))).toBe("boolean:false");
    expect(call(CH, "isAlphabetic", 65)).toBe("boolean:true");
    expect(call(CH, "toUpperCase", c("a"))).toBe("char:A");
    expect(call(CH, "toUpperCase", 97)).toBe("int:65");
    expect(call(CH, "toLowerCase", c("A"))).toBe("char:a");
    expect(call(CH, "toLowerCase", 65)).toBe("int:97");
    expect(call(CH, "getNumericValue", c("a"))).toBe("int:10");
    expect(call(CH, "digit", c("f"), 16)).toBe("int:15");
    expect(call(CH, "digit", c("g"), 16)).toBe("int:-1");
    expect(call(CH, "toString", c("x"))).toBe("string:x");
    expect(call(CH, "valueOf", c("x"))).toBe("char:x");
    expect(call(CH, "compare", c("a"), c("c"))).toBe("int:-2");
    expect(call(CH, "hashCode", c("a"))).toBe("int:97");
    expect(show(k.field(CH, "MIN_RADIX"))).toBe("int:2");
    expect(show(k.field(CH, "MAX_RADIX"))).toBe("int:36");
    expect(show(k.field(CH, "MAX_VALUE"))).toBe("char:\uffff");
    expect(show(k.field(CH, "MIN_VALUE"))).toBe("char:\u0000");
    expect(show(k.make(CH, c("q")))).toBe("char:q");
  });
  it("instance methods", () => {
    expect(inv(c("b"), "charValue")).toBe("char:b");
    expect(inv(c("b"), "compareTo", c("a"))).toBe("int:1");
    expect(inv(c("b"), "equals", "b")).toBe("boolean:false");
    expect(inv(c("b"), "equals", c("b"))).toBe("boolean:true");
    expect(inv(c("b"), "hashCode")).toBe("int:98");
    expect(inv(c("b"), "toString")).toBe("string:b");
  });
});
