/**
 * Java's `java.util.Formatter` (as used by `String.format`) for the evaluator's values, with
 * Java's parsing, flag checks, rounding (HALF_UP on the shortest decimal digits) and exceptions.
 * @module
 */
import { JavaChar } from "../../values/boxes.js";
import { javaHashCode } from "../../values/equality.js";
import { javaToString } from "../../values/format.js";
import { javaClassName } from "../../values/kinds.js";
import { numKind, toDouble, toLong } from "../../values/numbers.js";
import { javaException } from "./util.js";

const FLAG_ORDER = "-#+ 0,(<";

interface Spec {
  /** The specifier as written, for messages. */
  text: string;
  /** 0 = ordinary, -1 = relative (`<`), n = explicit `n$`, -2 = no argument (`%%`, `%n`). */
  index: number;
  flags: string;
  width: number;
  precision: number;
  /** Lower-case conversion character (`t` for date/time, with {@link dt}). */
  conv: string;
  upper: boolean;
  dt: string;
}

type Part = string | Spec;

function fail(type: string, message: string): Error {
  return javaException(type, message);
}

function flagsString(flags: string): string {
  return [...FLAG_ORDER].filter((f) => flags.includes(f)).join("");
}

/** Java's `FormatSpecifier.toString()`. */
function specString(s: Spec): string {
  let out = "%" + flagsString(s.flags);
  if (s.index > 0) out = `%${s.index}$` + out.slice(1);
  if (s.width !== -1) out += String(s.width);
  if (s.precision !== -1) out += "." + String(s.precision);
  if (s.conv === "t") out += s.upper ? "T" : "t";
  return out + (s.conv === "t" ? s.dt : s.upper ? s.conv.toUpperCase() : s.conv);
}

