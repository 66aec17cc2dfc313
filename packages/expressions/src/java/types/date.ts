/**
 * `java.util.Date` and `java.text.SimpleDateFormat` (US locale, UTC time zone, as Spinnaker's
 * servers run them): Java's pattern letters, lenient parsing, `toString` formats and exceptions.
 * @module
 */
import { JavaInstance } from "../../values/boxes.js";
import { stringHash } from "../../values/equality.js";
import { numKind, toLong } from "../../values/numbers.js";
import type { InvocationEnv, JavaClassDef } from "../class.js";
import type { FormattableTemporal } from "./formatter.js";
import { InstantV, instantOfEpochMilli, monthLength } from "./time.js";
import { argLong, argString, ctor, illegalArgument, javaException, long, method, sign, staticMethod } from "./util.js";

const DATE = "java.util.Date";
const SDF = "java.text.SimpleDateFormat";
const S = "java.lang.String";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** An emulated `java.util.Date`: epoch milliseconds. */
export class JavaDate extends JavaInstance implements FormattableTemporal {
  readonly javaClassName = DATE;
  readonly temporalFields = "zoned" as const;
  /** @param time epoch milliseconds */
  constructor(readonly time: number) {
    super();
  }
  /** Java's `toString`: `EEE MMM dd HH:mm:ss zzz yyyy` in UTC. */
  override toString(): string {
    return formatDate(DATE_TO_STRING, this.time);
  }
  override javaEquals(o: unknown): boolean {
    return o instanceof JavaDate && o.time === this.time;
  }
  /** Java's `compareTo`. */
  compareTo(o: JavaDate): number {
    return sign(this.time - o.time);
  }
  /** Java's `hashCode`: `(int) (t ^ (t >>> 32))`. */
  hashCode(): number {
    const t = BigInt.asUintN(64, BigInt(this.time));
    return Number(BigInt.asIntN(32, t ^ (t >> 32n)));
  }
  /** For `%t` formatting. */
  epochMillisUtc(): number {
    return this.time;
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns

type Token = { kind: "lit"; text: string } | { kind: "field"; letter: string; count: number };

const LETTERS = "GyMdkHmsSEDFwWahKzZYuXL";

/** Compiles a `SimpleDateFormat` pattern; throws Java's `IllegalArgumentException`s. */
export function compilePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  const lit = (t: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === "lit") last.text += t;
    else tokens.push({ kind: "lit", text: t });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        lit("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= pattern.length) throw illegalArgument("Unterminated quote");
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j]!;
        j++;
      }
      lit(text);
      i = j + 1;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!LETTERS.includes(c)) throw illegalArgument(`Illegal pattern character '${c}'`);
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({ kind: "field", letter: c, count: j - i });
      i = j;
    } else {
      lit(c);
      i++;
    }
  }
  return tokens;
}

const DATE_TO_STRING = compilePattern("EEE MMM dd HH:mm:ss zzz yyyy");

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** US week fields: week of year (Sunday start, minimal days 1) and the week-based year. */
function weekOfYear(d: Date): { week: number; year: number } {
  const y = d.getUTCFullYear();
  const doy = Math.floor((d.getTime() - Date.UTC(y, 0, 1)) / 86400000);
  const jan1 = new Date(Date.UTC(y, 0, 1)).getUTCDay();
  const nextJan1 = new Date(Date.UTC(y + 1, 0, 1));
  const startOfNextWeek1 = nextJan1.getTime() - nextJan1.getUTCDay() * 86400000;
  if (d.getTime() >= startOfNextWeek1) return { week: 1, year: y + 1 };
  return { week: Math.floor((doy + jan1) / 7) + 1, year: y };
}

