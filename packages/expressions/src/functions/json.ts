/**
 * JSON the way Spinnaker's Jackson `ObjectMapper` reads and writes it, over the evaluator's value
 * model, plus the JSON helpers `#toJson`, `#doNotEval` and `#readJson`.
 * @module
 */
import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaInstance, JavaLong, JavaMapEntry, NotEvaluable } from "../values/boxes.js";
import { formatDouble, formatFloat, javaToString } from "../values/format.js";
import { isPlainObject } from "../values/kinds.js";
import { defineFunction, type ExpressionFunction } from "./function.js";
import { helperError, javaException, newMap, nullPointer } from "./support.js";

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Maximum nesting of arrays/objects accepted by {@link parseJavaJson} (Jackson 2.15's default). */
export const MAX_JSON_DEPTH = 1000;

/** Options for {@link parseJavaJson}. */
export interface ParseJavaJsonOptions {
  /**
   * Ignore whatever follows the first complete value, as Jackson's `readValue` does by default
   * (`FAIL_ON_TRAILING_TOKENS` off). Default `false`: trailing non-whitespace is an error.
   */
  readonly allowTrailing?: boolean;
}

/** A malformed JSON text (Jackson's `JsonParseException` / `MismatchedInputException`). */
function jsonError(exceptionType: string, message: string, text: string, pos: number): Error {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return javaException(exceptionType, `${message}\n at [Source: (String); line: ${line}, column: ${col}]`);
}

function describeChar(c: number): string {
  if (c < 32) return `(CTRL-CHAR, code ${c})`;
  return `('${String.fromCharCode(c)}' (code ${c}))`;
}

class JsonReader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, at = this.pos, type = "JsonParseException"): never {
    throw jsonError(type, message, this.text, at);
  }

  /** Skips Jackson's whitespace (space, tab, CR, LF); other control characters are errors. */
  skipWs(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else if (c < 32) this.fail(`Illegal character (${describeChar(c)}): only regular white space (\\r, \\n, \\t) is allowed between tokens`);
      else return;
    }
  }

  value(depth: number): unknown {
    this.skipWs();
    const t = this.text;
    if (this.pos >= t.length) this.fail("Unexpected end-of-input: expected a JSON value", this.pos, "JsonEOFException");
    const c = t.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.object(depth + 1);
      case 0x5b /* [ */:
        return this.array(depth + 1);
      case 0x22 /* " */:
        return this.string();
      case 0x74 /* t */:
        return this.literal("true", true);
      case 0x66 /* f */:
        return this.literal("false", false);
      case 0x6e /* n */:
        return this.literal("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.badToken();
    }
  }

  badToken(): never {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (!/[A-Za-z0-9_$]/.test(t.charAt(start))) {
      this.fail(
        `Unexpected character ${describeChar(c)}: expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      );
    }
    let end = start;
    while (end < t.length && /[A-Za-z0-9_$]/.test(t.charAt(end))) end++;
    const tok = t.slice(start, end);
    if (tok === "NaN" || tok === "Infinity") {
      this.fail(`Non-standard token '${tok}': enable \`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS\` to allow`, end);
    }
    this.fail(`Unrecognized token '${tok}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`, end);
  }

  literal(word: string, v: boolean | null): boolean | null {
    const t = this.text;
    if (t.startsWith(word, this.pos)) {
      const after = t.charAt(this.pos + word.length);
      if (!/[A-Za-z0-9_$]/.test(after)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.badToken();
  }

  number(): unknown {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    while (i < t.length && t.charCodeAt(i) >= 0x30 && t.charCodeAt(i) <= 0x39) i++;
    if (i === intStart) this.fail(`Unexpected character ${describeChar(t.charCodeAt(i))} in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`, i);
    if (i - intStart > 1 && t.charCodeAt(intStart) === 0x30) this.fail("Invalid numeric value: Leading zeroes not allowed", intStart);
    let isFloat = false;
    if (t.charCodeAt(i) === 0x2e) {
      isFloat = true;
      i++;
      const f = i;
      while (i < t.length && t.charCodeAt(i) >= 0x30 && t.charCodeAt(i) <= 0x39) i++;
      if (i === f) this.fail(`Unexpected character ${describeChar(t.charCodeAt(i))} in numeric value: Decimal point not followed by a digit`, i);
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      isFloat = true;
      i++;
      if (t.charCodeAt(i) === 0x2b || t.charCodeAt(i) === 0x2d) i++;
      const f = i;
      while (i < t.length && t.charCodeAt(i) >= 0x30 && t.charCodeAt(i) <= 0x39) i++;
      if (i === f) this.fail(`Unexpected character ${describeChar(t.charCodeAt(i))} in numeric value: Exponent indicator not followed by a digit`, i);
    }
    const after = t.charAt(i);
    if (/[A-Za-z_$]/.test(after)) {
      this.pos = start;
      this.fail(`Unexpected character ${describeChar(t.charCodeAt(i))}: Expected space separating root-level values or a valid numeric value`, i);
    }
    this.pos = i;
    const lit = t.slice(start, i);
    if (isFloat) return new JavaDouble(Number(lit));
    const big = BigInt(lit);
    if (big >= INT_MIN && big <= INT_MAX) return Number(big);
    if (big >= LONG_MIN && big <= LONG_MAX) return new JavaLong(big);
    return big;
  }

  string(): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= t.length) this.fail("Unexpected end-of-input: was expecting closing quote for a string value", i, "JsonEOFException");
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        out += t.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 32) {
        this.fail(`Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`, i);
      }
      if (c === 0x5c) {
        out += t.slice(chunk, i);
        const n = t.charAt(i + 1);
        switch (n) {
          case '"':
          case "\\":
          case "/":
            out += n;
            i += 2;
            break;
          case "b":
            out += "\b";
            i += 2;
            break;
          case "f":
            out += "\f";
            i += 2;
            break;
          case "n":
            out += "\n";
            i += 2;
            break;
          case "r":
            out += "\r";
            i += 2;
            break;
          case "t":
            out += "\t";
            i += 2;
            break;
          case "u": {
            const hex = t.slice(i + 2, i + 6);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
              this.fail("Unexpected character in character escape sequence: expected a hex-digit for character escape sequence", i + 2);
            }
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            break;
          }
          default:
            if (i + 1 >= t.length) this.fail("Unexpected end-of-input in character escape sequence", i + 1, "JsonEOFException");
            this.fail(`Unrecognized character escape ${describeChar(t.charCodeAt(i + 1)).slice(1, -1)}`, i + 2);
        }
        chunk = i;
        continue;
      }
      i++;
    }
  }

  checkDepth(depth: number): void {
    if (depth > MAX_JSON_DEPTH) {
      this.fail(`Document nesting depth exceeds the maximum allowed (${MAX_JSON_DEPTH})`, this.pos, "StreamConstraintsException");
    }
  }

  array(depth: number): unknown[] {
    this.checkDepth(depth);
    const open = this.pos;
    this.pos++;
    const out: unknown[] = [];
    this.skipWs();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth));
      this.skipWs();
      if (this.pos >= this.text.length) {
        this.fail(`Unexpected end-of-input: expected close marker for Array (start marker at column ${open + 1})`, this.pos, "JsonEOFException");
      }
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      this.fail(`Unexpected character ${describeChar(c)}: was expecting comma to separate Array entries`);
    }
  }

  object(depth: number): Record<string, unknown> {
    this.checkDepth(depth);
    const open = this.pos;
    this.pos++;
    const out = newMap();
    this.skipWs();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.pos >= this.text.length) {
        this.fail(`Unexpected end-of-input: expected close marker for Object (start marker at column ${open + 1})`, this.pos, "JsonEOFException");
      }
      const q = this.text.charCodeAt(this.pos);
      if (q !== 0x22) this.fail(`Unexpected character ${describeChar(q)}: was expecting double-quote to start field name`);
      const key = this.string();
      this.skipWs();
      const colon = this.text.charCodeAt(this.pos);
      if (colon !== 0x3a) {
        if (this.pos >= this.text.length) this.fail("Unexpected end-of-input: was expecting a colon to separate field name and value", this.pos, "JsonEOFException");
        this.fail(`Unexpected character ${describeChar(colon)}: was expecting a colon to separate field name and value`);
      }
      this.pos++;
      out[key] = this.value(depth); // null prototype: "__proto__" is an ordinary key
      this.skipWs();
      if (this.pos >= this.text.length) {
        this.fail(`Unexpected end-of-input: expected close marker for Object (start marker at column ${open + 1})`, this.pos, "JsonEOFException");
      }
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return out;
      }
      this.fail(`Unexpected character ${describeChar(c)}: was expecting comma to separate Object entries`);
    }
  }
}

