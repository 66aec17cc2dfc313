/**
 * `java.time`: `LocalDate`, `LocalDateTime`, `Instant`, the `DayOfWeek` and `ChronoUnit` enums,
 * `TemporalAdjusters`, and (plain SpEL only) `Duration`. All in UTC; "now" is `env.now()`.
 * Errors are Java's (`DateTimeException`, `DateTimeParseException`,
 * `UnsupportedTemporalTypeException`) with Java's messages.
 * @module
 */
import { JavaArray, JavaInstance } from "../../values/boxes.js";
import type { InvocationEnv, JavaClassDef, JavaMethod } from "../class.js";
import type { FormattableTemporal } from "./formatter.js";
import {
  arithmetic,
  argInt,
  argLong,
  argString,
  illegalArgument,
  javaException,
  long,
  method,
  sign,
  staticMethod,
} from "./util.js";

const LD = "java.time.LocalDate";
const LDT = "java.time.LocalDateTime";
const INS = "java.time.Instant";
const DOW = "java.time.DayOfWeek";
const CU = "java.time.temporal.ChronoUnit";
const TA = "java.time.temporal.TemporalAdjusters";
const ADJ = "java.time.temporal.TemporalAdjuster";
const DUR = "java.time.Duration";
const TEMPORAL = "java.time.temporal.Temporal";
const UNIT = "java.time.temporal.TemporalUnit";
const AMOUNT = "java.time.temporal.TemporalAmount";
const S = "java.lang.String";
const CS = "java.lang.CharSequence";

const NANOS_PER_SECOND = 1_000_000_000;
const NANOS_PER_DAY = 86_400n * 1_000_000_000n;
const MONTH_NAMES = [
  "JANUARY",
  "FEBRUARY",
  "MARCH",
  "APRIL",
  "MAY",
  "JUNE",
  "JULY",
  "AUGUST",
  "SEPTEMBER",
  "OCTOBER",
  "NOVEMBER",
  "DECEMBER",
];
const DOW_NAMES = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** `DateTimeException` with Java's message. */
export function dateTimeError(message: string): Error {
  return javaException("DateTimeException", message);
}

function unsupportedUnit(unit: ChronoUnitV): Error {
  return javaException("UnsupportedTemporalTypeException", `Unsupported unit: ${unit.toString()}`);
}

