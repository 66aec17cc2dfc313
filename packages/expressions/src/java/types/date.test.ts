import { describe, expect, it } from "vitest";
import { JavaLong } from "../../values/boxes.js";
import { DATE_CLASSES } from "./date.js";
import { javaFormat } from "./formatter.js";
import { kit, show, thrown } from "./testkit.js";
import { TIME_CLASSES } from "./time.js";

const k = kit([...DATE_CLASSES, ...TIME_CLASSES]);
const D = "java.util.Date";
const F = "java.text.SimpleDateFormat";
const L = (n: bigint | number): JavaLong => new JavaLong(BigInt(n));
const T = 1710506096789n; // 2024-03-15T12:34:56.789Z
const date = (ms: bigint | number): unknown => k.make(D, L(ms));
const fmt = (pattern: string, ms: bigint | number = T): string => k.invoke(k.make(F, pattern), "format", date(ms)) as string;
const parse = (pattern: string, text: string): unknown => k.invoke(k.make(F, pattern), "parse", text);
const parsedMillis = (pattern: string, text: string): string => show(k.invoke(parse(pattern, text), "getTime"));

// Expected values: Spring SpEL 4.3 on Java 17 with -Duser.timezone=UTC (the conformance oracle).
describe("java.util.Date", () => {
  it("prints like Java in UTC", () => {
    expect(String(date(T))).toBe("Fri Mar 15 12:34:56 UTC 2024");
    expect(String(date(0))).toBe("Thu Jan 01 00:00:00 UTC 1970");
    expect(String(date(-1))).toBe("Wed Dec 31 23:59:59 UTC 1969");
    expect(show(k.invoke(date(T), "toString"))).toBe("string:Fri Mar 15 12:34:56 UTC 2024");
    expect(String(k.make(D))).toBe("Fri Mar 15 12:34:56 UTC 2024");
  });
  it("methods", () => {
    expect(show(k.invoke(date(0), "before", date(1)))).toBe("boolean:true");
    expect(show(k.invoke(date(0), "after", date(1)))).toBe("boolean:false");
    expect(show(k.invoke(date(5), "compareTo", date(1)))).toBe("int:1");
    expect(show(k.invoke(date(T), "hashCode"))).toBe("int:1109113115");
    expect(String(k.invoke(date(T), "toInstant"))).toBe("2024-03-15T12:34:56.789Z");
    expect(show(k.invoke(k.call(D, "from", k.call("java.time.Instant", "ofEpochSecond", L(5))), "getTime"))).toBe("long:5000");
    expect(["getYear", "getMonth", "getDate", "getDay", "getHours", "getMinutes", "getSeconds", "getTimezoneOffset"].map((m) => show(k.invoke(date(T), m)))).toEqual([
      "int:124",
      "int:2",
      "int:15",
      "int:5",
      "int:12",
      "int:34",
      "int:56",
      "int:0",
    ]);
    expect(show(k.invoke(date(T), "equals", date(T)))).toBe("boolean:true");
    expect(show(k.invoke(date(T), "getTime"))).toBe("long:1710506096789");
    expect(javaFormat("%tF %<tT", [date(T)])).toBe("2024-03-15 12:34:56");
  });
});

