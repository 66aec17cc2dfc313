/**
 * JSON text with positions, for the CLI: a syntax error is reported with its line and column (the
 * same on every Node version, whatever `JSON.parse` says), and every value of a parsed document
 * can be located by its JSON path so validation problems point at a line.
 * @module
 */
import { formatJsonPath, type PathSegment } from "../model/json-path.js";

/** A 1-based line and column (UTF-16 code units) plus the 0-based offset into the text. */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

/** Where and why JSON text is malformed. */
export interface JsonSyntaxError extends TextPosition {
  /** What is wrong, e.g. `expected ',' or '}' after a property value`. */
  message: string;
}

/** Result of {@link parseJsonText}. */
export type JsonTextResult =
  | {
      ok: true;
      /** The parsed value (by `JSON.parse`). */
      value: unknown;
      /** Where each value starts, by JSON path (`$.stages[2].type`): see {@link locate}. */
      positions: ReadonlyMap<string, TextPosition>;
    }
  | { ok: false; error: JsonSyntaxError };

/** Parses JSON text (a leading byte-order mark is ignored), locating a syntax error precisely. */
export function parseJsonText(text: string): JsonTextResult {
  const scan = scanJson(text);
  if (scan.error) return { ok: false, error: scan.error };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown, positions: scan.positions };
  } catch (error) {
    // the scanner accepted what JSON.parse refused: report JSON.parse's words at the start
    return { ok: false, error: { ...positionOf(text, 0), message: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * The position of the value at `path`, or of its nearest ancestor that exists (a problem about a
 * missing `type` points at the stage object). Undefined only for an empty map.
 */
export function locate(positions: ReadonlyMap<string, TextPosition>, segments: readonly PathSegment[]): TextPosition | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const p = positions.get(formatJsonPath(segments.slice(0, n)));
    if (p) return p;
  }
  return undefined;
}

/**
 * Splits a `$.stages[2]["x-y"].type` path (as produced by `formatJsonPath`) back into segments.
 * Returns undefined for a path it does not understand.
 */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    const dot = /^\.([A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest);
    if (dot) {
      segments.push(dot[1]!);
      i += dot[0].length;
      continue;
    }
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      segments.push(Number(index[1]));
      i += index[0].length;
      continue;
    }
    const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (quoted) {
      try {
        segments.push(JSON.parse(quoted[1]!) as string);
      } catch {
        return undefined;
      }
      i += quoted[0].length;
      continue;
    }
    return undefined;
  }
  return segments;
}

/**
 * Shows the line of `position` and the one before it, with a caret under the column:
 * ```
 *   11 |     "name": "x"
 *   12 |     "type": "wait"
 *      |     ^
 * ```
 */
export function codeFrame(text: string, position: TextPosition, indent = "  "): string {
  const lines = text.split(/\r\n|\r|\n/);
  const first = Math.max(1, position.line - 1);
  const width = String(position.line).length;
  const out: string[] = [];
  for (let n = first; n <= position.line; n++) {
    const line = (lines[n - 1] ?? "").replace(/^\uFEFF/, "");
    out.push(`${indent}${String(n).padStart(width)} | ${clip(line, position.column)}`);
  }
  const target = (lines[position.line - 1] ?? "").replace(/^\uFEFF/, "");
  const before = target.slice(0, Math.max(0, position.column - 1)).replace(/[^\t]/g, " ");
  out.push(`${indent}${" ".repeat(width)} | ${clip(before, position.column)}^`);
  return out.join("\n");
}

/** Keeps a very long line readable around the column. */
function clip(line: string, column: number): string {
  return column > 200 || line.length > 240 ? line.slice(0, Math.max(column + 40, 240)) : line;
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const bom = line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { offset, line, column: offset - lineStart + 1 - bom };
}