function parseError(text: string, index: number): Error {
  return javaException("DateTimeParseException", `Text '${text}' could not be parsed at index ${index}`);
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function floorMod(a: number, b: number): number {
  return a - Math.floor(a / b) * b;
}

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in a month. */
export function monthLength(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Epoch day of a civil date. */
export function epochDayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = floorDiv(yy, 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of an epoch day. */
export function civilOf(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function checkField(name: string, v: number, min: number, max: number, range = `${min} - ${max}`): number {
  if (!Number.isInteger(v) || v < min || v > max) throw dateTimeError(`Invalid value for ${name} (valid values ${range}): ${v}`);
  return v;
}

const YEAR_MAX = 999_999_999;

function checkYear(y: number): number {
  return checkField("Year", y, -YEAR_MAX, YEAR_MAX);
}

function pad(n: number, w: number): string {
  return String(Math.abs(n)).padStart(w, "0");
}

// ---------------------------------------------------------------------------------------------
// DayOfWeek and ChronoUnit

/** An emulated `java.time.DayOfWeek` constant. */
export class DayOfWeekV extends JavaInstance {
  readonly javaClassName = DOW;
  /** @param value ISO day number, 1 (Monday) to 7 (Sunday) */
  constructor(readonly value: number) {
    super();
  }
  /** The constant's name, e.g. `MONDAY`. */
  name(): string {
    return DOW_NAMES[this.value - 1]!;
  }
  override toString(): string {
    return this.name();
  }
  /** Enum ordering. */
  compareTo(o: DayOfWeekV): number {
    return this.value - o.value;
  }
  /** Java's `DayOfWeek.plus(days)`. */
  plus(days: bigint): DayOfWeekV {
    return dayOfWeek(Number(BigInt.asIntN(64, ((BigInt(this.value - 1) + (days % 7n) + 7n) % 7n))) + 1);
  }
}

const DAYS_OF_WEEK = DOW_NAMES.map((_, i) => new DayOfWeekV(i + 1));

/** The `DayOfWeek` constant for an ISO day number (1 = Monday). */
export function dayOfWeek(value: number): DayOfWeekV {
  const d = DAYS_OF_WEEK[value - 1];
  if (!d) throw dateTimeError(`Invalid value for DayOfWeek: ${value}`);
  return d;
}

interface UnitSpec {
  name: string;
  display: string;
  /** Duration in seconds (`null` for FOREVER). */
  seconds: bigint;
  nanos: number;
  dateBased: boolean;
  /** Months for the month-based units. */
  months?: number;
}

const UNIT_SPECS: UnitSpec[] = [
  { name: "NANOS", display: "Nanos", seconds: 0n, nanos: 1, dateBased: false },
  { name: "MICROS", display: "Micros", seconds: 0n, nanos: 1000, dateBased: false },
  { name: "MILLIS", display: "Millis", seconds: 0n, nanos: 1_000_000, dateBased: false },
  { name: "SECONDS", display: "Seconds", seconds: 1n, nanos: 0, dateBased: false },
  { name: "MINUTES", display: "Minutes", seconds: 60n, nanos: 0, dateBased: false },
  { name: "HOURS", display: "Hours", seconds: 3600n, nanos: 0, dateBased: false },
  { name: "HALF_DAYS", display: "HalfDays", seconds: 43200n, nanos: 0, dateBased: false },
  { name: "DAYS", display: "Days", seconds: 86400n, nanos: 0, dateBased: true },
  { name: "WEEKS", display: "Weeks", seconds: 7n * 86400n, nanos: 0, dateBased: true },
  { name: "MONTHS", display: "Months", seconds: 31556952n / 12n, nanos: 0, dateBased: true, months: 1 },
  { name: "YEARS", display: "Years", seconds: 31556952n, nanos: 0, dateBased: true, months: 12 },
  { name: "DECADES", display: "Decades", seconds: 31556952n * 10n, nanos: 0, dateBased: true, months: 120 },
  { name: "CENTURIES", display: "Centuries", seconds: 31556952n * 100n, nanos: 0, dateBased: true, months: 1200 },
  { name: "MILLENNIA", display: "Millennia", seconds: 31556952n * 1000n, nanos: 0, dateBased: true, months: 12000 },
  { name: "ERAS", display: "Eras", seconds: 31556952n * 1_000_000_000n, nanos: 0, dateBased: true },
  { name: "FOREVER", display: "Forever", seconds: 2n ** 63n - 1n, nanos: 999_999_999, dateBased: false },
];

/** An emulated `java.time.temporal.ChronoUnit` constant. */
export class ChronoUnitV extends JavaInstance {
  readonly javaClassName = CU;
  /** @param spec the unit's definition @param ordinal enum position */
  constructor(
    readonly spec: UnitSpec,
    readonly ordinal: number,
  ) {
    super();
  }
  /** Java's `toString()`: the display name (`Days`). */
  override toString(): string {
    return this.spec.display;
  }
  /** The unit's length in nanoseconds (FOREVER excluded). */
  get nanos(): bigint {
    return this.spec.seconds * 1_000_000_000n + BigInt(this.spec.nanos);
  }
  /** True for a time-based unit (NANOS .. HALF_DAYS). */
  get timeBased(): boolean {
    return this.ordinal < 7;
  }
}

const UNITS = UNIT_SPECS.map((s, i) => new ChronoUnitV(s, i));

function unitNamed(name: string): ChronoUnitV {
  const u = UNITS.find((x) => x.spec.name === name);
  if (!u) throw illegalArgument(`No enum constant ${CU}.${name}`);
  return u;
}

// ---------------------------------------------------------------------------------------------
// LocalDate

/** An emulated `java.time.LocalDate`. */
export class LocalDateV extends JavaInstance implements FormattableTemporal {
  readonly javaClassName = LD;
  readonly temporalFields = "date" as const;
  /** Use {@link localDate} (validating) or {@link LocalDateV.ofEpochDay}. */
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    super();
  }
  /** The date of an epoch day. */
  static ofEpochDay(epochDay: number): LocalDateV {
    const [y, m, d] = civilOf(epochDay);
    checkYear(y);
    return new LocalDateV(y, m, d);
  }
  /** Days since 1970-01-01. */
  get epochDay(): number {
    return epochDayOf(this.year, this.month, this.day);
  }
  /** ISO day of week, 1 = Monday. */
  get dow(): number {
    return floorMod(this.epochDay + 3, 7) + 1;
  }
  /** Day of the year, 1-based. */
  get dayOfYear(): number {
    return this.epochDay - epochDayOf(this.year, 1, 1) + 1;
  }
  /** Java's `toString`: `2024-01-31`, `+10000-01-01`, `-0005-01-01`. */
  override toString(): string {
    const y = this.year;
    const ys = Math.abs(y) < 1000 ? (y < 0 ? "-" : "") + pad(y, 4) : y > 9999 ? `+${y}` : String(y);
    return `${ys}-${pad(this.month, 2)}-${pad(this.day, 2)}`;
  }
  override javaEquals(o: unknown): boolean {
    return o instanceof LocalDateV && o.year === this.year && o.month === this.month && o.day === this.day;
  }
  /** Java's `compareTo`: year difference, then month, then day. */
  compareTo(o: LocalDateV): number {
    return this.year - o.year || this.month - o.month || this.day - o.day;
  }
  /** Java's `hashCode`. */
  hashCode(): number {
    const y = this.year;
    return ((y & 0xfffff800) ^ ((y << 11) + (this.month << 6) + this.day)) | 0;
  }
  /** Adds days. */
  plusDays(n: number): LocalDateV {
    return n === 0 ? this : LocalDateV.ofEpochDay(this.epochDay + n);
  }
  /** Adds months, clamping the day to the month's length. */
  plusMonths(n: number): LocalDateV {
    if (n === 0) return this;
    const total = this.year * 12 + (this.month - 1) + n;
    const y = checkYear(floorDiv(total, 12));
    const m = floorMod(total, 12) + 1;
    return new LocalDateV(y, m, Math.min(this.day, monthLength(y, m)));
  }
  /** Adds years, clamping February 29. */
  plusYears(n: number): LocalDateV {
    if (n === 0) return this;
    const y = checkYear(this.year + n);
    return new LocalDateV(y, this.month, Math.min(this.day, monthLength(y, this.month)));
  }
  /** `plus(amount, unit)`. */
  plus(n: number, unit: ChronoUnitV): LocalDateV {
    switch (unit.spec.name) {
      case "DAYS":
        return this.plusDays(n);
      case "WEEKS":
        return this.plusDays(n * 7);
      case "MONTHS":
      case "YEARS":
      case "DECADES":
      case "CENTURIES":
      case "MILLENNIA":
        return this.plusMonths(n * unit.spec.months!);
      default:
        throw unsupportedUnit(unit);
    }
  }
  /** Java's `until(end, unit)` for a date end. */
  until(end: LocalDateV, unit: ChronoUnitV): bigint {
    const days = BigInt(end.epochDay - this.epochDay);
    const packed = (d: LocalDateV): bigint => (BigInt(d.year) * 12n + BigInt(d.month - 1)) * 32n + BigInt(d.day);
    const months = (packed(end) - packed(this)) / 32n;
    switch (unit.spec.name) {
      case "DAYS":
        return days;
      case "WEEKS":
        return days / 7n;
      case "MONTHS":
      case "YEARS":
      case "DECADES":
      case "CENTURIES":
      case "MILLENNIA":
        return months / BigInt(unit.spec.months!);
      case "ERAS":
        return BigInt((end.year >= 1 ? 1 : 0) - (this.year >= 1 ? 1 : 0));
      default:
        throw unsupportedUnit(unit);
    }
  }
  /** Epoch milliseconds of the start of the day (UTC), for `%t` formatting. */
  epochMillisUtc(): number {
    return this.epochDay * 86_400_000;
  }
}

/** `LocalDate.of(year, month, day)` with Java's validation messages. */
export function localDate(y: number, m: number, d: number): LocalDateV {
  checkYear(y);
  checkField("MonthOfYear", m, 1, 12);
  checkField("DayOfMonth", d, 1, 31, "1 - 28/31");
  if (d > 28 && d > monthLength(y, m)) {
    if (d === 29) throw dateTimeError(`Invalid date 'February 29' as '${y}' is not a leap year`);
    throw dateTimeError(`Invalid date '${MONTH_NAMES[m - 1]!} ${d}'`);
  }
  return new LocalDateV(y, m, d);
}

// ---------------------------------------------------------------------------------------------
// LocalDateTime

/** An emulated `java.time.LocalDateTime`: a date and the nanosecond of the day. */
export class LocalDateTimeV extends JavaInstance implements FormattableTemporal {
  readonly javaClassName = LDT;
  readonly temporalFields = "datetime" as const;
  /** @param date the date @param nanoOfDay nanoseconds since midnight */
  constructor(
    readonly date: LocalDateV,
    readonly nanoOfDay: bigint,
  ) {
    super();
  }
  /** Hour of day. */
  get hour(): number {
    return Number(this.nanoOfDay / 3_600_000_000_000n);
  }
  /** Minute of hour. */
  get minute(): number {
    return Number((this.nanoOfDay / 60_000_000_000n) % 60n);
  }
  /** Second of minute. */
  get second(): number {
    return Number((this.nanoOfDay / 1_000_000_000n) % 60n);
  }
  /** Nano of second. */
  get nano(): number {
    return Number(this.nanoOfDay % 1_000_000_000n);
  }
  /** Java's `LocalTime.toString` part: `HH:mm`, then `:ss`, then `.SSS` / `.SSSSSS` / `.SSSSSSSSS`. */
  timeString(): string {
    let s = `${pad(this.hour, 2)}:${pad(this.minute, 2)}`;
    const sec = this.second;
    const nano = this.nano;
    if (sec > 0 || nano > 0) {
      s += `:${pad(sec, 2)}`;
      if (nano > 0) {
        if (nano % 1_000_000 === 0) s += "." + pad(nano / 1_000_000, 3);
        else if (nano % 1000 === 0) s += "." + pad(nano / 1000, 6);
        else s += "." + pad(nano, 9);
      }
    }
    return s;
  }
  override toString(): string {
    return `${this.date.toString()}T${this.timeString()}`;
  }
  override javaEquals(o: unknown): boolean {
    return o instanceof LocalDateTimeV && o.date.javaEquals(this.date) && o.nanoOfDay === this.nanoOfDay;
  }
  /** Java's `compareTo`: date first, then time. */
  compareTo(o: LocalDateTimeV): number {
    return this.date.compareTo(o.date) || sign(this.nanoOfDay - o.nanoOfDay);
  }
  /** Java's `hashCode`: date hash XOR `LocalTime.hashCode`. */
  hashCode(): number {
    const nod = this.nanoOfDay;
    return (this.date.hashCode() ^ Number(BigInt.asIntN(32, nod ^ (nod >> 32n)))) | 0;
  }
  /** Total nanoseconds since the epoch (UTC). */
  get epochNanos(): bigint {
    return BigInt(this.date.epochDay) * NANOS_PER_DAY + this.nanoOfDay;
  }
  /** From epoch nanoseconds (UTC). */
  static ofEpochNanos(n: bigint): LocalDateTimeV {
    let days = n / NANOS_PER_DAY;
    let rest = n % NANOS_PER_DAY;
    if (rest < 0n) {
      rest += NANOS_PER_DAY;
      days -= 1n;
    }
    return new LocalDateTimeV(LocalDateV.ofEpochDay(Number(days)), rest);
  }
  /** Adds nanoseconds. */
  plusNanos(n: bigint): LocalDateTimeV {
    return n === 0n ? this : LocalDateTimeV.ofEpochNanos(this.epochNanos + n);
  }
  /** Replaces the date part. */
  withDate(d: LocalDateV): LocalDateTimeV {
    return new LocalDateTimeV(d, this.nanoOfDay);
  }
  /** `plus(amount, unit)`. */
  plus(n: number, unit: ChronoUnitV): LocalDateTimeV {
    if (unit.timeBased) return this.plusNanos(BigInt(n) * unit.nanos);
    return this.withDate(this.date.plus(n, unit));
  }
  /** Java's `until(end, unit)`. */
  until(end: LocalDateTimeV, unit: ChronoUnitV): bigint {
    if (!unit.timeBased) {
      let endDate = end.date;
      if (endDate.compareTo(this.date) > 0 && end.nanoOfDay < this.nanoOfDay) endDate = endDate.plusDays(-1);
      else if (endDate.compareTo(this.date) < 0 && end.nanoOfDay > this.nanoOfDay) endDate = endDate.plusDays(1);
      return this.date.until(endDate, unit);
    }
    return (end.epochNanos - this.epochNanos) / unit.nanos;
  }
  /** Epoch milliseconds (reading the date-time as UTC), for `%t` formatting. */
  epochMillisUtc(): number {
    return Number(this.epochNanos / 1_000_000n);
  }
}

function timeOfDay(h: number, mi: number, s: number, n: number): bigint {
  checkField("HourOfDay", h, 0, 23);
  checkField("MinuteOfHour", mi, 0, 59);
  checkField("SecondOfMinute", s, 0, 59);
  checkField("NanoOfSecond", n, 0, 999_999_999);
  return ((BigInt(h) * 60n + BigInt(mi)) * 60n + BigInt(s)) * 1_000_000_000n + BigInt(n);
}

// ---------------------------------------------------------------------------------------------
// Instant

const INSTANT_MAX = 31556889864403199;
const INSTANT_MIN = -31557014167219200;

/** An emulated `java.time.Instant`. */
export class InstantV extends JavaInstance implements FormattableTemporal {
  readonly javaClassName = INS;
  readonly temporalFields = "instant" as const;
  /** @param seconds epoch seconds @param nanos nanosecond of the second (0..999,999,999) */
  constructor(
    readonly seconds: number,
    readonly nanos: number,
  ) {
    super();
  }
  /** From total epoch nanoseconds, with Java's range check. */
  static ofEpochNanos(n: bigint): InstantV {
    let s = n / 1_000_000_000n;
    let r = n % 1_000_000_000n;
    if (r < 0n) {
      r += 1_000_000_000n;
      s -= 1n;
    }
    if (s > BigInt(INSTANT_MAX) || s < BigInt(INSTANT_MIN)) throw dateTimeError("Instant exceeds minimum or maximum instant");
    return new InstantV(Number(s), Number(r));
  }
  /** Total epoch nanoseconds. */
  get epochNanos(): bigint {
    return BigInt(this.seconds) * 1_000_000_000n + BigInt(this.nanos);
  }
  /** `toEpochMilli()`. */
  toEpochMilli(): bigint {
    return BigInt(this.seconds) * 1000n + BigInt(Math.floor(this.nanos / 1_000_000));
  }
  /** Java's `toString` (ISO-8601, fraction in groups of three digits). */
  override toString(): string {
    const ldt = LocalDateTimeV.ofEpochNanos(BigInt(this.seconds) * 1_000_000_000n);
    const d = ldt.date;
    const y = d.year;
    const ys = y > 9999 ? `+${y}` : y < 0 ? `-${pad(y, 4)}` : pad(y, 4);
    let s = `${ys}-${pad(d.month, 2)}-${pad(d.day, 2)}T${pad(ldt.hour, 2)}:${pad(ldt.minute, 2)}:${pad(ldt.second, 2)}`;
    if (this.nanos > 0) {
      if (this.nanos % 1_000_000 === 0) s += "." + pad(this.nanos / 1_000_000, 3);
      else if (this.nanos % 1000 === 0) s += "." + pad(this.nanos / 1000, 6);
      else s += "." + pad(this.nanos, 9);
    }
    return s + "Z";
  }
  override javaEquals(o: unknown): boolean {
    return o instanceof InstantV && o.seconds === this.seconds && o.nanos === this.nanos;
  }
  /** Java's `compareTo`: seconds, then the nano difference. */
  compareTo(o: InstantV): number {
    return sign(this.seconds - o.seconds) || this.nanos - o.nanos;
  }
  /** Java's `hashCode`. */
  hashCode(): number {
    const s = BigInt.asUintN(64, BigInt(this.seconds));
    return (Number(BigInt.asIntN(32, s ^ (s >> 32n))) + 51 * this.nanos) | 0;
  }
  /** `plus(amount, unit)`. */
  plus(n: number, unit: ChronoUnitV): InstantV {
    if (!unit.timeBased && unit.spec.name !== "DAYS") throw unsupportedUnit(unit);
    return InstantV.ofEpochNanos(this.epochNanos + BigInt(n) * unit.nanos);
  }
  /** Java's `until(end, unit)`. */
  until(end: InstantV, unit: ChronoUnitV): bigint {
    if (unit.spec.name === "MILLIS") return end.toEpochMilli() - this.toEpochMilli();
    if (!unit.timeBased && unit.spec.name !== "DAYS") throw unsupportedUnit(unit);
    return (end.epochNanos - this.epochNanos) / unit.nanos;
  }
  /** Epoch milliseconds, for `%t` formatting. */
  epochMillisUtc(): number {
    return Number(this.toEpochMilli());
  }
}

/** `Instant.ofEpochMilli`. */
export function instantOfEpochMilli(ms: bigint): InstantV {
  return InstantV.ofEpochNanos(ms * 1_000_000n);
}

// ---------------------------------------------------------------------------------------------
// Duration (plain SpEL only)

/** An emulated `java.time.Duration`. */
export class DurationV extends JavaInstance {
  readonly javaClassName = DUR;
  /** @param total the length in nanoseconds */
  constructor(readonly total: bigint) {
    super();
  }
  /** Whole seconds (floor), as Java's `getSeconds`. */
  get seconds(): bigint {
    const s = this.total / 1_000_000_000n;
    return this.total < 0n && this.total % 1_000_000_000n !== 0n ? s - 1n : s;
  }
  /** Nano adjustment (0..999,999,999), as Java's `getNano`. */
  get nanos(): number {
    return Number(this.total - this.seconds * 1_000_000_000n);
  }
  /** Java's ISO-8601 `toString` (`PT1H30M`, `PT-1.5S`, `PT0S`). */
  override toString(): string {
    if (this.total === 0n) return "PT0S";
    const seconds = this.seconds;
    const nanos = this.nanos;
    const eff = seconds < 0n && nanos > 0 ? seconds + 1n : seconds;
    const hours = eff / 3600n;
    const minutes = (eff % 3600n) / 60n;
    const secs = eff % 60n;
    let buf = "PT";
    if (hours !== 0n) buf += `${hours}H`;
    if (minutes !== 0n) buf += `${minutes}M`;
    if (secs === 0n && nanos === 0 && buf.length > 2) return buf;
    if (seconds < 0n && nanos > 0) buf += secs === 0n ? "-0" : String(secs);
    else buf += String(secs);
    if (nanos > 0) {
      let frac = String(seconds < 0n ? 2 * NANOS_PER_SECOND - nanos : nanos + NANOS_PER_SECOND);
      frac = frac.replace(/0+$/, "");
      buf += "." + frac.slice(1);
    }
    return buf + "S";
  }
  override javaEquals(o: unknown): boolean {
    return o instanceof DurationV && o.total === this.total;
  }
  /** Java's `compareTo`. */
  compareTo(o: DurationV): number {
    const c = sign(this.seconds - o.seconds);
    return c !== 0 ? c : this.nanos - o.nanos;
  }
  /** Java's `hashCode`. */
  hashCode(): number {
    const s = BigInt.asUintN(64, this.seconds);
    return (Number(BigInt.asIntN(32, s ^ (s >> 32n))) + 51 * this.nanos) | 0;
  }
}

function checkedLong(v: bigint): bigint {
  if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) throw arithmetic("long overflow");
  return v;
}

function duration(nanos: bigint): DurationV {
  const d = new DurationV(nanos);
  checkedLong(d.seconds);
  return d;
}

// ---------------------------------------------------------------------------------------------
// Temporal conversions (`LocalDate.from(x)` and friends) and adjusters

function describe(t: unknown): string {
  return `${String(t)} of type ${(t as JavaInstance).javaClassName}`;
}

function toLocalDate(t: unknown): LocalDateV {
  if (t instanceof LocalDateV) return t;
  if (t instanceof LocalDateTimeV) return t.date;
  throw dateTimeError(`Unable to obtain LocalDate from TemporalAccessor: ${describe(t)}`);
}

function toLocalDateTime(t: unknown): LocalDateTimeV {
  if (t instanceof LocalDateTimeV) return t;
  throw dateTimeError(`Unable to obtain LocalDateTime from TemporalAccessor: ${describe(t)}`);
}

function toInstant(t: unknown): InstantV {
  if (t instanceof InstantV) return t;
  throw dateTimeError(`Unable to obtain Instant from TemporalAccessor: ${describe(t)}`);
}

/** `start.until(end, unit)` for any supported temporal (what `ChronoUnit.between` calls). */
export function temporalUntil(start: unknown, end: unknown, unit: ChronoUnitV): bigint {
  if (start instanceof LocalDateV) return start.until(toLocalDate(end), unit);
  if (start instanceof LocalDateTimeV) return start.until(toLocalDateTime(end), unit);
  if (start instanceof InstantV) return start.until(toInstant(end), unit);
  throw dateTimeError(`Unsupported temporal: ${describe(start)}`);
}

/** A `TemporalAdjuster` returned by `TemporalAdjusters`: a function on dates. */
export class AdjusterV extends JavaInstance {
  readonly javaClassName = "java.time.temporal.TemporalAdjusters$$Lambda";
  readonly #id: number;
  static #next = 0x58ea606c;
  /** @param adjust the date transformation */
  constructor(readonly adjust: (d: LocalDateV) => LocalDateV) {
    super();
    AdjusterV.#next = (AdjusterV.#next * 1103515245 + 12345) >>> 0;
    this.#id = AdjusterV.#next;
  }
  /** Java prints the lambda's class and identity hash. */
  override toString(): string {
    return `java.time.temporal.TemporalAdjusters$$Lambda@${this.#id.toString(16)}`;
  }
}

/** Applies a `TemporalAdjuster` (an adjuster, a `DayOfWeek`, or a `LocalDate`) to a date. */
function adjustDate(d: LocalDateV, adjuster: unknown): LocalDateV {
  if (adjuster instanceof AdjusterV) return adjuster.adjust(d);
  if (adjuster instanceof DayOfWeekV) return d.plusDays(adjuster.value - d.dow);
  if (adjuster instanceof LocalDateV) return adjuster;
  throw dateTimeError(`Unsupported adjuster: ${String(adjuster)}`);
}

function adjustDateTime(dt: LocalDateTimeV, adjuster: unknown): LocalDateTimeV {
  if (adjuster instanceof LocalDateTimeV) return adjuster;
  return dt.withDate(adjustDate(dt.date, adjuster));
}

const firstInMonth = (d: LocalDateV, dow: number): LocalDateV => {
  const first = new LocalDateV(d.year, d.month, 1);
  return first.plusDays(floorMod(dow - first.dow, 7));
};
const lastInMonth = (d: LocalDateV, dow: number): LocalDateV => {
  const last = new LocalDateV(d.year, d.month, monthLength(d.year, d.month));
  return last.plusDays(-floorMod(last.dow - dow, 7));
};

// ---------------------------------------------------------------------------------------------
// Parsing

function digitsAt(text: string, i: number, n: number): number | null {
  const s = text.slice(i, i + n);
  return s.length === n && /^\d+$/.test(s) ? Number(s) : null;
}

interface ParsedDate {
  y: number;
  m: number;
  d: number;
  end: number;
}

/** ISO `uuuu-MM-dd` at position 0; throws Java's parse errors. */
function parseIsoDate(text: string): ParsedDate {
  let i = 0;
  let signChar = "";
  if (text[0] === "+" || text[0] === "-") {
    signChar = text[0];
    i = 1;
  }
  let j = i;
  while (j < text.length && j - i < 10 && /\d/.test(text[j]!)) j++;
  const ylen = j - i;
  if (ylen < 4 || (ylen > 4 && signChar === "")) throw parseError(text, 0);
  const y = Number(text.slice(i, j)) * (signChar === "-" ? -1 : 1);
  if (text[j] !== "-") throw parseError(text, j);
  const m = digitsAt(text, j + 1, 2);
  if (m === null) throw parseError(text, j + 1);
  if (text[j + 3] !== "-") throw parseError(text, j + 3);
  const d = digitsAt(text, j + 4, 2);
  if (d === null) throw parseError(text, j + 4);
  return { y, m, d, end: j + 6 };
}

function resolved<T>(text: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const x = e as { exceptionType?: string; message?: string };
    if (x.exceptionType === "DateTimeException") {
      throw javaException("DateTimeParseException", `Text '${text}' could not be parsed: ${x.message ?? ""}`);
    }
    throw e;
  }
}

/** ISO `HH:mm[:ss[.fffffffff]]` at `i`; returns nano of day fields. */
function parseIsoTime(text: string, i: number): { h: number; mi: number; s: number; n: number; end: number } {
  const h = digitsAt(text, i, 2);
  if (h === null) throw parseError(text, i);
  if (text[i + 2] !== ":") throw parseError(text, i + 2);
  const mi = digitsAt(text, i + 3, 2);
  if (mi === null) throw parseError(text, i + 3);
  let end = i + 5;
  let s = 0;
  let n = 0;
  if (text[end] === ":") {
    const sv = digitsAt(text, end + 1, 2);
    if (sv === null) throw parseError(text, end + 1);
    s = sv;
    end += 3;
    if (text[end] === ".") {
      let k = end + 1;
      while (k < text.length && k - end - 1 < 9 && /\d/.test(text[k]!)) k++;
      if (k === end + 1) throw parseError(text, end + 1);
      n = Number(text.slice(end + 1, k).padEnd(9, "0"));
      end = k;
    }
  }
  return { h, mi, s, n, end };
}

function parseLocalDate(text: string): LocalDateV {
  const p = parseIsoDate(text);
  if (p.end !== text.length) throw javaException("DateTimeParseException", `Text '${text}' could not be parsed, unparsed text found at index ${p.end}`);
  return resolved(text, () => localDate(p.y, p.m, p.d));
}

function parseLocalDateTime(text: string): LocalDateTimeV {
  const p = parseIsoDate(text);
  if (text[p.end] !== "T" && text[p.end] !== "t") throw parseError(text, p.end);
  const t = parseIsoTime(text, p.end + 1);
  if (t.end !== text.length) throw javaException("DateTimeParseException", `Text '${text}' could not be parsed, unparsed text found at index ${t.end}`);
  return resolved(text, () => new LocalDateTimeV(localDate(p.y, p.m, p.d), timeOfDay(t.h, t.mi, t.s, t.n)));
}

function parseInstant(text: string): InstantV {
  const p = parseIsoDate(text);
  if (text[p.end] !== "T" && text[p.end] !== "t") throw parseError(text, p.end);
  const t = parseIsoTime(text, p.end + 1);
  let offsetSeconds = 0;
  let end = t.end;
  const c = text[end];
  if (c === "Z" || c === "z") end += 1;
  else if (c === "+" || c === "-") {
    const oh = digitsAt(text, end + 1, 2);
    if (oh === null) throw parseError(text, end);
    let om = 0;
    let k = end + 3;
    if (text[k] === ":") {
      const v = digitsAt(text, k + 1, 2);
      if (v === null) throw parseError(text, end);
      om = v;
      k += 3;
    }
    offsetSeconds = (c === "-" ? -1 : 1) * (oh * 3600 + om * 60);
    end = k;
  } else throw parseError(text, end);
  if (end !== text.length) throw javaException("DateTimeParseException", `Text '${text}' could not be parsed, unparsed text found at index ${end}`);
  return resolved(text, () => {
    const ldt = new LocalDateTimeV(localDate(p.y, p.m, p.d), timeOfDay(t.h, t.mi, t.s, t.n));
    return InstantV.ofEpochNanos(ldt.epochNanos - BigInt(offsetSeconds) * 1_000_000_000n);
  });
}

/** ISO-8601 duration `PnDTnHnMn.nS` (Java's `Duration.parse`). */
function parseDuration(text: string): DurationV {
  const m = /^([-+]?)P(?:([-+]?\d+)D)?(T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?)(\d+)(?:[.,](\d{0,9}))?S)?)?$/i.exec(text);
  if (!m || (m[3] === "T" && !m[4] && !m[5] && !m[7]) || (!m[2] && !m[3])) {
    throw javaException("DateTimeParseException", "Text cannot be parsed to a Duration");
  }
  const big = (s: string | undefined): bigint => (s ? BigInt(s) : 0n);
  let total =
    big(m[2]) * NANOS_PER_DAY + big(m[4]) * 3_600_000_000_000n + big(m[5]) * 60_000_000_000n;
  if (m[7] !== undefined) {
    const secNanos = BigInt(m[7]) * 1_000_000_000n + BigInt((m[8] ?? "").padEnd(9, "0") || "0");
    total += m[6] === "-" ? -secNanos : secNanos;
  }
  return duration(m[1] === "-" ? -total : total);
}

