/**
 * JSON paths (`$.stages[2].restrictedExecutionWindow.whitelist[0].startHour`) for validation problems,
 * and their document order.
 * @module
 */

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats path segments as a JSON path rooted at `$`: identifier keys as `.key`, other keys as
 * `["x-custom"]`, array indices as `[2]`.
 */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let out = "$";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Reads the value at `segments` inside `root`, or `undefined` when the path does not exist. */
export function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Position of each segment of `segments` inside `root`: the array index, or the key's position among
 * the object's own keys (keys that are absent sort after the present ones).
 */
export function documentPosition(root: unknown, segments: readonly PathSegment[]): number[] {
  const position: number[] = [];
  let current = root;
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === "number") {
      position.push(segment);
    } else if (current !== null && typeof current === "object") {
      const keys = Object.keys(current);
      const index = keys.indexOf(String(segment));
      position.push(index === -1 ? keys.length : index);
    } else {
      position.push(0);
    }
    current = valueAt(current, [segment]);
  }
  return position;
}

/** Orders two document positions: lexicographically, a parent before its children. */
export function compareDocumentPositions(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}