/**
 * Parses JSON text into the evaluator's value model the way Jackson reads it into `Object`:
 * integers become `int` (a JS number) when they fit 32 bits, else {@link JavaLong}, else a
 * `bigint` (BigInteger); numbers with a fraction or exponent become {@link JavaDouble} (so `1.0`
 * stays a double); objects become null-prototype maps in document order (a duplicate key keeps its
 * first position and its last value). Strict JSON: no comments, NaN, single quotes, trailing commas
 * or leading zeroes. Throws an `ExpressionError` whose `exceptionType` names Jackson's exception.
 */
export function parseJavaJson(text: string, options: ParseJavaJsonOptions = {}): unknown {
  const r = new JsonReader(text);
  r.skipWs();
  if (r.pos >= text.length) r.fail("No content to map due to end-of-input", r.pos, "MismatchedInputException");
  const v = r.value(0);
  if (!options.allowTrailing) {
    r.skipWs();
    if (r.pos < text.length) r.fail(`Unexpected character ${describeChar(text.charCodeAt(r.pos))}: expected end-of-input after the root value`);
  }
  return v;
}

// ---------------------------------------------------------------------------------- writing

/** Jackson's string escaping: `"`, `\`, and control characters (short forms for \b \t \n \f \r). */
function quote(s: string): string {
  let out = '"';
  let chunk = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(chunk, i);
    chunk = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 8:
        out += "\\b";
        break;
      case 9:
        out += "\\t";
        break;
      case 10:
        out += "\\n";
        break;
      case 12:
        out += "\\f";
        break;
      case 13:
        out += "\\r";
        break;
      default:
        out += "\\u00" + c.toString(16).toUpperCase().padStart(2, "0");
    }
  }
  return out + s.slice(chunk) + '"';
}

