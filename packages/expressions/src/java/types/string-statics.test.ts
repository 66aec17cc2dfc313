import { describe, expect, it } from "vitest";
import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaLong } from "../../values/boxes.js";
import { javaFormat } from "./formatter.js";
import { STRING_STATICS } from "./string-statics.js";
import { kit, show, thrown } from "./testkit.js";

const k = kit([STRING_STATICS]);
const S = "java.lang.String";
const call = (name: string, ...args: unknown[]): string => show(k.call(S, name, ...args));
const D = (n: number): JavaDouble => new JavaDouble(n);
const L = (n: bigint | number): JavaLong => new JavaLong(BigInt(n));
const fmt = (f: string, ...args: unknown[]): string => k.call(S, "format", f, ...args) as string;
const fmtErr = (f: string, ...args: unknown[]): string => thrown(() => k.call(S, "format", f, ...args));
const charArray = (s: string): JavaArray => new JavaArray([...s].map((c) => new JavaChar(c.charCodeAt(0))), "char");

// Expected values: Spring SpEL 4.3 on Java 17 (the conformance oracle).
describe("String.valueOf / copyValueOf / join", () => {
  it("valueOf overloads", () => {
    expect(call("valueOf", 42)).toBe("string:42");
    expect(call("valueOf", 1.5)).toBe("string:1.5");
    expect(call("valueOf", D(100))).toBe("string:100.0");
    expect(call("valueOf", true)).toBe("string:true");
    expect(call("valueOf", L(10000000000n))).toBe("string:10000000000");
    expect(call("valueOf", new JavaFloat(0.1))).toBe("string:0.1");
    expect(call("valueOf", new JavaChar(65))).toBe("string:A");
    expect(call("valueOf", [1, 2])).toBe("string:[1, 2]");
    expect(call("valueOf", { a: 1 })).toBe("string:{a=1}");
    expect(call("valueOf", "abc")).toBe("string:abc");
    expect(call("valueOf", charArray("hey"))).toBe("string:hey");
    expect(call("valueOf", charArray("hello"), 1, 3)).toBe("string:ell");
    expect(thrown(() => k.call(S, "valueOf", charArray("hello"), 3, 5))).toBe(
      "StringIndexOutOfBoundsException: offset 3, count 5, length 5",
    );
    expect(thrown(() => k.call(S, "valueOf", null))).toBe(
      'NullPointerException: Cannot read the array length because "value" is null',
    );
    expect(call("copyValueOf", charArray("ab"))).toBe("string:ab");
    expect(call("copyValueOf", charArray("abc"), 1, 1)).toBe("string:b");
  });
  it("join", () => {
    expect(call("join", ",", ["a", "b"])).toBe("string:a,b");
    expect(call("join", "-", "a", "b", "c")).toBe("string:a-b-c");
    expect(call("join", "-", "a")).toBe("string:a");
    expect(call("join", ", ", ["x", null])).toBe("string:x, null");
    expect(call("join", "/", new Set(["p", "q"]))).toBe("string:p/q");
    expect(call("join", "/", new JavaArray(["p", "q"], "java.lang.String"))).toBe("string:p/q");
  });
});

