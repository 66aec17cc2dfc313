import { describe, expect, it } from "vitest";
import { JavaArray, JavaLong } from "../../values/boxes.js";
import { javaFormat } from "./formatter.js";
import { kit, show, thrown } from "./testkit.js";
import { TIME_CLASSES } from "./time.js";

const k = kit(TIME_CLASSES);
const LD = "java.time.LocalDate";
const LDT = "java.time.LocalDateTime";
const INS = "java.time.Instant";
const DOW = "java.time.DayOfWeek";
const CU = "java.time.temporal.ChronoUnit";
const TA = "java.time.temporal.TemporalAdjusters";
const DUR = "java.time.Duration";
const L = (n: bigint | number): JavaLong => new JavaLong(BigInt(n));
const date = (y: number, m: number, d: number): unknown => k.call(LD, "of", y, m, d);
const dt = (...a: number[]): unknown => k.call(LDT, "of", ...a);
const inst = (s: string): unknown => k.call(INS, "parse", s);
const milli = (n: number | bigint): unknown => k.call(INS, "ofEpochMilli", L(n));
const unit = (n: string): unknown => k.field(CU, n);
const dow = (n: string): unknown => k.field(DOW, n);
const str = (v: unknown): string => String(v);
const adj = (name: string, ...args: unknown[]): unknown => k.call(TA, name, ...args);
const withAdj = (d: unknown, name: string, ...args: unknown[]): string => str(k.invoke(d, "with", adj(name, ...args)));
const dur = (name: string, ...args: unknown[]): unknown => k.call(DUR, name, ...args);