function formatField(letter: string, count: number, d: Date): string {
  const year = d.getUTCFullYear();
  const H = d.getUTCHours();
  const num = (n: number): string => pad(n, count);
  switch (letter) {
    case "G":
      return year > 0 ? "AD" : "BC";
    case "y":
    case "Y": {
      const y0 = letter === "Y" ? weekOfYear(d).year : year;
      const y = y0 > 0 ? y0 : 1 - y0;
      return count === 2 ? pad(y % 100, 2) : pad(y, count);
    }
    case "M":
    case "L": {
      const m = d.getUTCMonth();
      if (count >= 4) return MONTHS[m]!;
      if (count === 3) return MONTHS[m]!.slice(0, 3);
      return num(m + 1);
    }
    case "d":
      return num(d.getUTCDate());
    case "k":
      return num(H === 0 ? 24 : H);
    case "H":
      return num(H);
    case "K":
      return num(H % 12);
    case "h":
      return num(H % 12 === 0 ? 12 : H % 12);
    case "m":
      return num(d.getUTCMinutes());
    case "s":
      return num(d.getUTCSeconds());
    case "S":
      return num(d.getUTCMilliseconds());
    case "E":
      return count >= 4 ? DAYS[d.getUTCDay()]! : DAYS[d.getUTCDay()]!.slice(0, 3);
    case "u":
      return num(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
    case "D":
      return num(Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86400000) + 1);
    case "F":
      return num(Math.floor((d.getUTCDate() - 1) / 7) + 1);
    case "w":
      return num(weekOfYear(d).week);
    case "W": {
      const first = new Date(Date.UTC(year, d.getUTCMonth(), 1)).getUTCDay();
      return num(Math.floor((d.getUTCDate() - 1 + first) / 7) + 1);
    }
    case "a":
      return H < 12 ? "AM" : "PM";
    case "z":
      return count >= 4 ? "Coordinated Universal Time" : "UTC";
    case "Z":
      return "+0000";
    default: // "X"
      return "Z";
  }
}

function formatDate(tokens: readonly Token[], time: number): string {
  const d = new Date(time);
  return tokens.map((t) => (t.kind === "lit" ? t.text : formatField(t.letter, t.count, d))).join("");
}

// ---------------------------------------------------------------------------------------------
// Parsing

const ZONES: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  "COORDINATED UNIVERSAL TIME": 0,
  "GREENWICH MEAN TIME": 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  JST: 540,
};

interface Fields {
  year?: number;
  twoDigitYear?: boolean;
  month?: number;
  day?: number;
  hour24?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  milli?: number;
  offsetMinutes?: number;
}

function isNumericField(t: Token | undefined): boolean {
  return t !== undefined && t.kind === "field" && !(t.count >= 3 && (t.letter === "M" || t.letter === "L")) && !"EaGzZX".includes(t.letter);
}

function matchName(text: string, pos: number, names: readonly string[]): { index: number; end: number } | null {
  let best: { index: number; end: number } | null = null;
  const lower = text.toLowerCase();
  names.forEach((name, index) => {
    for (const cand of [name, name.slice(0, 3)]) {
      if (lower.startsWith(cand.toLowerCase(), pos) && (!best || pos + cand.length > best.end)) best = { index, end: pos + cand.length };
    }
  });
  return best;
}

function parseOffset(text: string, pos: number, allowColon: boolean): { minutes: number; end: number } | null {
  const m = /^([+-])(\d{2})(?::?(\d{2}))?/.exec(text.slice(pos));
  if (!m) return null;
  if (!allowColon && m[0].includes(":")) return null;
  const minutes = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === "-" ? -1 : 1);
  return { minutes, end: pos + m[0].length };
}

function parseZone(text: string, pos: number): { minutes: number; end: number } | null {
  const off = parseOffset(text, pos, true);
  if (off) return off;
  const rest = text.slice(pos).toUpperCase();
  const gmt = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(rest);
  if (gmt) {
    return { minutes: (Number(gmt[2]) * 60 + Number(gmt[3] ?? 0)) * (gmt[1] === "-" ? -1 : 1), end: pos + gmt[0].length };
  }
  let best: { minutes: number; end: number } | null = null;
  for (const [name, minutes] of Object.entries(ZONES)) {
    if (rest.startsWith(name) && (!best || pos + name.length > best.end)) best = { minutes, end: pos + name.length };
  }
  return best;
}