function writeDouble(d: number, text: string): string {
  return Number.isFinite(d) ? text : `"${text}"`;
}

function base64OfBytes(items: unknown[]): string {
  return Buffer.from(items.map((b) => Number(b) & 0xff)).toString("base64");
}

function mapKey(k: unknown): string {
  if (k === null || k === undefined) {
    throw javaException("JsonMappingException", "Null key for a Map not allowed in JSON (use a converting NullKeySerializer?)");
  }
  return typeof k === "string" ? k : javaToString(k);
}

function write(v: unknown, seen: Set<object>): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return quote(v);
    case "boolean":
      return v ? "true" : "false";
    case "number":
      if (Number.isInteger(v) && !Object.is(v, -0)) return BigInt(v).toString();
      return writeDouble(v, formatDouble(v));
    case "bigint":
      return v.toString();
    case "object":
      break;
    default:
      throw javaException("InvalidDefinitionException", `No serializer found for a value of type ${typeof v}`);
  }
  if (v instanceof JavaLong) return v.value.toString();
  if (v instanceof JavaDouble) return writeDouble(v.value, formatDouble(v.value));
  if (v instanceof JavaFloat) return writeDouble(v.value, formatFloat(v.value));
  if (v instanceof JavaChar) return quote(v.toString());
  if (seen.has(v)) {
    throw javaException("JsonMappingException", "Direct self-reference leading to cycle");
  }
  seen.add(v);
  try {
    if (Array.isArray(v) || v instanceof Set) return `[${[...v].map((e) => write(e, seen)).join(",")}]`;
    if (v instanceof JavaArray) {
      if (v.componentType === "byte") return quote(base64OfBytes(v.items));
      if (v.componentType === "char") return quote(v.items.map((c) => (c instanceof JavaChar ? c.toString() : String(c))).join(""));
      return `[${v.items.map((e) => write(e, seen)).join(",")}]`;
    }
    if (v instanceof JavaMapEntry) return `{${quote(mapKey(v.key))}:${write(v.value, seen)}}`;
    if (v instanceof Map) {
      const parts: string[] = [];
      for (const [k, x] of v) parts.push(`${quote(mapKey(k))}:${write(x, seen)}`);
      return `{${parts.join(",")}}`;
    }
    if (isPlainObject(v)) {
      const parts: string[] = [];
      for (const k of Object.keys(v)) parts.push(`${quote(k)}:${write(v[k], seen)}`);
      return `{${parts.join(",")}}`;
    }
    if (v instanceof NotEvaluable) return write(v.value, seen);
    const json = (v as { toJSON?: unknown }).toJSON;
    if (typeof json === "function") {
      const inner: unknown = json.call(v);
      if (inner === v) throw javaException("JsonMappingException", "Direct self-reference leading to cycle");
      return write(inner, seen);
    }
    if (v instanceof JavaInstance) return quote(v.toString());
    throw javaException("InvalidDefinitionException", "No serializer found for class java.lang.Object");
  } finally {
    seen.delete(v);
  }
}