// ---------------------------------------------------------------------------------------------
// Class definitions

const num = (v: unknown): number => Number(argLong(v));
const ld = (t: unknown): LocalDateV => t as LocalDateV;
const ldt = (t: unknown): LocalDateTimeV => t as LocalDateTimeV;
const ins = (t: unknown): InstantV => t as InstantV;
const unitArg = (u: unknown): ChronoUnitV => {
  if (u instanceof ChronoUnitV) return u;
  throw illegalArgument(`Unsupported unit: ${String(u)}`);
};

function nowDateTime(env: InvocationEnv): LocalDateTimeV {
  return LocalDateTimeV.ofEpochNanos(BigInt(Math.floor(env.now())) * 1_000_000n);
}

function amountNanos(a: unknown): bigint {
  if (a instanceof DurationV) return a.total;
  throw javaException("UnsupportedTemporalTypeException", `Unsupported amount: ${String(a)}`);
}

/** Methods shared by the `Comparable` + `equals`/`hashCode`/`toString` of the time values. */
function valueMethods(cls: string, cmpType: string): JavaMethod[] {
  type V = JavaInstance & { compareTo(o: unknown): number; hashCode(): number };
  return [
    method("toString", [], S, (t) => String(t)),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => (t as JavaInstance).javaEquals(o)),
    method("hashCode", [], "int", (t) => (t as V).hashCode()),
    method("compareTo", [cmpType], "int", (t, [o]) => {
      if (!(o instanceof JavaInstance) || o.javaClassName !== cls) {
        throw javaException("ClassCastException", `class ${(o as JavaInstance | null)?.javaClassName ?? "null"} cannot be cast to class ${cls}`);
      }
      return (t as V).compareTo(o);
    }),
  ];
}