const SPEC = /%(\d+\$)?([-#+ 0,(<]*)?(\d+)?(\.\d+)?([tT])?([a-zA-Z%])/y;
const CONVERSIONS = "bhscdoxefgatn%";
const DATE_CONVERSIONS = "HIklMSLNpzZsQBbhAaCYyjmdeRTrDFc";

function has(s: Spec, f: string): boolean {
  return s.flags.includes(f);
}

function badFlags(s: Spec, flags: string): void {
  for (const f of flags) {
    if (has(s, f)) throw fail("FormatFlagsConversionMismatchException", `Conversion = ${s.conv}, Flags = ${f}`);
  }
}

function checkNumeric(s: Spec): void {
  if (s.width === -1 && (has(s, "-") || has(s, "0"))) throw fail("MissingFormatWidthException", specString(s));
  if ((has(s, "+") && has(s, " ")) || (has(s, "-") && has(s, "0"))) {
    throw fail("IllegalFormatFlagsException", `Flags = '${flagsString(s.flags)}'`);
  }
}

function checkNoPrecision(s: Spec): void {
  if (s.precision !== -1) throw fail("IllegalFormatPrecisionException", String(s.precision));
}

/** The construction-time checks of Java's `FormatSpecifier`. */
function check(s: Spec): void {
  switch (s.conv) {
    case "b":
    case "h":
    case "s":
      if (s.conv !== "s" && has(s, "#")) badFlags(s, "#");
      if (s.width === -1 && has(s, "-")) throw fail("MissingFormatWidthException", specString(s));
      badFlags(s, "+ 0,(");
      return;
    case "c":
      checkNoPrecision(s);
      badFlags(s, "#+ 0,(");
      if (s.width === -1 && has(s, "-")) throw fail("MissingFormatWidthException", specString(s));
      return;
    case "d":
    case "o":
    case "x":
      checkNoPrecision(s);
      checkNumeric(s);
      if (s.conv === "d") badFlags(s, "#");
      else badFlags(s, ",");
      return;
    case "e":
    case "f":
    case "g":
    case "a":
      checkNumeric(s);
      if (s.conv === "e") badFlags(s, ",");
      if (s.conv === "g") badFlags(s, "#");
      if (s.conv === "a") badFlags(s, ",(");
      return;
    case "t":
      checkNoPrecision(s);
      badFlags(s, "#+ 0,(");
      if (s.width === -1 && has(s, "-")) throw fail("MissingFormatWidthException", specString(s));
      return;
    case "%":
      checkNoPrecision(s);
      if (s.width === -1 && has(s, "-")) throw fail("MissingFormatWidthException", specString(s));
      if (s.flags.replace("-", "").length > 0) throw fail("IllegalFormatFlagsException", `Flags = '${flagsString(s.flags)}'`);
      return;
    case "n":
      checkNoPrecision(s);
      if (s.width !== -1) throw fail("IllegalFormatWidthException", String(s.width));
      if (s.flags.length > 0) throw fail("IllegalFormatFlagsException", `Flags = '${flagsString(s.flags)}'`);
      return;
  }
}

function parse(format: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const p = format.indexOf("%", i);
    if (p < 0) {
      parts.push(format.slice(i));
      break;
    }
    if (p > i) parts.push(format.slice(i, p));
    SPEC.lastIndex = p;
    const m = SPEC.exec(format);
    if (!m) {
      throw fail("UnknownFormatConversionException", `Conversion = '${p + 1 < format.length ? format[p + 1]! : "%"}'`);
    }
    const flags = m[2] ?? "";
    for (let j = 0; j < flags.length; j++) {
      if (flags.indexOf(flags[j]!, j + 1) >= 0) throw fail("DuplicateFormatFlagsException", `Flags = '${flags[j]!}'`);
    }
    const raw = m[6]!;
    const isDate = m[5] !== undefined;
    const conv = isDate ? "t" : raw.toLowerCase();
    if (isDate) {
      if (!DATE_CONVERSIONS.includes(raw)) throw fail("UnknownFormatConversionException", `Conversion = '${m[5]!}${raw}'`);
    } else if (!CONVERSIONS.includes(conv) || (raw !== conv && "bhscxegat".indexOf(conv) < 0)) {
      throw fail("UnknownFormatConversionException", `Conversion = '${raw}'`);
    }
    const spec: Spec = {
      text: m[0],
      index: conv === "%" || conv === "n" ? -2 : flags.includes("<") ? -1 : m[1] ? Number(m[1].slice(0, -1)) : 0,
      flags,
      width: m[3] !== undefined ? Number(m[3]) : -1,
      precision: m[4] !== undefined ? Number(m[4].slice(1)) : -1,
      conv,
      upper: isDate ? m[5] === "T" : raw !== conv,
      dt: isDate ? raw : "",
    };
    check(spec);
    parts.push(spec);
    i = p + m[0].length;
  }
  return parts;
}

function justify(s: Spec, text: string): string {
  if (s.width === -1 || text.length >= s.width) return text;
  const pad = " ".repeat(s.width - text.length);
  return has(s, "-") ? text + pad : pad + text;
}

function group(intDigits: string): string {
  let out = "";
  for (let i = 0; i < intDigits.length; i++) {
    if (i > 0 && (intDigits.length - i) % 3 === 0) out += ",";
    out += intDigits[i]!;
  }
  return out;
}

/** Java's `localizedMagnitude` + sign handling for a non-negative magnitude text. */
function signed(s: Spec, negative: boolean, magnitude: string, suffix = ""): string {
  let mag = magnitude;
  if (has(s, ",")) {
    const dot = mag.indexOf(".");
    const intPart = dot < 0 ? mag : mag.slice(0, dot);
    mag = group(intPart) + (dot < 0 ? "" : mag.slice(dot));
  }
  let lead = "";
  if (negative) lead = has(s, "(") ? "(" : "-";
  else if (has(s, "+")) lead = "+";
  else if (has(s, " ")) lead = " ";
  const trail = negative && has(s, "(") ? ")" : "";
  if (s.width !== -1 && has(s, "0")) {
    const target = s.width - lead.length - trail.length - suffix.length;
    if (mag.length < target) mag = "0".repeat(target - mag.length) + mag;
  }
  return lead + mag + suffix + trail;
}

function conversionMismatch(s: Spec, arg: unknown): Error {
  const c = s.conv === "t" ? s.dt : s.upper ? s.conv.toUpperCase() : s.conv;
  return fail("IllegalFormatConversionException", `${c} != ${javaClassName(arg) ?? "null"}`);
}

function formatInteger(s: Spec, arg: unknown): string {
  let value: bigint;
  let bits: 32 | 64 | 0;
  if (typeof arg === "bigint") {
    value = arg;
    bits = 0;
  } else {
    const k = numKind(arg);
    if (k === "int") bits = 32;
    else if (k === "long") bits = 64;
    else throw conversionMismatch(s, arg);
    value = toLong(arg);
  }
  if (s.conv === "d") return justify(s, signed(s, value < 0n, (value < 0n ? -value : value).toString()));
  const radix = s.conv === "o" ? 8 : 16;
  const prefix = has(s, "#") ? (radix === 8 ? "0" : "0x") : "";
  let text: string;
  if (bits === 0) {
    const neg = value < 0n;
    const body = prefix + (neg ? -value : value).toString(radix);
    text = signed(s, neg, body);
  } else {
    badFlags(s, "+ (");
    const body = BigInt.asUintN(bits, value).toString(radix);
    const zeros = has(s, "0") ? Math.max(0, s.width - prefix.length - body.length) : 0;
    text = prefix + "0".repeat(zeros) + body;
  }
  return justify(s, s.upper ? text.toUpperCase() : text);
}

/** Shortest decimal digits of a positive finite double: value = 0.d1d2... × 10^(exp + 1). */
function shortestDigits(v: number): { n: bigint; len: number; exp: number } {
  const t = v.toExponential();
  const e = t.indexOf("e");
  const digits = t.slice(0, e).replace(".", "");
  return { n: BigInt(digits), len: digits.length, exp: Number(t.slice(e + 1)) };
}

function roundHalfUp(n: bigint, drop: number): bigint {
  if (drop <= 0) return n * 10n ** BigInt(-drop);
  const div = 10n ** BigInt(drop);
  const q = n / div;
  return (n % div) * 2n >= div ? q + 1n : q;
}

/** Fixed notation with `prec` decimals, rounding the shortest digits half-up. */
function fixed(v: number, prec: number): string {
  if (v === 0) return prec > 0 ? "0." + "0".repeat(prec) : "0";
  const d = shortestDigits(v);
  // v = n × 10^(exp - len + 1); we want round(v × 10^prec)
  const m = roundHalfUp(d.n, d.len - 1 - d.exp - prec);
  const str = m.toString().padStart(prec + 1, "0");
  return prec > 0 ? `${str.slice(0, -prec)}.${str.slice(-prec)}` : str;
}

/** Scientific notation with `prec` decimals: mantissa text and exponent. */
function scientific(v: number, prec: number): { mant: string; exp: number } {
  if (v === 0) return { mant: prec > 0 ? "0." + "0".repeat(prec) : "0", exp: 0 };
  const d = shortestDigits(v);
  let m = roundHalfUp(d.n, d.len - (prec + 1));
  let exp = d.exp;
  if (m.toString().length > prec + 1) {
    m /= 10n;
    exp += 1;
  }
  const str = m.toString();
  return { mant: prec > 0 ? `${str[0]!}.${str.slice(1)}` : str, exp };
}

function expText(s: Spec, exp: number): string {
  const a = Math.abs(exp);
  return `${s.upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${a < 10 ? "0" : ""}${a}`;
}

function formatFloating(s: Spec, arg: unknown): string {
  const k = numKind(arg);
  if (k !== "double" && k !== "float") throw conversionMismatch(s, arg);
  const value = toDouble(arg);
  let text: string;
  if (Number.isNaN(value)) {
    text = s.upper ? "NAN" : "NaN";
  } else if (!Number.isFinite(value)) {
    if (value < 0) text = has(s, "(") ? "(Infinity)" : "-Infinity";
    else text = (has(s, "+") ? "+" : has(s, " ") ? " " : "") + "Infinity";
    if (s.upper) text = text.toUpperCase();
  } else {
    const neg = value < 0; // Java prints -0.0 as 0.000000
    const v = Math.abs(value);
    if (s.conv === "a") {
      text = signed(s, neg, hexDouble(v, s.precision));
    } else if (s.conv === "f") {
      const prec = s.precision === -1 ? 6 : s.precision;
      let mag = fixed(v, prec);
      if (has(s, "#") && prec === 0) mag += ".";
      text = signed(s, neg, mag);
    } else if (s.conv === "e") {
      const prec = s.precision === -1 ? 6 : s.precision;
      const sc = scientific(v, prec);
      let mag = sc.mant;
      if (has(s, "#") && prec === 0) mag += ".";
      text = signed(s, neg, mag, expText(s, sc.exp));
    } else {
      let prec = s.precision === -1 ? 6 : s.precision === 0 ? 1 : s.precision;
      if (v === 0) {
        text = signed(s, neg, fixed(0, prec - 1));
      } else {
        const sc = scientific(v, prec - 1);
        if (sc.exp < -4 || sc.exp >= prec) {
          text = signed(s, neg, sc.mant, expText(s, sc.exp));
        } else {
          prec = prec - 1 - sc.exp;
          text = signed(s, neg, fixed(v, prec));
        }
      }
    }
    if (s.upper) text = text.toUpperCase();
  }
  return justify(s, text);
}

/** Java's `Double.toHexString` for a non-negative finite value (with an optional precision). */
function hexDouble(v: number, precision: number): string {
  if (v === 0) return "0x0.0p0";
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const bits = buf.getBigUint64(0);
  const rawExp = Number((bits >> 52n) & 0x7ffn);
  let frac = bits & ((1n << 52n) - 1n);
  const subnormal = rawExp === 0;
  let hex = frac.toString(16).padStart(13, "0");
  if (precision !== -1 && precision < 13) {
    const drop = BigInt((13 - precision) * 4);
    const div = 1n << drop;
    let q = frac / div;
    if ((frac % div) * 2n >= div) q += 1n;
    frac = q;
    hex = precision === 0 ? "" : frac.toString(16).padStart(precision, "0");
  } else {
    hex = hex.replace(/0+$/, "") || "0";
  }
  return `0x${subnormal ? "0" : "1"}.${hex || "0"}p${subnormal ? -1022 : rawExp - 1023}`;
}

function formatChar(s: Spec, arg: unknown): string {
  let text: string;
  if (arg instanceof JavaChar) text = String.fromCharCode(arg.code);
  else if (numKind(arg) === "int") {
    const cp = arg as number;
    if (cp < 0 || cp > 0x10ffff) {
      throw fail("IllegalFormatCodePointException", `Code point = 0x${(cp >>> 0).toString(16)}`);
    }
    text = String.fromCodePoint(cp);
  } else throw conversionMismatch(s, arg);
  return justify(s, s.upper ? text.toUpperCase() : text);
}

function truncate(s: Spec, text: string): string {
  return s.precision !== -1 && text.length > s.precision ? text.slice(0, s.precision) : text;
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * What a date/time argument offers the `%t` conversions: its instant as epoch milliseconds (UTC)
 * and which fields it supports (`LocalDate` has no time, `Instant` only epoch-based fields).
 * Emulated temporal classes implement this; `long` and `java.util.Date` support everything.
 */
export interface FormattableTemporal {
  /** Epoch milliseconds of the value, reading local date/times as UTC. */
  epochMillisUtc(): number;
  /** Supported field group. */
  readonly temporalFields: "date" | "datetime" | "instant" | "zoned";
}

const FIELD_SUPPORT: Record<FormattableTemporal["temporalFields"], string> = {
  instant: "sQLN",
  date: "YyCmdejBbhAaDF",
  datetime: "YyCmdejBbhAaDFHIklMSLNpRTr",
  zoned: DATE_CONVERSIONS,
};

function isFormattableTemporal(v: unknown): v is FormattableTemporal {
  return (
    v !== null &&
    typeof v === "object" &&
    typeof (v as Partial<FormattableTemporal>).epochMillisUtc === "function" &&
    typeof (v as Partial<FormattableTemporal>).temporalFields === "string"
  );
}

/** Epoch milliseconds of a date/time argument, checking that it has the field `%t` asks for. */
function epochMillisOf(s: Spec, arg: unknown): number {
  const k = numKind(arg);
  if (k === "int" || k === "long") return Number(toLong(arg));
  if (isFormattableTemporal(arg) && FIELD_SUPPORT[arg.temporalFields].includes(s.dt)) return arg.epochMillisUtc();
  throw conversionMismatch(s, arg);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

function formatDateTime(s: Spec, arg: unknown): string {
  const d = new Date(epochMillisOf(s, arg));
  const H = d.getUTCHours();
  const h12 = H % 12 === 0 ? 12 : H % 12;
  const date = (c: string): string => {
    switch (c) {
      case "H":
        return pad(H, 2);
      case "I":
        return pad(h12, 2);
      case "k":
        return String(H);
      case "l":
        return String(h12);
      case "M":
        return pad(d.getUTCMinutes(), 2);
      case "S":
        return pad(d.getUTCSeconds(), 2);
      case "L":
        return pad(d.getUTCMilliseconds(), 3);
      case "N":
        return pad(d.getUTCMilliseconds(), 3) + "000000";
      case "p":
        return H < 12 ? "am" : "pm";
      case "z":
        return "+0000";
      case "Z":
        return "UTC";
      case "s":
        return String(Math.floor(d.getTime() / 1000));
      case "Q":
        return String(d.getTime());
      case "B":
        return MONTHS[d.getUTCMonth()]!;
      case "b":
      case "h":
        return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case "A":
        return DAYS[d.getUTCDay()]!;
      case "a":
        return DAYS[d.getUTCDay()]!.slice(0, 3);
      case "C":
        return pad(Math.floor(d.getUTCFullYear() / 100), 2);
      case "Y":
        return pad(d.getUTCFullYear(), 4);
      case "y":
        return pad(d.getUTCFullYear() % 100, 2);
      case "j":
        return pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3);
      case "m":
        return pad(d.getUTCMonth() + 1, 2);
      case "d":
        return pad(d.getUTCDate(), 2);
      case "e":
        return String(d.getUTCDate());
      case "R":
        return `${date("H")}:${date("M")}`;
      case "T":
        return `${date("H")}:${date("M")}:${date("S")}`;
      case "r":
        return `${date("I")}:${date("M")}:${date("S")} ${date("p").toUpperCase()}`;
      case "D":
        return `${date("m")}/${date("d")}/${date("y")}`;
      case "F":
        return `${date("Y")}-${date("m")}-${date("d")}`;
      default: // "c"
        return `${date("a")} ${date("b")} ${date("d")} ${date("T")} ${date("Z")} ${date("Y")}`;
    }
  };
  const text = date(s.dt);
  return justify(s, s.upper ? text.toUpperCase() : text);
}

function print(s: Spec, arg: unknown): string {
  if (s.conv === "b") {
    const text = arg === null || arg === undefined ? "false" : typeof arg === "boolean" ? String(arg) : "true";
    return justify(s, truncate(s, s.upper ? text.toUpperCase() : text));
  }
  if (s.conv === "h") {
    const text = arg === null || arg === undefined ? "null" : (javaHashCode(arg) >>> 0).toString(16);
    return justify(s, truncate(s, s.upper ? text.toUpperCase() : text));
  }
  if (s.conv === "s") {
    if (has(s, "#")) throw fail("FormatFlagsConversionMismatchException", "Conversion = s, Flags = #");
    const text = truncate(s, javaToString(arg));
    return justify(s, s.upper ? text.toUpperCase() : text);
  }
  if (arg === null || arg === undefined) {
    const text = truncate(s, "null");
    return justify(s, s.upper ? text.toUpperCase() : text);
  }
  switch (s.conv) {
    case "c":
      return formatChar(s, arg);
    case "d":
    case "o":
    case "x":
      return formatInteger(s, arg);
    case "t":
      return formatDateTime(s, arg);
    default:
      return formatFloating(s, arg);
  }
}

/**
 * Java's `String.format(format, args...)` (US locale, UTC for dates): `%s %S %d %x %X %o %f %e
 * %g %a %b %c %h %t… %n %%` with flags `- # + space 0 , (`, width, precision, `n$` and `<`
 * argument indexes. Java's exceptions (`MissingFormatArgumentException`,
 * `IllegalFormatConversionException`, `UnknownFormatConversionException`, ...) are thrown as
 * `METHOD_FAILED` errors whose `exceptionType` names the Java exception.
 */
export function javaFormat(format: string, args: readonly unknown[]): string {
  const parts = parse(format);
  let out = "";
  let last = -1;
  let ordinary = -1;
  for (const p of parts) {
    if (typeof p === "string") {
      out += p;
      continue;
    }
    if (p.index === -2) {
      out += p.conv === "n" ? "\n" : justify(p, "%");
      continue;
    }
    if (p.index === -1) {
      if (last < 0 || last > args.length - 1) throw fail("MissingFormatArgumentException", `Format specifier '${p.text}'`);
    } else if (p.index === 0) {
      ordinary++;
      last = ordinary;
    } else {
      last = p.index - 1;
    }
    if (last > args.length - 1) throw fail("MissingFormatArgumentException", `Format specifier '${p.text}'`);
    out += print(p, args[last]);
  }
  return out;
}