/**
 * Serialises a value of the evaluator's value model as Jackson's default `ObjectMapper` does:
 * compact; `int`/`long`/BigInteger as exact digits; doubles and floats as Java prints them (`3.0`,
 * `1.0E20`) with non-finite values as the strings `"NaN"`, `"Infinity"`; chars as strings; lists,
 * sets and arrays as arrays (`byte[]` as base64); maps in iteration order; `#doNotEval` wrappers
 * as their value; other emulated objects through their `toJSON()`. A null map key or a cycle
 * throws (`JsonMappingException`).
 */
export function toJacksonJson(value: unknown): string {
  return write(value, new Set());
}

// ---------------------------------------------------------------------------------- helpers

/** `#toJson(Object)`: Jackson JSON; refuses text containing `${` unless the value came from `#doNotEval`. */
export const toJson: ExpressionFunction = defineFunction({
  params: ["java.lang.Object"],
  description: "Serialises a value to JSON (fails when the JSON contains '${' unless wrapped with #doNotEval)",
  invoke(_env, o) {
    try {
      if (o instanceof NotEvaluable) return toJacksonJson(o.value);
      const converted = toJacksonJson(o);
      if (converted.includes("${")) throw helperError("result for toJson cannot contain an expression");
      return converted;
    } catch (e) {
      throw helperError(`#toJson(${javaToString(o)}) failed`, e);
    }
  },
});

/** `#doNotEval(Object)`: marks a value so `#toJson` serialises it even when it contains `${`. */
export const doNotEval: ExpressionFunction = defineFunction({
  params: ["java.lang.Object"],
  description: "Wraps a value so #toJson accepts it even when it contains '${'",
  invoke(_env, o) {
    return new NotEvaluable(o);
  },
});

/**
 * Orca's `readJson`: a text starting with `[` is read as a List, anything else as a Map (a JSON
 * `null` gives null; a top-level string, number or whitespace-prefixed array fails). Whatever follows
 * the first value is ignored, as Jackson does.
 */
export function readJsonText(text: string | null): unknown {
  try {
    if (text === null) throw nullPointer("String.startsWith(String)");
    const asList = text.startsWith("[");
    const r = new JsonReader(text);
    r.skipWs();
    if (r.pos >= text.length) r.fail("No content to map due to end-of-input", r.pos, "MismatchedInputException");
    const first = text.charAt(r.pos);
    if (!asList) {
      if (first === "[") {
        r.fail("Cannot deserialize value of type `java.util.LinkedHashMap<java.lang.Object,java.lang.Object>` from Array value (token `JsonToken.START_ARRAY`)", r.pos, "MismatchedInputException");
      }
      if (first === '"') {
        const s = r.string();
        r.fail(`Cannot construct instance of \`java.util.LinkedHashMap\` (although at least one Creator exists): no String-argument constructor/factory method to deserialize from String value ('${s}')`, 0, "MismatchedInputException");
      }
      if (first === "-" || (first >= "0" && first <= "9") || first === "t" || first === "f") {
        const v = r.value(0);
        const what = typeof v === "boolean" ? "Boolean" : typeof v === "number" || typeof v === "bigint" || v instanceof JavaLong ? "Integer" : "Floating-point";
        r.fail(`Cannot deserialize value of type \`java.util.LinkedHashMap<java.lang.Object,java.lang.Object>\` from ${what} value`, 0, "MismatchedInputException");
      }
    }
    return r.value(0);
  } catch (e) {
    throw helperError(`#readJson(${javaToString(text)}) failed`, e);
  }
}

/** `#readJson(String)`: parses JSON text into a List or Map (see {@link readJsonText}). */
export const readJson: ExpressionFunction = defineFunction({
  params: ["java.lang.String"],
  description: "Parses JSON text: a List when it starts with '[', else a Map",
  invoke(_env, text) {
    return readJsonText(text == null ? null : String(text));
  },
});