// Expected values: Spring SpEL 4.3 on Java 17 (the conformance oracle).
describe("java.time.LocalDate", () => {
  it("creates, validates and prints", () => {
    expect(str(k.invoke(date(2024, 1, 31), "plusDays", L(1)))).toBe("2024-02-01");
    expect(str(k.invoke(k.call(LD, "parse", "2024-02-28"), "plusDays", L(1)))).toBe("2024-02-29");
    expect(thrown(() => date(2023, 2, 29))).toBe("DateTimeException: Invalid date 'February 29' as '2023' is not a leap year");
    expect(thrown(() => date(2023, 2, 30))).toBe("DateTimeException: Invalid date 'FEBRUARY 30'");
    expect(thrown(() => date(2023, 13, 1))).toBe("DateTimeException: Invalid value for MonthOfYear (valid values 1 - 12): 13");
    expect(thrown(() => date(2023, 4, 31))).toBe("DateTimeException: Invalid date 'APRIL 31'");
    expect(thrown(() => date(2023, 1, 32))).toBe("DateTimeException: Invalid value for DayOfMonth (valid values 1 - 28/31): 32");
    expect(str(date(10000, 1, 1))).toBe("+10000-01-01");
    expect(str(date(-5, 1, 1))).toBe("-0005-01-01");
    expect(show(k.invoke(date(2024, 1, 1), "toString"))).toBe("string:2024-01-01");
    expect(str(k.call(LD, "now"))).toBe("2024-03-15");
    expect(str(k.field(LD, "EPOCH"))).toBe("1970-01-01");
  });
  it("parses ISO dates with Java's errors", () => {
    expect(thrown(() => k.call(LD, "parse", "2024-1-01"))).toBe("DateTimeParseException: Text '2024-1-01' could not be parsed at index 5");
    expect(thrown(() => k.call(LD, "parse", "2024-13-01"))).toBe(
      "DateTimeParseException: Text '2024-13-01' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13",
    );
    expect(thrown(() => k.call(LD, "parse", "2024-02-30"))).toBe(
      "DateTimeParseException: Text '2024-02-30' could not be parsed: Invalid date 'FEBRUARY 30'",
    );
    expect(thrown(() => k.call(LD, "parse", "2024-01-02x"))).toBe(
      "DateTimeParseException: Text '2024-01-02x' could not be parsed, unparsed text found at index 10",
    );
  });
  it("arithmetic and fields", () => {
    expect(str(k.invoke(date(2024, 1, 31), "plusMonths", L(1)))).toBe("2024-02-29");
    expect(str(k.invoke(date(2024, 2, 29), "plusYears", L(1)))).toBe("2025-02-28");
    expect(str(k.invoke(date(2024, 1, 31), "plusWeeks", L(2)))).toBe("2024-02-14");
    expect(str(k.invoke(date(2024, 3, 31), "minusMonths", L(1)))).toBe("2024-02-29");
    expect(str(k.invoke(date(2024, 3, 1), "minusDays", L(1)))).toBe("2024-02-29");
    expect(str(k.invoke(date(2024, 3, 1), "minusWeeks", L(1)))).toBe("2024-02-23");
    expect(str(k.invoke(date(2024, 2, 29), "minusYears", L(4)))).toBe("2020-02-29");
    expect(str(k.invoke(date(2024, 1, 1), "plus", L(2), unit("DECADES")))).toBe("2044-01-01");
    expect(str(k.invoke(date(2024, 1, 1), "minus", L(1), unit("WEEKS")))).toBe("2023-12-25");
    expect(thrown(() => k.invoke(date(2024, 1, 1), "plus", L(1), unit("HOURS")))).toBe("UnsupportedTemporalTypeException: Unsupported unit: Hours");
    expect(str(k.call(LD, "ofYearDay", 2024, 60)) + str(k.call(LD, "ofEpochDay", L(19000)))).toBe("2024-02-292022-01-08");
    expect(show(k.invoke(date(2024, 3, 1), "getDayOfYear"))).toBe("int:61");
    expect(show(k.invoke(date(2023, 2, 1), "lengthOfMonth"))).toBe("int:28");
    expect(show(k.invoke(date(2024, 2, 1), "lengthOfYear"))).toBe("int:366");
    expect(show(k.invoke(date(2024, 2, 1), "isLeapYear"))).toBe("boolean:true");
    expect(show(k.invoke(date(2024, 2, 3), "getYear"))).toBe("int:2024");
    expect(show(k.invoke(date(2024, 2, 3), "getMonthValue"))).toBe("int:2");
    expect(show(k.invoke(date(2024, 2, 3), "getDayOfMonth"))).toBe("int:3");
    expect(str(k.invoke(date(2024, 1, 1), "getDayOfWeek"))).toBe("MONDAY");
    expect(show(k.invoke(date(2022, 1, 8), "toEpochDay"))).toBe("long:19000");
    expect(str(k.invoke(date(2024, 1, 31), "withMonth", 2))).toBe("2024-02-29");
    expect(str(k.invoke(date(2024, 2, 29), "withYear", 2023))).toBe("2023-02-28");
    expect(str(k.invoke(date(2024, 1, 31), "withDayOfYear", 366))).toBe("2024-12-31");
    expect(str(k.invoke(date(2024, 1, 31), "withDayOfMonth", 5))).toBe("2024-01-05");
    expect(str(k.invoke(date(2024, 1, 1), "with", dow("SUNDAY")))).toBe("2024-01-07");
    expect(str(k.invoke(date(2024, 1, 1), "atStartOfDay"))).toBe("2024-01-01T00:00");
    expect(str(k.invoke(date(2024, 1, 1), "atTime", 10, 5)) + str(k.invoke(date(2024, 1, 1), "atTime", 10, 5, 7))).toBe(
      "2024-01-01T10:052024-01-01T10:05:07",
    );
    expect(show(k.invoke(date(2024, 1, 1), "until", date(2025, 3, 4), unit("MONTHS")))).toBe("long:14");
  });
  it("compares, equals, hashes", () => {
    expect(show(k.invoke(date(2024, 1, 1), "compareTo", date(2021, 5, 1)))).toBe("int:3");
    expect(show(k.invoke(date(2024, 1, 1), "hashCode"))).toBe("int:4145217");
    expect(show(k.invoke(date(2024, 1, 1), "isBefore", date(2024, 1, 2)))).toBe("boolean:true");
    expect(show(k.invoke(date(2024, 1, 1), "isAfter", date(2024, 1, 2)))).toBe("boolean:false");
    expect(show(k.invoke(date(2024, 1, 1), "isEqual", date(2024, 1, 1)))).toBe("boolean:true");
    expect(show(k.invoke(date(2024, 1, 1), "equals", date(2024, 1, 1)))).toBe("boolean:true");
    expect(show(k.invoke(date(2024, 1, 1), "equals", "2024-01-01"))).toBe("boolean:false");
  });
  it("applies TemporalAdjusters", () => {
    const d = date(2024, 1, 15);
    expect(withAdj(d, "lastDayOfMonth")).toBe("2024-01-31");
    expect(withAdj(d, "firstDayOfNextMonth")).toBe("2024-02-01");
    expect(withAdj(d, "next", dow("MONDAY"))).toBe("2024-01-22");
    expect(withAdj(d, "nextOrSame", dow("MONDAY"))).toBe("2024-01-15");
    expect(withAdj(d, "previous", dow("MONDAY"))).toBe("2024-01-08");
    expect(withAdj(d, "previousOrSame", dow("SUNDAY"))).toBe("2024-01-14");
    expect(withAdj(d, "firstInMonth", dow("FRIDAY"))).toBe("2024-01-05");
    expect(withAdj(d, "lastInMonth", dow("FRIDAY"))).toBe("2024-01-26");
    expect(withAdj(d, "dayOfWeekInMonth", 2, dow("TUESDAY"))).toBe("2024-01-09");
    expect(withAdj(d, "dayOfWeekInMonth", 0, dow("TUESDAY"))).toBe("2023-12-26");
    expect(withAdj(d, "dayOfWeekInMonth", -2, dow("TUESDAY"))).toBe("2024-01-23");
    const m = date(2024, 3, 15);
    expect(withAdj(m, "lastDayOfYear") + withAdj(m, "firstDayOfYear") + withAdj(m, "firstDayOfNextYear") + withAdj(m, "firstDayOfMonth")).toBe(
      "2024-12-312024-01-012025-01-012024-03-01",
    );
    expect(withAdj(dt(2024, 1, 15, 10, 30), "lastDayOfMonth")).toBe("2024-01-31T10:30");
    expect(str(adj("next", dow("MONDAY")))).toMatch(/^java\.time\.temporal\.TemporalAdjusters\$\$Lambda/);
    expect(k.registry.methods(TA, "next")[0]!.returns).toBe("java.time.temporal.TemporalAdjuster");
  });
});