class SyntaxProblem extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** Scans strict JSON (RFC 8259), recording where each value starts; stops at the first error. */
function scanJson(text: string): { error?: JsonSyntaxError; positions: Map<string, TextPosition> } {
  const positions = new Map<string, TextPosition>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const path: PathSegment[] = [];
  // line bookkeeping for value positions (line breaks only occur between tokens)
  let line = 1;
  let lineStart = i;

  const describe = (at: number): string => {
    if (at >= text.length) return "end of input";
    const ch = text[at]!;
    return /[\x00-\x1f]/.test(ch) ? `character U+${ch.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}` : `'${ch}'`;
  };
  const fail = (at: number, message: string): never => {
    throw new SyntaxProblem(at, message);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) i++;
      else if (c === 10 || c === 13) {
        i++;
        if (c === 13 && text.charCodeAt(i) === 10) i++;
        line++;
        lineStart = i;
      } else break;
    }
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) {
      if (text[i + k] !== word[k]) fail(i + k, `unexpected ${describe(i + k)} in the literal '${word}'`);
    }
    i += word.length;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    for (;;) {
      if (i >= text.length) fail(start, "unterminated string");
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return out;
      }
      if (c < 0x20) fail(i, c === 10 || c === 13 ? "unterminated string (a line break inside a string must be written \\n)" : `control ${describe(i)} inside a string must be escaped`);
      if (c === 92) {
        const e = text[i + 1];
        if (e === undefined) fail(start, "unterminated string");
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(i, "bad unicode escape (\\u must be followed by 4 hex digits)");
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        const v = simple[e!];
        if (v === undefined) fail(i, `bad escape '\\${e}' in a string`);
        out += v;
        i += 2;
        continue;
      }
      out += text[i];
      i++;
    }
  };
  const number = () => {
    const start = i;
    if (text[i] === "-") i++;
    if (text[i] === "0") {
      i++;
      if (/[0-9]/.test(text[i] ?? "")) fail(start, "numbers must not have leading zeros");
    } else if (/[1-9]/.test(text[i] ?? "")) {
      while (/[0-9]/.test(text[i] ?? "")) i++;
    } else {
      fail(i, `unexpected ${describe(i)} in a number`);
    }
    if (text[i] === ".") {
      i++;
      if (!/[0-9]/.test(text[i] ?? "")) fail(i, "expected a digit after the decimal point");
      while (/[0-9]/.test(text[i] ?? "")) i++;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      if (!/[0-9]/.test(text[i] ?? "")) fail(i, "expected a digit in the exponent");
      while (/[0-9]/.test(text[i] ?? "")) i++;
    }
  };
  const value = (): void => {
    ws();
    positions.set(formatJsonPath(path), { offset: i, line, column: i - lineStart + 1 });
    const ch = text[i];
    if (ch === "{") return object();
    if (ch === "[") return array();
    if (ch === '"') return void string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    if (ch === "'") fail(i, "strings must use double quotes");
    if (ch === "/") fail(i, "comments are not allowed in JSON");
    fail(i, `unexpected ${describe(i)}, expected a value`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === "}") fail(i, "unexpected '}' after a comma (trailing commas are not allowed)");
        if (text[i] === "'") fail(i, "property names must use double quotes");
        fail(i, `unexpected ${describe(i)}, expected a double-quoted property name`);
      }
      const key = string();
      ws();
      if (text[i] !== ":") fail(i, `unexpected ${describe(i)}, expected ':' after the property name`);
      i++;
      path.push(key);
      value();
      path.pop();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail(i, `unexpected ${describe(i)}, expected ',' or '}' after a property value`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      ws();
      if (text[i] === "]") fail(i, "unexpected ']' after a comma (trailing commas are not allowed)");
      path.push(index);
      value();
      path.pop();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail(i, `unexpected ${describe(i)}, expected ',' or ']' after an array element`);
    }
  };

  try {
    ws();
    if (i >= text.length) fail(i, "empty document, expected a JSON value");
    value();
    ws();
    if (i < text.length) fail(i, `unexpected ${describe(i)} after the end of the JSON value`);
    return { positions };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { error: { ...positionOf(text, error.at), message: error.message }, positions };
    if (error instanceof RangeError) return { error: { ...positionOf(text, 0), message: "document nested too deeply" }, positions };
    throw error;
  }
}
