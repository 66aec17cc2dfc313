/**
 * kork's string helpers: `#toInt`, `#toFloat`, `#toBoolean`, `#toBase64`, `#fromBase64`,
 * `#alphanumerical`, `#fetchReference`, with Java's exact parsing rules.
 * @module
 */
import { JavaFloat } from "../values/boxes.js";
import { defineFunction, type ExpressionFunction } from "./function.js";
import { javaException, nullPointer, str } from "./support.js";

function numberFormat(message: string): Error {
  return javaException("NumberFormatException", message, "NUMBER_FORMAT");
}

/** Java's `Character.digit(c, 10)` for one UTF-16 unit: ASCII and other Unicode decimal digits (Nd). */
function decimalDigit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c < 0x80) return -1;
  const ch = s.charAt(i);
  if (!/\p{Nd}/u.test(ch)) return -1;
  // Nd characters come in runs of ten consecutive code points starting at a zero digit.
  let start = c;
  while (start > 0 && /\p{Nd}/u.test(String.fromCharCode(start - 1))) start--;
  return (c - start) % 10;
}

/**
 * Java's `Integer.valueOf(String)` / `parseInt`: an optional `+`/`-` then decimal digits (any
 * Unicode decimal digits, as `Character.digit` accepts), no whitespace, within 32 bits.
 * Throws `NumberFormatException`.
 */
export function javaParseInt(s: string | null): number {
  if (s === null) throw numberFormat("Cannot parse null string");
  const bad = (): Error => numberFormat(`For input string: "${s}"`);
  if (s.length === 0) throw bad();
  let i = 0;
  let negative = false;
  const first = s.charAt(0);
  if (first === "-" || first === "+") {
    negative = first === "-";
    i = 1;
    if (s.length === 1) throw bad();
  }
  let acc = 0n;
  const limit = negative ? 2n ** 31n : 2n ** 31n - 1n;
  for (; i < s.length; i++) {
    const d = decimalDigit(s, i);
    if (d < 0) throw bad();
    acc = acc * 10n + BigInt(d);
    if (acc > limit) throw bad();
  }
  return Number(negative ? -acc : acc);
}

/** Java's `String.trim()`: strips every character `<= ' '` from both ends. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

const DECIMAL_FLOAT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)[fFdD]?$/;

/**
 * Java's `Double.parseDouble(String)`: trims, accepts `NaN`, `Infinity`, decimal and hexadecimal
 * (`0x1p3`) forms with an optional `f`/`d` suffix. Throws `NumberFormatException`
 * (`empty String`, `For input string: "..."`).
 */
export function javaParseDouble(s: string): number {
  const t = javaTrim(s);
  if (t.length === 0) throw numberFormat("empty String");
  if (DECIMAL_FLOAT.test(t)) return Number(t.replace(/[fFdD]$/, ""));
  const h = HEX_FLOAT.exec(t);
  if (h && (h[2]! + (h[3] ?? "")).length > 0) {
    const intDigits = h[2]!;
    const fracDigits = h[3] ?? "";
    const mantissa = BigInt("0x" + (intDigits + fracDigits || "0"));
    const v = Number(mantissa) * 2 ** (Number(h[4]) - 4 * fracDigits.length);
    return h[1] === "-" ? -v : v;
  }
  throw numberFormat(`For input string: "${t}"`);
}

/**
 * Java's `Float.valueOf(String)`: the syntax of {@link javaParseDouble}, rounded to 32 bits.
 * Throws `NumberFormatException`; `null` is a `NullPointerException`.
 */
export function javaParseFloat(s: string | null): JavaFloat {
  if (s === null) throw nullPointer("String.trim()");
  return new JavaFloat(javaParseDouble(s));
}