describe("java.time.LocalDateTime", () => {
  it("prints with Java's trimming", () => {
    expect(str(k.call(LDT, "parse", "2024-01-02T03:04"))).toBe("2024-01-02T03:04");
    expect(str(dt(2024, 1, 2, 3, 4, 5, 100000000))).toBe("2024-01-02T03:04:05.100");
    expect(str(dt(2024, 1, 2, 3, 4, 0, 1000))).toBe("2024-01-02T03:04:00.000001");
    expect(str(k.call(LDT, "parse", "2024-01-02T03:04:05.123456"))).toBe("2024-01-02T03:04:05.123456");
    expect(str(k.call(LDT, "now"))).toBe("2024-03-15T12:34:56.789");
  });
  it("validates and parses", () => {
    expect(thrown(() => dt(2024, 1, 1, 25, 0))).toBe("DateTimeException: Invalid value for HourOfDay (valid values 0 - 23): 25");
    expect(thrown(() => k.call(LDT, "parse", "2024-01-02 03:04"))).toBe(
      "DateTimeParseException: Text '2024-01-02 03:04' could not be parsed at index 10",
    );
    expect(thrown(() => k.call(LDT, "parse", "2024-01-02T03:04:60"))).toBe(
      "DateTimeParseException: Text '2024-01-02T03:04:60' could not be parsed: Invalid value for SecondOfMinute (valid values 0 - 59): 60",
    );
  });
  it("arithmetic and fields", () => {
    expect(str(k.invoke(dt(2024, 1, 31, 23, 59, 59), "plusSeconds", L(1)))).toBe("2024-02-01T00:00");
    expect(str(k.invoke(k.invoke(dt(2024, 1, 31, 23, 59), "minusHours", L(24)), "getDayOfWeek"))).toBe("TUESDAY");
    expect(str(k.invoke(dt(2024, 1, 2, 3, 4, 5, 6), "truncatedTo", unit("MINUTES")))).toBe("2024-01-02T03:04");
    const x = dt(2024, 1, 2, 3, 4, 5, 6);
    expect([
      "getYear",
      "getMonthValue",
      "getDayOfMonth",
      "getHour",
      "getMinute",
      "getSecond",
      "getNano",
      "getDayOfYear",
    ].map((m) => show(k.invoke(x, m)))).toEqual(["int:2024", "int:1", "int:2", "int:3", "int:4", "int:5", "int:6", "int:2"]);
    expect(str(k.invoke(x, "toLocalDate"))).toBe("2024-01-02");
    expect(str(k.invoke(x, "plusDays", L(30)))).toBe("2024-02-01T03:04:05.000000006");
    expect(str(k.invoke(x, "plusWeeks", L(1)))).toBe("2024-01-09T03:04:05.000000006");
    expect(str(k.invoke(x, "plusMonths", L(1)))).toBe("2024-02-02T03:04:05.000000006");
    expect(str(k.invoke(x, "plusYears", L(1)))).toBe("2025-01-02T03:04:05.000000006");
    expect(str(k.invoke(x, "plusHours", L(21)))).toBe("2024-01-03T00:04:05.000000006");
    expect(str(k.invoke(x, "plusMinutes", L(56)))).toBe("2024-01-02T04:00:05.000000006");
    expect(str(k.invoke(x, "plusNanos", L(-6)))).toBe("2024-01-02T03:04:05");
    expect(str(k.invoke(x, "minusDays", L(2)))).toBe("2023-12-31T03:04:05.000000006");
    expect(str(k.invoke(x, "minusWeeks", L(1)))).toBe("2023-12-26T03:04:05.000000006");
    expect(str(k.invoke(x, "minusMonths", L(1)))).toBe("2023-12-02T03:04:05.000000006");
    expect(str(k.invoke(x, "minusYears", L(1)))).toBe("2023-01-02T03:04:05.000000006");
    expect(str(k.invoke(x, "minusMinutes", L(5)))).toBe("2024-01-02T02:59:05.000000006");
    expect(str(k.invoke(x, "minusSeconds", L(5)))).toBe("2024-01-02T03:04:00.000000006");
    expect(str(k.invoke(x, "minusNanos", L(6)))).toBe("2024-01-02T03:04:05");
    expect(str(k.invoke(x, "plus", L(3), unit("HALF_DAYS")))).toBe("2024-01-03T15:04:05.000000006");
    expect(str(k.invoke(x, "minus", L(1), unit("MONTHS")))).toBe("2023-12-02T03:04:05.000000006");
    expect(str(k.invoke(x, "withHour", 0))).toBe("2024-01-02T00:04:05.000000006");
    expect(str(k.invoke(x, "withMinute", 0))).toBe("2024-01-02T03:00:05.000000006");
    expect(str(k.invoke(x, "withSecond", 0))).toBe("2024-01-02T03:04:00.000000006");
    expect(str(k.invoke(x, "withNano", 0))).toBe("2024-01-02T03:04:05");
    expect(str(k.invoke(x, "withDayOfMonth", 9))).toBe("2024-01-09T03:04:05.000000006");
    expect(show(k.invoke(dt(2024, 1, 2, 3, 4), "hashCode"))).toBe("int:1937246792");
    expect(show(k.invoke(dt(2024, 1, 2, 3, 4), "until", dt(2024, 1, 3, 2, 4), unit("DAYS")))).toBe("long:0");
    expect(show(k.invoke(dt(2024, 1, 2, 3, 4), "isBefore", dt(2024, 1, 3, 2, 4)))).toBe("boolean:true");
    expect(show(k.invoke(dt(2024, 1, 2, 3, 4), "isAfter", dt(2024, 1, 3, 2, 4)))).toBe("boolean:false");
    expect(show(k.invoke(dt(2024, 1, 2, 3, 4), "isEqual", dt(2024, 1, 2, 3, 4)))).toBe("boolean:true");
    expect(show(k.invoke(dt(2024, 1, 2, 3, 4), "compareTo", dt(2024, 1, 2, 3, 5)))).toBe("int:-1");
    expect(str(k.invoke(dt(2024, 1, 2, 3, 4), "plus", dur("ofHours", L(1))))).toBe("2024-01-02T04:04");
    expect(str(k.invoke(dt(2024, 1, 2, 3, 4), "minus", dur("ofHours", L(4))))).toBe("2024-01-01T23:04");
  });
});