/** Lenient `SimpleDateFormat.parse`: epoch milliseconds, or null when the text does not match. */
function parseDate(tokens: readonly Token[], text: string, lenient: boolean, env: InvocationEnv): number | null {
  const f: Fields = {};
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "lit") {
      if (!text.startsWith(t.text, pos)) return null;
      pos += t.text.length;
      continue;
    }
    while (pos < text.length && (text[pos] === " " || text[pos] === "\t")) pos++;
    if (isNumericField(t)) {
      const abut = isNumericField(tokens[i + 1]);
      let end = pos;
      while (end < text.length && /\d/.test(text[end]!) && (!abut || end - pos < t.count)) end++;
      if (end === pos) return null;
      const v = Number(text.slice(pos, end));
      switch (t.letter) {
        case "y":
        case "Y":
          f.year = v;
          f.twoDigitYear = t.count <= 2 && end - pos === 2;
          break;
        case "M":
        case "L":
          f.month = v;
          break;
        case "d":
          f.day = v;
          break;
        case "H":
          f.hour24 = v;
          break;
        case "k":
          f.hour24 = v === 24 ? 0 : v;
          break;
        case "h":
          f.hour12 = v === 12 ? 0 : v;
          break;
        case "K":
          f.hour12 = v;
          break;
        case "m":
          f.minute = v;
          break;
        case "s":
          f.second = v;
          break;
        case "S":
          f.milli = v;
          break;
        default: // D F w W u: accepted, not used for the date
          break;
      }
      pos = end;
      continue;
    }
    switch (t.letter) {
      case "M":
      case "L": {
        const m = matchName(text, pos, MONTHS);
        if (!m) return null;
        f.month = m.index + 1;
        pos = m.end;
        break;
      }
      case "E": {
        const m = matchName(text, pos, DAYS);
        if (!m) return null;
        pos = m.end;
        break;
      }
      case "a": {
        const m = matchName(text, pos, ["AM", "PM"]);
        if (!m) return null;
        f.pm = m.index === 1;
        pos = m.end;
        break;
      }
      case "G": {
        const m = matchName(text, pos, ["BC", "AD"]);
        if (!m) return null;
        pos = m.end;
        break;
      }
      case "X": {
        if (text[pos] === "Z") {
          f.offsetMinutes = 0;
          pos += 1;
          break;
        }
        const o = parseOffset(text, pos, t.count === 3);
        if (!o) return null;
        f.offsetMinutes = o.minutes;
        pos = o.end;
        break;
      }
      default: {
        // z, Z: RFC 822 offsets or general time zone names
        const o = parseZone(text, pos);
        if (!o) return null;
        f.offsetMinutes = o.minutes;
        pos = o.end;
      }
    }
  }
  let year = f.year ?? 1970;
  if (f.twoDigitYear) {
    const start = new Date(env.now()).getUTCFullYear() - 80;
    year = Math.floor(start / 100) * 100 + year;
    if (year < start) year += 100;
  }
  const month = f.month ?? 1;
  const day = f.day ?? 1;
  const hour = f.hour24 ?? (f.hour12 !== undefined ? f.hour12 + (f.pm ? 12 : 0) : f.pm ? 12 : 0);
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  const milli = f.milli ?? 0;
  if (!lenient) {
    if (month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour > 23 || minute > 59 || second > 59 || milli > 999) return null;
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, milli);
  return d.getTime() - (f.offsetMinutes ?? 0) * 60000;
}

/** An emulated `java.text.SimpleDateFormat` (UTC). */
export class JavaSimpleDateFormat extends JavaInstance {
  readonly javaClassName = SDF;
  readonly tokens: readonly Token[];
  lenient = true;
  /** @param pattern the pattern (validated as Java does) */
  constructor(readonly pattern: string) {
    super();
    this.tokens = compilePattern(pattern);
  }
  /** Java's `Object.toString` with `SimpleDateFormat.hashCode()` (the pattern's hash). */
  override toString(): string {
    return `${SDF}@${(stringHash(this.pattern) >>> 0).toString(16)}`;
  }
  override javaEquals(o: unknown): boolean {
    return o instanceof JavaSimpleDateFormat && o.pattern === this.pattern && o.lenient === this.lenient;
  }
  /** Formats epoch milliseconds. */
  format(time: number): string {
    return formatDate(this.tokens, time);
  }
  /** Parses, throwing Java's `ParseException`. */
  parse(text: string, env: InvocationEnv): JavaDate {
    const t = parseDate(this.tokens, text, this.lenient, env);
    if (t === null || Number.isNaN(t)) throw javaException("ParseException", `Unparseable date: "${text}"`);
    return new JavaDate(t);
  }
}