/** Java's `Boolean.valueOf(String)`: true only for `"true"` in any case. */
export function javaParseBoolean(s: string | null): boolean {
  return s !== null && s.length === 4 && s.toLowerCase() === "true";
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Java's `String.getBytes(UTF_8)`: a lone surrogate becomes `?`. */
export function javaUtf8(s: string): Buffer {
  return Buffer.from(s.replace(LONE_SURROGATE, "?"), "utf8");
}

const B64 = (() => {
  const t = new Int8Array(256).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  t[0x3d] = -2;
  return t;
})();

/**
 * Java's `Base64.getDecoder().decode(String)` (RFC 4648 basic alphabet, optional padding, no line
 * breaks or whitespace), with Java's error messages. Throws `IllegalArgumentException`.
 */
export function javaBase64Decode(text: string): Uint8Array {
  // decode(String) works on the ISO-8859-1 bytes of the text (other characters become '?')
  const src = Array.from(text, (ch) => {
    const c = ch.charCodeAt(0);
    return ch.length === 1 && c <= 0xff ? c : 0x3f;
  });
  const illegal = (msg: string): Error => javaException("IllegalArgumentException", msg);
  const out: number[] = [];
  let bits = 0;
  let shiftto = 18;
  let sp = 0;
  const sl = src.length;
  while (sp < sl) {
    const raw = src[sp++]!;
    const b = B64[raw]!;
    if (b < 0) {
      if (b === -2) {
        if ((shiftto === 6 && (sp === sl || src[sp++] !== 0x3d)) || shiftto === 18) {
          throw illegal("Input byte array has wrong 4-byte ending unit");
        }
        break;
      }
      const signed = raw > 127 ? raw - 256 : raw;
      throw illegal(`Illegal base64 character ${signed.toString(16)}`);
    }
    bits |= b << shiftto;
    shiftto -= 6;
    if (shiftto < 0) {
      out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
      shiftto = 18;
      bits = 0;
    }
  }
  if (shiftto === 6) out.push((bits >> 16) & 0xff);
  else if (shiftto === 0) out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff);
  else if (shiftto === 12) throw illegal("Last unit does not have enough valid bits");
  if (sp < sl) throw illegal(`Input byte array has incorrect ending byte at ${sp}`);
  return Uint8Array.from(out);
}

/** `#toInt(String)`: `Integer.valueOf`. */
export const toInt: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Converts a String to an Integer (Integer.valueOf)",
  invoke(_env, s) {
    return javaParseInt(str(s));
  },
});

/** `#toFloat(String)`: `Float.valueOf` (a 32-bit float). */
export const toFloat: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Converts a String to a Float (Float.valueOf)",
  invoke(_env, s) {
    return javaParseFloat(str(s));
  },
});

/** `#toBoolean(String)`: `Boolean.valueOf`. */
export const toBoolean: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Converts a String to a Boolean (true only for 'true', any case)",
  invoke(_env, s) {
    return javaParseBoolean(str(s));
  },
});

/** `#toBase64(String)`: standard Base64 of the UTF-8 bytes. */
export const toBase64: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Encodes a String's UTF-8 bytes as Base64",
  invoke(_env, s) {
    const text = str(s);
    if (text === null) throw nullPointer("String.getBytes(java.nio.charset.Charset)");
    return javaUtf8(text).toString("base64");
  },
});

const utf8Decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** `#fromBase64(String)`: decodes Base64 (strictly) and reads the bytes as UTF-8. */
export const fromBase64: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Decodes Base64 text to a UTF-8 String",
  invoke(_env, s) {
    const text = str(s);
    if (text === null) throw nullPointer("String.getBytes(java.nio.charset.Charset)");
    return utf8Decoder.decode(javaBase64Decode(text));
  },
});

/** `#alphanumerical(String)`: removes every character outside `[A-Za-z0-9]`. */
export const alphanumerical: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Removes every character that is not A-Z, a-z or 0-9",
  invoke(_env, s) {
    const text = str(s);
    if (text === null) throw nullPointer("String.replaceAll(String, String)");
    return text.replace(/[^A-Za-z0-9]/g, "");
  },
});

/**
 * `#fetchReference(String)`: returns its argument. (In Spinnaker the String-to-String converter
 * swaps artifact-store `ref://` URIs for the stored content; hosts that use an artifact store do
 * that in their own conversion.)
 */
export const fetchReference: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Returns its argument (artifact-store references are expanded by the host)",
  invoke(_env, s) {
    return str(s);
  },
});