describe("java.time.Instant", () => {
  it("prints ISO-8601 like Java", () => {
    expect(str(milli(0))).toBe("1970-01-01T00:00:00Z");
    expect(str(milli(100))).toBe("1970-01-01T00:00:00.100Z");
    expect(str(milli(-1))).toBe("1969-12-31T23:59:59.999Z");
    expect(str(inst("2024-01-02T03:04:05+01:00"))).toBe("2024-01-02T02:04:05Z");
    expect(str(inst("2024-01-02T03:04:05.123456789Z"))).toBe("2024-01-02T03:04:05.123456789Z");
    expect(show(k.invoke(inst("2024-01-02T03:04:05.12Z"), "toEpochMilli"))).toBe("long:1704164645120");
    expect(thrown(() => inst("2024-01-02"))).toBe("DateTimeParseException: Text '2024-01-02' could not be parsed at index 10");
    expect(str(k.call(INS, "now"))).toBe("2024-03-15T12:34:56.789Z");
    expect(str(k.field(INS, "EPOCH"))).toBe("1970-01-01T00:00:00Z");
  });
  it("arithmetic and comparisons", () => {
    const e100 = k.call(INS, "ofEpochSecond", L(100));
    expect(str(k.invoke(e100, "minusMillis", L(1)))).toBe("1970-01-01T00:01:39.999Z");
    expect(str(k.invoke(e100, "plus", L(1), unit("DAYS")))).toBe("1970-01-02T00:01:40Z");
    expect(str(k.invoke(e100, "plusSeconds", L(20)))).toBe("1970-01-01T00:02:00Z");
    expect(str(k.invoke(e100, "plusMillis", L(5)))).toBe("1970-01-01T00:01:40.005Z");
    expect(str(k.invoke(e100, "plusNanos", L(5)))).toBe("1970-01-01T00:01:40.000000005Z");
    expect(str(k.invoke(e100, "minusSeconds", L(100)))).toBe("1970-01-01T00:00:00Z");
    expect(str(k.invoke(e100, "minusNanos", L(1)))).toBe("1970-01-01T00:01:39.999999999Z");
    expect(str(k.invoke(e100, "minus", L(1), unit("MINUTES")))).toBe("1970-01-01T00:00:40Z");
    expect(str(k.invoke(milli(0), "plus", dur("ofHours", L(1))))).toBe("1970-01-01T01:00:00Z");
    expect(str(k.invoke(milli(0), "minus", dur("ofHours", L(1))))).toBe("1969-12-31T23:00:00Z");
    expect(thrown(() => k.invoke(milli(0), "plus", L(1), unit("MONTHS")))).toBe("UnsupportedTemporalTypeException: Unsupported unit: Months");
    const neg = k.call(INS, "ofEpochSecond", L(-1), L(5));
    expect([show(k.invoke(neg, "getNano")), show(k.invoke(neg, "getEpochSecond")), show(k.invoke(neg, "toEpochMilli"))]).toEqual([
      "int:5",
      "long:-1",
      "long:-1000",
    ]);
    expect(str(k.invoke(milli(1710506096789n), "truncatedTo", unit("HOURS")))).toBe("2024-03-15T12:00:00Z");
    expect(show(k.invoke(k.call(INS, "ofEpochSecond", L(1), L(500)), "hashCode"))).toBe("int:25501");
    expect(show(k.invoke(k.call(INS, "ofEpochSecond", L(1)), "compareTo", k.call(INS, "ofEpochSecond", L(1), L(7))))).toBe("int:-7");
    expect(show(k.invoke(milli(1), "isBefore", milli(2)))).toBe("boolean:true");
    expect(show(k.invoke(milli(1), "isAfter", milli(2)))).toBe("boolean:false");
    expect(show(k.invoke(milli(1), "equals", milli(1)))).toBe("boolean:true");
    expect(show(k.invoke(milli(0), "until", milli(7200000), unit("HOURS")))).toBe("long:2");
  });
});