const date = (t: unknown): JavaDate => t as JavaDate;
const sdf = (t: unknown): JavaSimpleDateFormat => t as JavaSimpleDateFormat;
const other = (o: unknown): JavaDate => {
  if (!(o instanceof JavaDate)) throw javaException("NullPointerException", "");
  return o;
};

/** `java.util.Date`. */
export const DATE_CLASS: JavaClassDef = {
  name: DATE,
  supers: ["java.lang.Comparable", "java.io.Serializable", "java.lang.Cloneable"],
  constructors: [
    ctor([], DATE, (_a, env) => new JavaDate(Math.floor(env.now()))),
    ctor(["long"], DATE, ([t]) => new JavaDate(Number(argLong(t)))),
  ],
  methods: [
    staticMethod("from", ["java.time.Instant"], DATE, ([i]) => {
      if (!(i instanceof InstantV)) throw javaException("NullPointerException", "");
      return new JavaDate(Number(i.toEpochMilli()));
    }),
    method("getTime", [], "long", (t) => long(BigInt(date(t).time))),
    method("before", [DATE], "boolean", (t, [o]) => date(t).time < other(o).time),
    method("after", [DATE], "boolean", (t, [o]) => date(t).time > other(o).time),
    method("compareTo", [DATE], "int", (t, [o]) => date(t).compareTo(other(o))),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => date(t).javaEquals(o)),
    method("hashCode", [], "int", (t) => date(t).hashCode()),
    method("toString", [], S, (t) => date(t).toString()),
    method("toInstant", [], "java.time.Instant", (t) => instantOfEpochMilli(BigInt(date(t).time))),
    method("getYear", [], "int", (t) => new Date(date(t).time).getUTCFullYear() - 1900),
    method("getMonth", [], "int", (t) => new Date(date(t).time).getUTCMonth()),
    method("getDate", [], "int", (t) => new Date(date(t).time).getUTCDate()),
    method("getDay", [], "int", (t) => new Date(date(t).time).getUTCDay()),
    method("getHours", [], "int", (t) => new Date(date(t).time).getUTCHours()),
    method("getMinutes", [], "int", (t) => new Date(date(t).time).getUTCMinutes()),
    method("getSeconds", [], "int", (t) => new Date(date(t).time).getUTCSeconds()),
    method("getTimezoneOffset", [], "int", () => 0),
  ],
};

/** `java.text.SimpleDateFormat` (UTC, US locale). */
export const SIMPLE_DATE_FORMAT: JavaClassDef = {
  name: SDF,
  supers: ["java.text.DateFormat", "java.text.Format", "java.io.Serializable", "java.lang.Cloneable"],
  constructors: [
    ctor([], SDF, () => new JavaSimpleDateFormat("M/d/yy, h:mm a")),
    ctor([S], SDF, ([p]) => new JavaSimpleDateFormat(argString(p))),
  ],
  methods: [
    method("format", [DATE], S, (t, [d]) => sdf(t).format(other(d).time)),
    method("format", ["java.lang.Object"], S, (t, [d]) => {
      if (d instanceof JavaDate) return sdf(t).format(d.time);
      if (numKind(d) !== null) return sdf(t).format(Number(toLong(d)));
      throw illegalArgument("Cannot format given Object as a Date");
    }),
    method("parse", [S], DATE, (t, [s], env) => sdf(t).parse(argString(s), env)),
    method("toPattern", [], S, (t) => sdf(t).pattern),
    method("setLenient", ["boolean"], "void", (t, [b]) => {
      sdf(t).lenient = b === true;
      return null;
    }),
    method("isLenient", [], "boolean", (t) => sdf(t).lenient),
    method("equals", ["java.lang.Object"], "boolean", (t, [o]) => sdf(t).javaEquals(o)),
    method("hashCode", [], "int", (t) => stringHash(sdf(t).pattern)),
    method("toString", [], S, (t) => sdf(t).toString()),
  ],
};

/** The classes of this module. */
export const DATE_CLASSES: readonly JavaClassDef[] = [DATE_CLASS, SIMPLE_DATE_FORMAT];