const DATE_SUPERS = [
  "java.time.chrono.ChronoLocalDate",
  TEMPORAL,
  "java.time.temporal.TemporalAccessor",
  ADJ,
  "java.lang.Comparable",
  "java.io.Serializable",
];

/** `java.time.LocalDate`. */
export const LOCAL_DATE: JavaClassDef = {
  name: LD,
  supers: DATE_SUPERS,
  staticFields: {
    MIN: () => new LocalDateV(-YEAR_MAX, 1, 1),
    MAX: () => new LocalDateV(YEAR_MAX, 12, 31),
    EPOCH: () => new LocalDateV(1970, 1, 1),
  },
  methods: [
    staticMethod("now", [], LD, (_a, env) => nowDateTime(env).date),
    staticMethod("of", ["int", "int", "int"], LD, ([y, m, d]) => localDate(argInt(y), argInt(m), argInt(d))),
    staticMethod("ofEpochDay", ["long"], LD, ([n]) => {
      const e = num(n);
      if (e < -365243219162 || e > 365241780471) throw dateTimeError(`Invalid value for EpochDay (valid values -365243219162 - 365241780471): ${e}`);
      return LocalDateV.ofEpochDay(e);
    }),
    staticMethod("ofYearDay", ["int", "int"], LD, ([y, n]) => {
      const year = checkYear(argInt(y));
      const doy = checkField("DayOfYear", argInt(n), 1, 366, "1 - 365/366");
      if (doy === 366 && !isLeap(year)) throw dateTimeError(`Invalid date 'DayOfYear 366' as '${year}' is not a leap year`);
      return LocalDateV.ofEpochDay(epochDayOf(year, 1, 1) + doy - 1);
    }),
    staticMethod("parse", [CS], LD, ([s]) => parseLocalDate(argString(s))),
    staticMethod("from", ["java.time.temporal.TemporalAccessor"], LD, ([t]) => toLocalDate(t)),
    method("plusDays", ["long"], LD, (t, [n]) => ld(t).plusDays(num(n))),
    method("plusWeeks", ["long"], LD, (t, [n]) => ld(t).plusDays(num(n) * 7)),
    method("plusMonths", ["long"], LD, (t, [n]) => ld(t).plusMonths(num(n))),
    method("plusYears", ["long"], LD, (t, [n]) => ld(t).plusYears(num(n))),
    method("minusDays", ["long"], LD, (t, [n]) => ld(t).plusDays(-num(n))),
    method("minusWeeks", ["long"], LD, (t, [n]) => ld(t).plusDays(-num(n) * 7)),
    method("minusMonths", ["long"], LD, (t, [n]) => ld(t).plusMonths(-num(n))),
    method("minusYears", ["long"], LD, (t, [n]) => ld(t).plusYears(-num(n))),
    method("plus", ["long", UNIT], LD, (t, [n, u]) => ld(t).plus(num(n), unitArg(u))),
    method("minus", ["long", UNIT], LD, (t, [n, u]) => ld(t).plus(-num(n), unitArg(u))),
    method("getYear", [], "int", (t) => ld(t).year),
    method("getMonthValue", [], "int", (t) => ld(t).month),
    method("getDayOfMonth", [], "int", (t) => ld(t).day),
    method("getDayOfYear", [], "int", (t) => ld(t).dayOfYear),
    method("getDayOfWeek", [], DOW, (t) => dayOfWeek(ld(t).dow)),
    method("isLeapYear", [], "boolean", (t) => isLeap(ld(t).year)),
    method("lengthOfMonth", [], "int", (t) => monthLength(ld(t).year, ld(t).month)),
    method("lengthOfYear", [], "int", (t) => (isLeap(ld(t).year) ? 366 : 365)),
    method("toEpochDay", [], "long", (t) => long(BigInt(ld(t).epochDay))),
    method("withDayOfMonth", ["int"], LD, (t, [d]) => localDate(ld(t).year, ld(t).month, argInt(d))),
    method("withMonth", ["int"], LD, (t, [m]) => {
      const month = checkField("MonthOfYear", argInt(m), 1, 12);
      return new LocalDateV(ld(t).year, month, Math.min(ld(t).day, monthLength(ld(t).year, month)));
    }),
    method("withYear", ["int"], LD, (t, [y]) => {
      const year = checkYear(argInt(y));
      return new LocalDateV(year, ld(t).month, Math.min(ld(t).day, monthLength(year, ld(t).month)));
    }),
    method("withDayOfYear", ["int"], LD, (t, [n]) => {
      const doy = checkField("DayOfYear", argInt(n), 1, 366, "1 - 365/366");
      if (doy === 366 && !isLeap(ld(t).year)) throw dateTimeError(`Invalid date 'DayOfYear 366' as '${ld(t).year}' is not a leap year`);
      return LocalDateV.ofEpochDay(epochDayOf(ld(t).year, 1, 1) + doy - 1);
    }),
    method("with", [ADJ], LD, (t, [a]) => adjustDate(ld(t), a)),
    method("isBefore", ["java.time.chrono.ChronoLocalDate"], "boolean", (t, [o]) => ld(t).epochDay < toLocalDate(o).epochDay),
    method("isAfter", ["java.time.chrono.ChronoLocalDate"], "boolean", (t, [o]) => ld(t).epochDay > toLocalDate(o).epochDay),
    method("isEqual", ["java.time.chrono.ChronoLocalDate"], "boolean", (t, [o]) => ld(t).epochDay === toLocalDate(o).epochDay),
    method("atStartOfDay", [], LDT, (t) => new LocalDateTimeV(ld(t), 0n)),
    method("atTime", ["int", "int"], LDT, (t, [h, m]) => new LocalDateTimeV(ld(t), timeOfDay(argInt(h), argInt(m), 0, 0))),
    method("atTime", ["int", "int", "int"], LDT, (t, [h, m, s]) =>
      new LocalDateTimeV(ld(t), timeOfDay(argInt(h), argInt(m), argInt(s), 0)),
    ),
    method("until", [TEMPORAL, UNIT], "long", (t, [e, u]) => long(ld(t).until(toLocalDate(e), unitArg(u)))),
    ...valueMethods(LD, "java.time.chrono.ChronoLocalDate"),
  ],
};