describe("DayOfWeek and ChronoUnit", () => {
  it("DayOfWeek", () => {
    expect(str(k.invoke(dow("MONDAY"), "plus", L(8)))).toBe("TUESDAY");
    expect(thrown(() => k.call(DOW, "of", 8))).toBe("DateTimeException: Invalid value for DayOfWeek: 8");
    expect(thrown(() => k.call(DOW, "valueOf", "FOO"))).toBe("IllegalArgumentException: No enum constant java.time.DayOfWeek.FOO");
    expect(str(k.invoke(dow("SUNDAY"), "minus", L(8)))).toBe("SATURDAY");
    expect((k.call(DOW, "values") as JavaArray).items.length).toBe(7);
    expect(show(k.invoke(dow("FRIDAY"), "getValue"))).toBe("int:5");
    expect(show(k.invoke(dow("FRIDAY"), "ordinal"))).toBe("int:4");
    expect(show(k.invoke(dow("FRIDAY"), "compareTo", dow("MONDAY")))).toBe("int:4");
    expect(show(k.invoke(dow("FRIDAY"), "name"))).toBe("string:FRIDAY");
    expect(show(k.invoke(dow("FRIDAY"), "toString"))).toBe("string:FRIDAY");
    expect(str(k.call(DOW, "valueOf", "MONDAY"))).toBe("MONDAY");
    expect(str(k.call(DOW, "from", date(2024, 1, 1)))).toBe("MONDAY");
    expect(show(k.invoke(dow("FRIDAY"), "equals", dow("FRIDAY")))).toBe("boolean:true");
  });
  it("ChronoUnit.between", () => {
    const between = (u: string, a: unknown, b: unknown): string => show(k.invoke(unit(u), "between", a, b));
    expect(show(k.invoke(unit("DAYS"), "toString"))).toBe("string:Days");
    expect(between("MONTHS", date(2024, 1, 31), date(2024, 2, 29))).toBe("long:0");
    expect(thrown(() => k.invoke(unit("HOURS"), "between", date(2024, 1, 31), date(2024, 2, 29)))).toBe(
      "UnsupportedTemporalTypeException: Unsupported unit: Hours",
    );
    expect(between("DAYS", milli(0), k.call(INS, "ofEpochSecond", L(200000)))).toBe("long:2");
    expect(between("DAYS", date(2024, 1, 1), dt(2024, 1, 5, 1, 0))).toBe("long:4");
    expect(thrown(() => k.invoke(unit("DAYS"), "between", dt(2024, 1, 5, 1, 0), date(2024, 1, 1)))).toBe(
      "DateTimeException: Unable to obtain LocalDateTime from TemporalAccessor: 2024-01-01 of type java.time.LocalDate",
    );
    expect(thrown(() => k.invoke(k.call(INS, "ofEpochSecond", L(0)), "until", date(2024, 1, 3), unit("DAYS")))).toBe(
      "DateTimeException: Unable to obtain Instant from TemporalAccessor: 2024-01-03 of type java.time.LocalDate",
    );
    expect(between("HOURS", dt(2024, 1, 1, 10, 0), dt(2024, 1, 2, 9, 59))).toBe("long:23");
    expect(between("MINUTES", inst("2024-01-01T00:00:00Z"), inst("2023-12-31T23:58:30.5Z"))).toBe("long:-1");
    expect(between("MILLIS", k.call(INS, "ofEpochSecond", L(0), L(1500000)), k.call(INS, "ofEpochSecond", L(1)))).toBe("long:999");
    expect(between("YEARS", date(2000, 2, 29), date(2024, 2, 28))).toBe("long:23");
    expect(between("WEEKS", date(2024, 1, 1), date(2023, 12, 1))).toBe("long:-4");
    expect(show(k.invoke(unit("HALF_DAYS"), "toString"))).toBe("string:HalfDays");
    expect(str(k.invoke(unit("MONTHS"), "getDuration")) + str(k.invoke(unit("FOREVER"), "getDuration"))).toBe(
      "PT730H29M6SPT2562047788015215H30M7.999999999S",
    );
    expect(str(k.invoke(unit("DAYS"), "getDuration"))).toBe("PT24H");
    expect(show(k.invoke(k.call(CU, "valueOf", "DAYS"), "name"))).toBe("string:DAYS");
    expect(show(k.invoke(unit("DAYS"), "isDateBased"))).toBe("boolean:true");
    expect(show(k.invoke(unit("DAYS"), "isTimeBased"))).toBe("boolean:false");
    expect(show(k.invoke(unit("DAYS"), "isDurationEstimated"))).toBe("boolean:true");
    expect((k.call(CU, "values") as JavaArray).items.length).toBe(16);
  });
});