describe("String.format (java.util.Formatter)", () => {
  it("strings, booleans, chars, hash codes", () => {
    expect(fmt("%b|%b|%b|%c|%S|%5.2s|", null, "x", false, 65, "abc", "hello")).toBe("false|true|false|A|ABC|   he|");
    expect(fmt("%h|%h", "hi", null)).toBe("d01|null");
    expect(fmt("%s|%s|%s", [1, 2], { a: 1 }, D(1))).toBe("[1, 2]|{a=1}|1.0");
    expect(fmt("%s", 1.0e-5)).toBe("1.0E-5");
    expect(fmt("%2$s %1$s %<s", "a", "b")).toBe("b a a");
    expect(fmt("%5%|%-5%|%n")).toBe("    %|%    |\n");
    expect(fmt("%c", new JavaChar(122))).toBe("z");
    expect(fmt("%C", new JavaChar(122))).toBe("Z");
    expect(fmt("%-4c|", new JavaChar(122))).toBe("z   |");
    expect(fmt("%s and %s", null, "x")).toBe("null and x");
    expect(fmt("%d|%f", null, null)).toBe("null|null");
    expect(fmt("%B", "x")).toBe("TRUE");
    expect(fmt("no args")).toBe("no args");
  });
  it("integers", () => {
    expect(fmt("%+d|% d|%(d|%010d|%-6d|%,d", 5, 5, -5, -42, 7, -1234567)).toBe("+5| 5|(5)|-000000042|7     |-1,234,567");
    expect(fmt("%x|%X|%o|%#x|%#o", -1, 255, 8, 255, 8)).toBe("ffffffff|FF|10|0xff|010");
    expect(fmt("%x", L(255))).toBe("ff");
    expect(fmt("%x", L(-255))).toBe("ffffffffffffff01");
    expect(fmt("%#x", L(-1))).toBe("0xffffffffffffffff");
    expect(fmt("%,d|%,d", 999, L(1000))).toBe("999|1,000");
    expect(fmt("%d", 123n)).toBe("123");
    expect(fmt("%x", -255n)).toBe("-ff");
    expect(fmt("%08X", 255)).toBe("000000FF");
    expect(fmt("%#010x", 255)).toBe("0x000000ff");
  });
  it("floating point, rounding half-up on the shortest digits", () => {
    expect(fmt("%08.3f|%-5d|%x|%,d", 3.14159, 42, 255, 1234567)).toBe("0003.142|42   |ff|1,234,567");
    expect(fmt("%.1f|%.2f|%.2f|%.2f", 0.15, 0.125, 1.005, 2.675)).toBe("0.2|0.13|1.01|2.68");
    expect(fmt("%e|%.2e|%g|%g|%g", 12345.678, 0.000123, 0.0001, D(123456789), D(1))).toBe(
      "1.234568e+04|1.23e-04|0.000100000|1.23457e+08|1.00000",
    );
    expect(fmt("%,.2f|%(.1f|%+.1f|%010.2f", 1234567.891, -3.14, 3.14, -3.14159)).toBe("1,234,567.89|(3.1)|+3.1|-000003.14");
    expect(fmt("%f|%f|%.0f|%.0f|%.0f", D(1e20), NaN, 0.5, 1.5, 2.5)).toBe("100000000000000000000.000000|NaN|1|2|3");
    expect(fmt("%10.3e|%-12g|", 1234.5, 0.00001234)).toBe(" 1.235e+03|1.23400e-05 |");
    expect(fmt("%e", D(0))).toBe("0.000000e+00");
    expect(fmt("%.3g|%.0g|%g", 0.0001234, 5.5, D(0))).toBe("0.000123|6|0.00000");
    expect(fmt("%.0e|%#.0e|%#.0f", D(15), D(15), D(3))).toBe("2e+01|2.e+01|3.");
    expect(fmt("%f", D(1e300))).toBe("1" + "0".repeat(300) + ".000000");
    expect(fmt("%.3f", 1.0e-10)).toBe("0.000");
    expect(fmt("%(,.2f", -1234.5)).toBe("(1,234.50)");
    expect(fmt("%.1f|%.2f", 0.05, 0.005)).toBe("0.1|0.01");
    expect(fmt("%f", new JavaFloat(0.1))).toBe("0.100000");
    expect(fmt("%.3s|%10.4f|%-10.1e|", "abcdef", 3.14159265, 31415.9)).toBe("abc|    3.1416|3.1e+04   |");
    expect(fmt("%o", L(-8))).toBe("1777777777777777777770");
    expect(fmt("%E|%G", 12345.678, 0.00001234)).toBe("1.234568E+04|1.23400E-05");
    expect(fmt("%f|%+f|%(f|%f", D(Infinity), D(Infinity), D(-Infinity), D(-Infinity))).toBe(
      "Infinity|+Infinity|(Infinity)|-Infinity",
    );
    expect(fmt("%f", D(-0))).toBe("0.000000");
    expect(fmt("%a|%.1a", D(1), D(3))).toBe("0x1.0p0|0x1.8p1");
  });
  it("dates and times (UTC)", () => {
    expect(fmt("%tY-%<tm-%<td %<tH:%<tM:%<tS.%<tL", L(0))).toBe("1970-01-01 00:00:00.000");
    expect(fmt("%tF %<tT %<tA %<tB %<tj", L(1710506096789n))).toBe("2024-03-15 12:34:56 Friday March 075");
    expect(fmt("%tr|%<tD|%<tR|%<tp|%<Tp|%<ta|%<tb|%<te|%<ty|%<tC|%<tk|%<tl|%<tI", L(1710506096789n))).toBe(
      "12:34:56 PM|03/15/24|12:34|pm|PM|Fri|Mar|15|24|20|12|12|12",
    );
    expect(fmt("%ts|%<tQ|%<tz|%<tZ", L(1710506096789n))).toBe("1710506096|1710506096789|+0000|UTC");
    expect(fmt("%tc", L(0))).toBe("Thu Jan 01 00:00:00 UTC 1970");
    expect(fmtErr("%tY", "x")).toBe("IllegalFormatConversionException: Y != java.lang.String");
  });
  it("throws Java's exceptions", () => {
    expect(fmtErr("%d", "x")).toBe("IllegalFormatConversionException: d != java.lang.String");
    expect(fmtErr("%s %s", "x")).toBe("MissingFormatArgumentException: Format specifier '%s'");
    expect(fmtErr("%c", "z")).toBe("IllegalFormatConversionException: c != java.lang.String");
    expect(fmtErr("%f", 3)).toBe("IllegalFormatConversionException: f != java.lang.Integer");
    expect(fmtErr("%q", 3)).toBe("UnknownFormatConversionException: Conversion = 'q'");
    expect(fmtErr("%-s", 3)).toBe("MissingFormatWidthException: %-s");
    expect(fmtErr("%.2d", 3)).toBe("IllegalFormatPrecisionException: 2");
    expect(fmtErr("%#s", 3)).toBe("FormatFlagsConversionMismatchException: Conversion = s, Flags = #");
    expect(fmtErr("%-05d", 3)).toBe("IllegalFormatFlagsException: Flags = '-0'");
    expect(fmtErr("%0d", 3)).toBe("MissingFormatWidthException: %0d");
    expect(fmtErr("abc%")).toBe("UnknownFormatConversionException: Conversion = '%'");
    expect(fmtErr("%3$s", "a")).toBe("MissingFormatArgumentException: Format specifier '%3$s'");
    expect(fmtErr("%d", 1.5)).toBe("IllegalFormatConversionException: d != java.lang.Double");
    expect(fmtErr("%--5d", 1)).toBe("DuplicateFormatFlagsException: Flags = '-'");
    expect(fmtErr("%+ d", 1)).toBe("IllegalFormatFlagsException: Flags = '+ '");
    expect(fmtErr("%<s", 1)).toBe("MissingFormatArgumentException: Format specifier '%<s'");
    expect(fmtErr("%+x", 1)).toBe("FormatFlagsConversionMismatchException: Conversion = x, Flags = +");
    expect(fmtErr("%,x", 1)).toBe("FormatFlagsConversionMismatchException: Conversion = x, Flags = ,");
    expect(fmtErr("%#d", 1)).toBe("FormatFlagsConversionMismatchException: Conversion = d, Flags = #");
    expect(fmtErr("%c", -1)).toBe("IllegalFormatCodePointException: Code point = 0xffffffff");
  });
  it("javaFormat is exported for direct use", () => {
    expect(javaFormat("%s-%d", ["a", 1])).toBe("a-1");
  });
});