/** `java.time.LocalDateTime`. */
export const LOCAL_DATE_TIME: JavaClassDef = {
  name: LDT,
  supers: ["java.time.chrono.ChronoLocalDateTime", TEMPORAL, "java.time.temporal.TemporalAccessor", ADJ, "java.lang.Comparable", "java.io.Serializable"],
  staticFields: {
    MIN: () => new LocalDateTimeV(new LocalDateV(-YEAR_MAX, 1, 1), 0n),
    MAX: () => new LocalDateTimeV(new LocalDateV(YEAR_MAX, 12, 31), NANOS_PER_DAY - 1n),
  },
  methods: [
    staticMethod("now", [], LDT, (_a, env) => nowDateTime(env)),
    staticMethod("of", ["int", "int", "int", "int", "int"], LDT, ([y, m, d, h, mi]) =>
      new LocalDateTimeV(localDate(argInt(y), argInt(m), argInt(d)), timeOfDay(argInt(h), argInt(mi), 0, 0)),
    ),
    staticMethod("of", ["int", "int", "int", "int", "int", "int"], LDT, ([y, m, d, h, mi, s]) =>
      new LocalDateTimeV(localDate(argInt(y), argInt(m), argInt(d)), timeOfDay(argInt(h), argInt(mi), argInt(s), 0)),
    ),
    staticMethod("of", ["int", "int", "int", "int", "int", "int", "int"], LDT, ([y, m, d, h, mi, s, n]) =>
      new LocalDateTimeV(localDate(argInt(y), argInt(m), argInt(d)), timeOfDay(argInt(h), argInt(mi), argInt(s), argInt(n))),
    ),
    staticMethod("parse", [CS], LDT, ([s]) => parseLocalDateTime(argString(s))),
    staticMethod("from", ["java.time.temporal.TemporalAccessor"], LDT, ([t]) => toLocalDateTime(t)),
    method("plusDays", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusDays(num(n)))),
    method("plusWeeks", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusDays(num(n) * 7))),
    method("plusMonths", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusMonths(num(n)))),
    method("plusYears", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusYears(num(n)))),
    method("plusHours", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(argLong(n) * 3_600_000_000_000n)),
    method("plusMinutes", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(argLong(n) * 60_000_000_000n)),
    method("plusSeconds", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(argLong(n) * 1_000_000_000n)),
    method("plusNanos", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(argLong(n))),
    method("minusDays", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusDays(-num(n)))),
    method("minusWeeks", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusDays(-num(n) * 7))),
    method("minusMonths", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusMonths(-num(n)))),
    method("minusYears", ["long"], LDT, (t, [n]) => ldt(t).withDate(ldt(t).date.plusYears(-num(n)))),
    method("minusHours", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(-argLong(n) * 3_600_000_000_000n)),
    method("minusMinutes", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(-argLong(n) * 60_000_000_000n)),
    method("minusSeconds", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(-argLong(n) * 1_000_000_000n)),
    method("minusNanos", ["long"], LDT, (t, [n]) => ldt(t).plusNanos(-argLong(n))),
    method("plus", ["long", UNIT], LDT, (t, [n, u]) => ldt(t).plus(num(n), unitArg(u))),
    method("minus", ["long", UNIT], LDT, (t, [n, u]) => ldt(t).plus(-num(n), unitArg(u))),
    method("plus", [AMOUNT], LDT, (t, [a]) => ldt(t).plusNanos(amountNanos(a))),
    method("minus", [AMOUNT], LDT, (t, [a]) => ldt(t).plusNanos(-amountNanos(a))),
    method("getYear", [], "int", (t) => ldt(t).date.year),
    method("getMonthValue", [], "int", (t) => ldt(t).date.month),
    method("getDayOfMonth", [], "int", (t) => ldt(t).date.day),
    method("getDayOfYear", [], "int", (t) => ldt(t).date.dayOfYear),
    method("getDayOfWeek", [], DOW, (t) => dayOfWeek(ldt(t).date.dow)),
    method("getHour", [], "int", (t) => ldt(t).hour),
    method("getMinute", [], "int", (t) => ldt(t).minute),
    method("getSecond", [], "int", (t) => ldt(t).second),
    method("getNano", [], "int", (t) => ldt(t).nano),
    method("toLocalDate", [], LD, (t) => ldt(t).date),
    method("withDayOfMonth", ["int"], LDT, (t, [d]) => ldt(t).withDate(localDate(ldt(t).date.year, ldt(t).date.month, argInt(d)))),
    method("withHour", ["int"], LDT, (t, [h]) => new LocalDateTimeV(ldt(t).date, timeOfDay(argInt(h), ldt(t).minute, ldt(t).second, ldt(t).nano))),
    method("withMinute", ["int"], LDT, (t, [m]) => new LocalDateTimeV(ldt(t).date, timeOfDay(ldt(t).hour, argInt(m), ldt(t).second, ldt(t).nano))),
    method("withSecond", ["int"], LDT, (t, [s]) => new LocalDateTimeV(ldt(t).date, timeOfDay(ldt(t).hour, ldt(t).minute, argInt(s), ldt(t).nano))),
    method("withNano", ["int"], LDT, (t, [n]) => new LocalDateTimeV(ldt(t).date, timeOfDay(ldt(t).hour, ldt(t).minute, ldt(t).second, argInt(n)))),
    method("with", [ADJ], LDT, (t, [a]) => adjustDateTime(ldt(t), a)),
    method("truncatedTo", [UNIT], LDT, (t, [u]) => {
      const unit = unitArg(u);
      if (unit.spec.name === "DAYS") return new LocalDateTimeV(ldt(t).date, 0n);
      if (!unit.timeBased) throw javaException("UnsupportedTemporalTypeException", "Unit is too large to be used for truncation");
      return new LocalDateTimeV(ldt(t).date, (ldt(t).nanoOfDay / unit.nanos) * unit.nanos);
    }),
    method("isBefore", ["java.time.chrono.ChronoLocalDateTime"], "boolean", (t, [o]) => ldt(t).compareTo(toLocalDateTime(o)) < 0),
    method("isAfter", ["java.time.chrono.ChronoLocalDateTime"], "boolean", (t, [o]) => ldt(t).compareTo(toLocalDateTime(o)) > 0),
    method("isEqual", ["java.time.chrono.ChronoLocalDateTime"], "boolean", (t, [o]) => ldt(t).compareTo(toLocalDateTime(o)) === 0),
    method("until", [TEMPORAL, UNIT], "long", (t, [e, u]) => long(ldt(t).until(toLocalDateTime(e), unitArg(u)))),
    ...valueMethods(LDT, "java.time.chrono.ChronoLocalDateTime"),
  ],
};