describe("java.text.SimpleDateFormat", () => {
  it("formats every pattern letter", () => {
    expect(k.invoke(k.make(F, "yyyy-MM-dd"), "format", date(0))).toBe("1970-01-01");
    expect(fmt("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toBe("2024-03-15T12:34:56.789+0000");
    expect(fmt("EEE, d MMM yyyy hh:mm a z")).toBe("Fri, 15 Mar 2024 12:34 PM UTC");
    expect(fmt("EEEE MMMM yy D F w W u k K S X XX XXX zzzz G")).toBe("Friday March 24 75 3 11 3 5 12 0 789 Z Z Z Coordinated Universal Time AD");
    expect(fmt("y yy yyy yyyyy M MM MMM S SS SSSS h H", 1000n * 86400000n)).toBe("1972 72 1972 01972 9 09 Sep 0 00 0000 12 0");
    expect(fmt("y yy yyy yyyyy M MM MMM S SS SSSS h H")).toBe("2024 24 2024 02024 3 03 Mar 789 789 0789 12 12");
    expect(k.invoke(k.make(F, "yyyy-MM-dd"), "format", L(0))).toBe("1970-01-01");
    expect(thrown(() => k.invoke(k.make(F, "yyyy-MM-dd"), "format", "x"))).toBe("IllegalArgumentException: Cannot format given Object as a Date");
    expect(fmt("'at' HH 'o''clock' ''")).toBe("at 12 o'clock '");
  });
  it("rejects bad patterns", () => {
    expect(thrown(() => k.make(F, "qq"))).toBe("IllegalArgumentException: Illegal pattern character 'q'");
    expect(thrown(() => k.make(F, "yyyy'T"))).toBe("IllegalArgumentException: Unterminated quote");
  });
  it("parses leniently like Java", () => {
    expect(parsedMillis("yyyy-MM-dd", "2024-03-15")).toBe("long:1710460800000");
    expect(String(parse("yyyy-MM-dd HH:mm", "2024-02-30 25:61"))).toBe("Sat Mar 02 02:01:00 UTC 2024");
    expect(thrown(() => parse("yyyy-MM-dd", "garbage"))).toBe('ParseException: Unparseable date: "garbage"');
    expect(thrown(() => parse("yyyy-MM-dd", "-5"))).toBe('ParseException: Unparseable date: "-5"');
    expect(parsedMillis("yyyyMMddHHmmss", "20240315123456")).toBe("long:1710506096000");
    expect(parsedMillis("dd MMM yyyy", "15 Mar 2024")).toBe("long:1710460800000");
    expect(parsedMillis("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-03-15T12:00:00+02:00")).toBe("long:1710496800000");
    expect(parsedMillis("yyyy-MM-dd HH:mm:ss z", "2024-03-15 12:00:00 PST")).toBe("long:1710532800000");
    expect(String(parse("MM/dd/yy", "03/15/24"))).toBe("Fri Mar 15 00:00:00 UTC 2024");
    expect(String(parse("yy", "99"))).toBe("Fri Jan 01 00:00:00 UTC 1999");
    expect(String(parse("MMM", "march"))).toBe("Sun Mar 01 00:00:00 UTC 1970");
    expect(parsedMillis("yyyy-MM-dd", "2024-03-15junk")).toBe("long:1710460800000");
    expect(parsedMillis("h:mm a", "3:05 PM")).toBe("long:54300000");
    expect(parsedMillis("EEE MMM dd HH:mm:ss zzz yyyy", "Fri Mar 15 12:34:56 UTC 2024")).toBe("long:1710506096000");
    expect(parsedMillis("yyyy-MM-dd", "2024-3-5")).toBe("long:1709596800000");
    expect(parsedMillis("yyyy-MM-dd", " 2024-03-05")).toBe("long:1709596800000");
    expect(parsedMillis("yyyy-MM-dd Z", "2024-03-05 -0130")).toBe("long:1709602200000");
  });
  it("strict mode, pattern and identity", () => {
    const f = k.make(F, "yyyy-MM-dd");
    expect(show(k.invoke(f, "isLenient"))).toBe("boolean:true");
    k.invoke(f, "setLenient", false);
    expect(thrown(() => k.invoke(f, "parse", "2024-02-30"))).toBe('ParseException: Unparseable date: "2024-02-30"');
    expect(show(k.invoke(f, "toPattern"))).toBe("string:yyyy-MM-dd");
    expect(show(k.invoke(k.make(F, "yyyy-MM-dd"), "hashCode"))).toBe("int:-159776256");
    expect(String(k.make(F, "yyyy-MM-dd"))).toBe("java.text.SimpleDateFormat@f67a0200");
    expect(show(k.invoke(k.make(F, "yyyy"), "equals", k.make(F, "yyyy")))).toBe("boolean:true");
    expect(k.invoke(k.make(F), "format", date(T))).toBe("3/15/24, 12:34 PM");
  });
});
