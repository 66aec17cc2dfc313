/**
 * A small JSONPath reader for the webhook stage (`statusUrlJsonPath`, `statusJsonPath`,
 * `progressJsonPath`). It covers the definite paths Orca users write with Jayway JsonPath:
 * `$.a.b[0].c`, `$['a']`, `$["a b"]`, `$.items[-1]` (from the end) and paths without the leading
 * `$` (`status.phase`, read as `$.status.phase`, as Jayway does). Wildcards, deep scans (`..`),
 * filters, slices and functions are rejected with a {@link JsonPathError}: a webhook status must
 * resolve to one value.
 * @module
 */
import { GennakerError } from "../../errors.js";

/** One step of a parsed path: an object key or an array index (negative counts from the end). */
export type JsonPathSegment = { readonly kind: "key"; readonly key: string } | { readonly kind: "index"; readonly index: number };

/** The outcome of {@link readJsonPath}: the value, or `found: false` when the path does not exist. */
export type JsonPathResult = { readonly found: true; readonly value: unknown } | { readonly found: false };

/** A JSONPath expression that is malformed or uses a feature this reader does not support. */
export class JsonPathError extends GennakerError {
  /** The offending expression. */
  readonly path: string;

  constructor(path: string, reason: string) {
    super("JSON_PATH_INVALID", `invalid JSON path ${JSON.stringify(path)}: ${reason}`);
    this.path = path;
  }
}

/**
 * Parses a JSONPath expression into segments.
 * @throws JsonPathError when the path is malformed or uses an unsupported feature.
 */
export function parseJsonPath(path: string): JsonPathSegment[] {
  const src = path.trim();
  if (src === "") throw new JsonPathError(path, "empty path");
  let i = 0;
  if (src[0] === "$") i = 1;
  else if (src[0] === "@") throw new JsonPathError(path, "'@' is only valid inside filters, which are not supported");
  else if (src[0] !== "[" && src[0] !== ".") {
    // Jayway reads `a.b` as `$.a.b`.
    return parseSegments(path, `.${src}`, 0);
  }
  return parseSegments(path, src, i);
}

function parseSegments(original: string, src: string, start: number): JsonPathSegment[] {
  const segments: JsonPathSegment[] = [];
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === ".") {
      if (src[i + 1] === ".") throw new JsonPathError(original, "deep scan '..' is not supported");
      i++;
      let end = i;
      while (end < src.length && src[end] !== "." && src[end] !== "[") end++;
      const key = src.slice(i, end).trim();
      if (key === "") throw new JsonPathError(original, `missing property name at offset ${i}`);
      if (key === "*") throw new JsonPathError(original, "wildcards are not supported");
      if (key.endsWith(")")) throw new JsonPathError(original, "functions are not supported");
      segments.push({ kind: "key", key });
      i = end;
    } else if (c === "[") {
      i++;
      while (src[i] === " ") i++;
      const q = src[i];
      if (q === "'" || q === '"') {
        const [key, next] = readQuoted(original, src, i + 1, q);
        i = next;
        while (src[i] === " ") i++;
        if (src[i] === ",") throw new JsonPathError(original, "multiple properties in one bracket are not supported");
        if (src[i] !== "]") throw new JsonPathError(original, `expected ']' at offset ${i}`);
        i++;
        segments.push({ kind: "key", key });
      } else {
        const close = src.indexOf("]", i);
        if (close < 0) throw new JsonPathError(original, "unclosed '['");
        const inner = src.slice(i, close).trim();
        if (!/^-?\d+$/.test(inner)) {
          const what =
            inner === "*"
              ? "wildcards are"
              : inner.startsWith("?")
                ? "filters are"
                : inner.includes(":")
                  ? "slices are"
                  : inner.includes(",")
                    ? "index unions are"
                    : `bracket expression [${inner}] is`;
          throw new JsonPathError(original, `${what} not supported`);
        }
        segments.push({ kind: "index", index: Number(inner) });
        i = close + 1;
      }
    } else {
      throw new JsonPathError(original, `unexpected character ${JSON.stringify(c)} at offset ${i}`);
    }
  }
  return segments;
}

function readQuoted(original: string, src: string, start: number, quote: string): [string, number] {
  let out = "";
  let i = start;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === "\\") {
      const n = src[i + 1];
      if (n === undefined) break;
      out += n;
      i += 2;
      continue;
    }
    if (c === quote) return [out, i + 1];
    out += c;
    i++;
  }
  throw new JsonPathError(original, "unterminated quoted property name");
}

/**
 * Reads the value `path` designates inside `root` (a parsed JSON document). A key on a non-object,
 * an index on a non-array, a missing key or an index out of range give `{found: false}` (Jayway's
 * `PathNotFoundException`); a key whose value is `null` is found, with value `null`.
 * @throws JsonPathError when `path` is a malformed string.
 */
export function readJsonPath(root: unknown, path: string | readonly JsonPathSegment[]): JsonPathResult {
  const segments = typeof path === "string" ? parseJsonPath(path) : path;
  let current: unknown = root;
  for (const segment of segments) {
    if (segment.kind === "key") {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return { found: false };
      if (!Object.prototype.hasOwnProperty.call(current, segment.key)) return { found: false };
      current = (current as Record<string, unknown>)[segment.key];
    } else {
      if (!Array.isArray(current)) return { found: false };
      const index = segment.index < 0 ? current.length + segment.index : segment.index;
      if (index < 0 || index >= current.length) return { found: false };
      current = current[index];
    }
  }
  return { found: true, value: current };
}