/** `java.time.Instant`. */
export const INSTANT: JavaClassDef = {
  name: INS,
  supers: [TEMPORAL, "java.time.temporal.TemporalAccessor", ADJ, "java.lang.Comparable", "java.io.Serializable"],
  staticFields: {
    EPOCH: () => new InstantV(0, 0),
    MIN: () => new InstantV(INSTANT_MIN, 0),
    MAX: () => new InstantV(INSTANT_MAX, 999_999_999),
  },
  methods: [
    staticMethod("now", [], INS, (_a, env) => instantOfEpochMilli(BigInt(Math.floor(env.now())))),
    staticMethod("ofEpochMilli", ["long"], INS, ([n]) => instantOfEpochMilli(argLong(n))),
    staticMethod("ofEpochSecond", ["long"], INS, ([n]) => InstantV.ofEpochNanos(argLong(n) * 1_000_000_000n)),
    staticMethod("ofEpochSecond", ["long", "long"], INS, ([n, a]) => InstantV.ofEpochNanos(argLong(n) * 1_000_000_000n + argLong(a))),
    staticMethod("parse", [CS], INS, ([s]) => parseInstant(argString(s))),
    staticMethod("from", ["java.time.temporal.TemporalAccessor"], INS, ([t]) => toInstant(t)),
    method("toEpochMilli", [], "long", (t) => long(ins(t).toEpochMilli())),
    method("getEpochSecond", [], "long", (t) => long(BigInt(ins(t).seconds))),
    method("getNano", [], "int", (t) => ins(t).nanos),
    method("plusSeconds", ["long"], INS, (t, [n]) => InstantV.ofEpochNanos(ins(t).epochNanos + argLong(n) * 1_000_000_000n)),
    method("plusMillis", ["long"], INS, (t, [n]) => InstantV.ofEpochNanos(ins(t).epochNanos + argLong(n) * 1_000_000n)),
    method("plusNanos", ["long"], INS, (t, [n]) => InstantV.ofEpochNanos(ins(t).epochNanos + argLong(n))),
    method("minusSeconds", ["long"], INS, (t, [n]) => InstantV.ofEpochNanos(ins(t).epochNanos - argLong(n) * 1_000_000_000n)),
    method("minusMillis", ["long"], INS, (t, [n]) => InstantV.ofEpochNanos(ins(t).epochNanos - argLong(n) * 1_000_000n)),
    method("minusNanos", ["long"], INS, (t, [n]) => InstantV.ofEpochNanos(ins(t).epochNanos - argLong(n))),
    method("plus", ["long", UNIT], INS, (t, [n, u]) => ins(t).plus(num(n), unitArg(u))),
    method("minus", ["long", UNIT], INS, (t, [n, u]) => ins(t).plus(-num(n), unitArg(u))),
    method("plus", [AMOUNT], INS, (t, [a]) => InstantV.ofEpochNanos(ins(t).epochNanos + amountNanos(a))),
    method("minus", [AMOUNT], INS, (t, [a]) => InstantV.ofEpochNanos(ins(t).epochNanos - amountNanos(a))),
    method("truncatedTo", [UNIT], INS, (t, [u]) => {
      const unit = unitArg(u);
      if (!unit.timeBased && unit.spec.name !== "DAYS") throw javaException("UnsupportedTemporalTypeException", "Unit is too large to be used for truncation");
      const n = ins(t).epochNanos;
      const q = n / unit.nanos - (n < 0n && n % unit.nanos !== 0n ? 1n : 0n);
      return InstantV.ofEpochNanos(q * unit.nanos);
    }),
    method("isBefore", [INS], "boolean", (t, [o]) => ins(t).compareTo(toInstant(o)) < 0),
    method("isAfter", [INS], "boolean", (t, [o]) => ins(t).compareTo(toInstant(o)) > 0),
    method("until", [TEMPORAL, UNIT], "long", (t, [e, u]) => long(ins(t).until(toInstant(e), unitArg(u)))),
    ...valueMethods(INS, INS),
  ],
};