describe("java.time.Duration (plain SpEL)", () => {
  it("prints ISO-8601 like Java", () => {
    expect(str(dur("ofMinutes", L(90)))).toBe("PT1H30M");
    expect(str(dur("ofSeconds", L(-90), L(5)))).toBe("PT-1M-29.999999995S");
    expect(str(dur("ofMillis", L(1500))) + str(dur("ofDays", L(2))) + str(k.field(DUR, "ZERO")) + str(dur("ofMillis", L(-1500)))).toBe(
      "PT1.5SPT48HPT0SPT-1.5S",
    );
    expect(str(dur("between", milli(0), milli(5400500)))).toBe("PT1H30M0.5S");
    expect(thrown(() => dur("between", date(2024, 1, 1), date(2024, 1, 2)))).toBe("UnsupportedTemporalTypeException: Unsupported unit: Seconds");
    expect(str(dur("parse", "P1DT2H3M4.5S")) + " " + str(dur("parse", "-PT6H3M")) + " " + str(k.invoke(dur("ofHours", L(25)), "plusMinutes", L(1)))).toBe(
      "PT26H3M4.5S PT-6H-3M PT25H1M",
    );
    expect(thrown(() => dur("parse", "PT"))).toBe("DateTimeParseException: Text cannot be parsed to a Duration");
  });
  it("arithmetic and accessors", () => {
    const d90 = dur("ofMinutes", L(90));
    expect(["toMinutes", "toMillis", "getSeconds", "toHours"].map((m) => show(k.invoke(d90, m)))).toEqual([
      "long:90",
      "long:5400000",
      "long:5400",
      "long:1",
    ]);
    expect(show(k.invoke(dur("ofSeconds", L(10)), "compareTo", dur("ofSeconds", L(3))))).toBe("int:1");
    expect(
      str(k.invoke(k.invoke(dur("ofDays", L(1)), "multipliedBy", L(3)), "dividedBy", L(2))) +
        str(k.invoke(dur("ofMillis", L(-1)), "abs")) +
        str(k.invoke(dur("ofSeconds", L(-5)), "negated")) +
        str(k.invoke(dur("ofSeconds", L(30)), "minus", dur("ofMinutes", L(1)))),
    ).toBe("PT36HPT0.001SPT5SPT-30S");
    const m15 = dur("ofMillis", L(-1500));
    expect([show(k.invoke(dur("ofMinutes", L(-90)), "toMinutes")), show(k.invoke(m15, "getSeconds")), show(k.invoke(m15, "getNano")), show(k.invoke(m15, "toMillis"))]).toEqual([
      "long:-90",
      "long:-2",
      "int:500000000",
      "long:-1500",
    ]);
    expect(str(k.invoke(dur("ofHours", L(1)), "plus", dur("ofSeconds", L(1))))).toBe("PT1H1S");
    expect(show(k.invoke(dur("ofDays", L(3)), "toDays"))).toBe("long:3");
    expect(show(k.invoke(dur("ofNanos", L(5)), "toNanos"))).toBe("long:5");
    expect(show(k.invoke(dur("ofSeconds", L(5)), "toSeconds"))).toBe("long:5");
    expect(show(k.invoke(k.field(DUR, "ZERO"), "isZero"))).toBe("boolean:true");
    expect(show(k.invoke(m15, "isNegative"))).toBe("boolean:true");
    expect(str(k.call(DUR, "of", L(3), unit("HOURS")))).toBe("PT3H");
    expect(str(k.invoke(dur("ofHours", L(1)), "plusDays", L(1)))).toBe("PT25H");
    expect(str(k.invoke(dur("ofHours", L(1)), "plusHours", L(1)))).toBe("PT2H");
    expect(str(k.invoke(dur("ofHours", L(1)), "plusSeconds", L(1)))).toBe("PT1H1S");
    expect(str(k.invoke(dur("ofHours", L(1)), "plusMillis", L(1)))).toBe("PT1H0.001S");
    expect(str(k.invoke(dur("ofDays", L(2)), "minusDays", L(1)))).toBe("PT24H");
    expect(str(k.invoke(dur("ofHours", L(2)), "minusHours", L(1)))).toBe("PT1H");
    expect(str(k.invoke(dur("ofHours", L(1)), "minusMinutes", L(30)))).toBe("PT30M");
    expect(str(k.invoke(dur("ofMinutes", L(1)), "minusSeconds", L(30)))).toBe("PT30S");
    expect(str(k.invoke(dur("ofSeconds", L(1)), "minusMillis", L(500)))).toBe("PT0.5S");
    expect(thrown(() => k.invoke(dur("ofSeconds", L(1)), "dividedBy", L(0)))).toBe("ArithmeticException: Cannot divide by zero");
  });
});

describe("%t formatting of java.time values", () => {
  it("uses the fields each type has", () => {
    expect(javaFormat("%tY", [date(2024, 1, 2)])).toBe("2024");
    expect(() => javaFormat("%tH", [date(2024, 1, 2)])).toThrow("H != java.time.LocalDate");
    expect(() => javaFormat("%tY %<tH", [milli(0)])).toThrow("Y != java.time.Instant");
  });
});