function enumMethods(cls: string, ordinal: (t: unknown) => number, name: (t: unknown) => string): JavaMethod[] {
  return [
    method("name", [], S, (t) => name(t)),
    method("ordinal", [], "int", (t) => ordinal(t)),
    method("toString", [], S, (t) => String(t)),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => t === o),
    method("hashCode", [], "int", (t) => (0x1f3a5c + ordinal(t) * 0x9e3779b1) | 0),
    method("compareTo", [cls], "int", (t, [o]) => ordinal(t) - ordinal(o)),
  ];
}

/** `java.time.DayOfWeek`. */
export const DAY_OF_WEEK: JavaClassDef = {
  name: DOW,
  supers: ["java.lang.Enum", "java.time.temporal.TemporalAccessor", ADJ, "java.lang.Comparable", "java.io.Serializable"],
  staticFields: Object.fromEntries(DAYS_OF_WEEK.map((d) => [d.name(), () => d])),
  methods: [
    staticMethod("of", ["int"], DOW, ([n]) => dayOfWeek(argInt(n))),
    staticMethod("valueOf", [S], DOW, ([s]) => {
      const name = argString(s);
      const i = DOW_NAMES.indexOf(name);
      if (i < 0) throw illegalArgument(`No enum constant ${DOW}.${name}`);
      return DAYS_OF_WEEK[i]!;
    }),
    staticMethod("values", [], `${DOW}[]`, () => new JavaArray([...DAYS_OF_WEEK], DOW)),
    staticMethod("from", ["java.time.temporal.TemporalAccessor"], DOW, ([t]) => {
      if (t instanceof DayOfWeekV) return t;
      if (t instanceof LocalDateV || t instanceof LocalDateTimeV) return dayOfWeek(toLocalDate(t).dow);
      throw dateTimeError(`Unable to obtain DayOfWeek from TemporalAccessor: ${describe(t)}`);
    }),
    method("getValue", [], "int", (t) => (t as DayOfWeekV).value),
    method("plus", ["long"], DOW, (t, [n]) => (t as DayOfWeekV).plus(argLong(n))),
    method("minus", ["long"], DOW, (t, [n]) => (t as DayOfWeekV).plus(-(argLong(n) % 7n))),
    ...enumMethods(DOW, (t) => (t as DayOfWeekV).value - 1, (t) => (t as DayOfWeekV).name()),
  ],
};

/** `java.time.temporal.ChronoUnit`. */
export const CHRONO_UNIT: JavaClassDef = {
  name: CU,
  supers: ["java.lang.Enum", UNIT, "java.lang.Comparable", "java.io.Serializable"],
  staticFields: Object.fromEntries(UNITS.map((u) => [u.spec.name, () => u])),
  methods: [
    staticMethod("valueOf", [S], CU, ([s]) => unitNamed(argString(s))),
    staticMethod("values", [], `${CU}[]`, () => new JavaArray([...UNITS], CU)),
    method("between", [TEMPORAL, TEMPORAL], "long", (t, [a, b]) => {
      if (a === null || a === undefined || b === null || b === undefined) throw javaException("NullPointerException", "");
      return long(temporalUntil(a, b, t as ChronoUnitV));
    }),
    method("isDateBased", [], "boolean", (t) => (t as ChronoUnitV).spec.dateBased),
    method("isTimeBased", [], "boolean", (t) => (t as ChronoUnitV).timeBased),
    method("isDurationEstimated", [], "boolean", (t) => (t as ChronoUnitV).ordinal >= 7),
    method("getDuration", [], DUR, (t) => new DurationV((t as ChronoUnitV).nanos)),
    ...enumMethods(CU, (t) => (t as ChronoUnitV).ordinal, (t) => (t as ChronoUnitV).spec.name),
  ],
};

function dowArg(v: unknown): number {
  if (v instanceof DayOfWeekV) return v.value;
  throw javaException("NullPointerException", "dayOfWeek");
}

const adjuster = (name: string, params: string[], make: (args: unknown[]) => (d: LocalDateV) => LocalDateV): JavaMethod =>
  staticMethod(name, params, ADJ, (args) => new AdjusterV(make(args)));

/** `java.time.temporal.TemporalAdjusters` (its methods return `TemporalAdjuster`, which Spinnaker's return-type filter refuses). */
export const TEMPORAL_ADJUSTERS: JavaClassDef = {
  name: TA,
  methods: [
    adjuster("firstDayOfMonth", [], () => (d) => new LocalDateV(d.year, d.month, 1)),
    adjuster("lastDayOfMonth", [], () => (d) => new LocalDateV(d.year, d.month, monthLength(d.year, d.month))),
    adjuster("firstDayOfNextMonth", [], () => (d) => new LocalDateV(d.year, d.month, 1).plusMonths(1)),
    adjuster("firstDayOfYear", [], () => (d) => new LocalDateV(d.year, 1, 1)),
    adjuster("lastDayOfYear", [], () => (d) => new LocalDateV(d.year, 12, 31)),
    adjuster("firstDayOfNextYear", [], () => (d) => new LocalDateV(checkYear(d.year + 1), 1, 1)),
    adjuster("firstInMonth", [DOW], ([w]) => {
      const dow = dowArg(w);
      return (d) => firstInMonth(d, dow);
    }),
    adjuster("lastInMonth", [DOW], ([w]) => {
      const dow = dowArg(w);
      return (d) => lastInMonth(d, dow);
    }),
    adjuster("dayOfWeekInMonth", ["int", DOW], ([n, w]) => {
      const ordinal = argInt(n);
      const dow = dowArg(w);
      if (ordinal >= 0) return (d) => firstInMonth(d, dow).plusDays((ordinal - 1) * 7);
      return (d) => lastInMonth(d, dow).plusDays((ordinal + 1) * 7);
    }),
    adjuster("next", [DOW], ([w]) => {
      const dow = dowArg(w);
      return (d) => d.plusDays(floorMod(dow - d.dow - 1, 7) + 1);
    }),
    adjuster("nextOrSame", [DOW], ([w]) => {
      const dow = dowArg(w);
      return (d) => d.plusDays(floorMod(dow - d.dow, 7));
    }),
    adjuster("previous", [DOW], ([w]) => {
      const dow = dowArg(w);
      return (d) => d.plusDays(-(floorMod(d.dow - dow - 1, 7) + 1));
    }),
    adjuster("previousOrSame", [DOW], ([w]) => {
      const dow = dowArg(w);
      return (d) => d.plusDays(-floorMod(d.dow - dow, 7));
    }),
  ],
};

/** `java.time.temporal.TemporalAdjuster` (the interface the adjusters implement). */
export const TEMPORAL_ADJUSTER: JavaClassDef = {
  name: "java.time.temporal.TemporalAdjusters$$Lambda",
  spelOnly: true,
  supers: [ADJ],
  methods: [
    method("adjustInto", [TEMPORAL], TEMPORAL, (t, [x]) => {
      if (x instanceof LocalDateV) return adjustDate(x, t);
      if (x instanceof LocalDateTimeV) return adjustDateTime(x, t);
      throw dateTimeError(`Unsupported temporal: ${describe(x)}`);
    }),
    method("toString", [], S, (t) => String(t)),
  ],
};

const dur = (t: unknown): DurationV => t as DurationV;
const NS = { s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n, d: NANOS_PER_DAY, ms: 1_000_000n };
const times = (n: unknown, unit: bigint): DurationV => duration(argLong(n) * unit);

/** `java.time.Duration` (not allow-listed in Spinnaker; plain SpEL only). */
export const DURATION: JavaClassDef = {
  name: DUR,
  spelOnly: true,
  supers: [AMOUNT, "java.lang.Comparable", "java.io.Serializable"],
  staticFields: { ZERO: () => new DurationV(0n) },
  methods: [
    staticMethod("ofDays", ["long"], DUR, ([n]) => times(n, NS.d)),
    staticMethod("ofHours", ["long"], DUR, ([n]) => times(n, NS.h)),
    staticMethod("ofMinutes", ["long"], DUR, ([n]) => times(n, NS.m)),
    staticMethod("ofSeconds", ["long"], DUR, ([n]) => times(n, NS.s)),
    staticMethod("ofSeconds", ["long", "long"], DUR, ([n, a]) => duration(argLong(n) * NS.s + argLong(a))),
    staticMethod("ofMillis", ["long"], DUR, ([n]) => times(n, NS.ms)),
    staticMethod("ofNanos", ["long"], DUR, ([n]) => duration(argLong(n))),
    staticMethod("of", ["long", UNIT], DUR, ([n, u]) => {
      const unit = unitArg(u);
      if (unit.spec.dateBased && unit.spec.name !== "DAYS") throw javaException("UnsupportedTemporalTypeException", "Unit must not have an estimated duration");
      return duration(argLong(n) * unit.nanos);
    }),
    staticMethod("between", [TEMPORAL, TEMPORAL], DUR, ([a, b]) => {
      try {
        return duration(temporalUntil(a, b, unitNamed("NANOS")));
      } catch {
        return duration(temporalUntil(a, b, unitNamed("SECONDS")) * NS.s);
      }
    }),
    staticMethod("parse", [CS], DUR, ([s]) => parseDuration(argString(s))),
    method("toDays", [], "long", (t) => long(dur(t).seconds / 86400n)),
    method("toHours", [], "long", (t) => long(dur(t).seconds / 3600n)),
    method("toMinutes", [], "long", (t) => long(dur(t).seconds / 60n)),
    method("toSeconds", [], "long", (t) => long(dur(t).seconds)),
    method("getSeconds", [], "long", (t) => long(dur(t).seconds)),
    method("getNano", [], "int", (t) => dur(t).nanos),
    method("toMillis", [], "long", (t) => long(checkedLong(dur(t).seconds * 1000n + BigInt(Math.floor(dur(t).nanos / 1_000_000))))),
    method("toNanos", [], "long", (t) => long(checkedLong(dur(t).total))),
    method("isZero", [], "boolean", (t) => dur(t).total === 0n),
    method("isNegative", [], "boolean", (t) => dur(t).total < 0n),
    method("negated", [], DUR, (t) => duration(-dur(t).total)),
    method("abs", [], DUR, (t) => duration(dur(t).total < 0n ? -dur(t).total : dur(t).total)),
    method("plus", [DUR], DUR, (t, [o]) => duration(dur(t).total + amountNanos(o))),
    method("minus", [DUR], DUR, (t, [o]) => duration(dur(t).total - amountNanos(o))),
    method("plusDays", ["long"], DUR, (t, [n]) => duration(dur(t).total + argLong(n) * NS.d)),
    method("plusHours", ["long"], DUR, (t, [n]) => duration(dur(t).total + argLong(n) * NS.h)),
    method("plusMinutes", ["long"], DUR, (t, [n]) => duration(dur(t).total + argLong(n) * NS.m)),
    method("plusSeconds", ["long"], DUR, (t, [n]) => duration(dur(t).total + argLong(n) * NS.s)),
    method("plusMillis", ["long"], DUR, (t, [n]) => duration(dur(t).total + argLong(n) * NS.ms)),
    method("minusDays", ["long"], DUR, (t, [n]) => duration(dur(t).total - argLong(n) * NS.d)),
    method("minusHours", ["long"], DUR, (t, [n]) => duration(dur(t).total - argLong(n) * NS.h)),
    method("minusMinutes", ["long"], DUR, (t, [n]) => duration(dur(t).total - argLong(n) * NS.m)),
    method("minusSeconds", ["long"], DUR, (t, [n]) => duration(dur(t).total - argLong(n) * NS.s)),
    method("minusMillis", ["long"], DUR, (t, [n]) => duration(dur(t).total - argLong(n) * NS.ms)),
    method("multipliedBy", ["long"], DUR, (t, [n]) => duration(dur(t).total * argLong(n))),
    method("dividedBy", ["long"], DUR, (t, [n]) => {
      const d = argLong(n);
      if (d === 0n) throw arithmetic("Cannot divide by zero");
      return duration(dur(t).total / d);
    }),
    ...valueMethods(DUR, DUR),
  ],
};

/** The `java.time` classes of this module. */
export const TIME_CLASSES: readonly JavaClassDef[] = [
  LOCAL_DATE,
  LOCAL_DATE_TIME,
  INSTANT,
  DAY_OF_WEEK,
  CHRONO_UNIT,
  TEMPORAL_ADJUSTERS,
  TEMPORAL_ADJUSTER,
  DURATION,
];
