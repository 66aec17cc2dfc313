/**
 * Restores the key order of a source document on a parsed copy of it, so that parsed configs
 * serialise exactly like their input (zod emits known keys first, unknown keys after).
 * @module
 */

/**
 * Returns a copy of `parsed` whose objects list their keys in the order of the matching objects in
 * `source`; keys only `parsed` has (defaults) come last. Arrays are matched element by element.
 * Neither argument is modified.
 */
export function withSourceKeyOrder<T>(parsed: T, source: unknown): T {
  return reorder(parsed, source) as T;
}

function reorder(parsed: unknown, source: unknown): unknown {
  if (Array.isArray(parsed)) {
    return parsed.map((item, i) => reorder(item, Array.isArray(source) ? source[i] : undefined));
  }
  if (!isPlainObject(parsed)) return parsed;
  const from = isPlainObject(source) ? source : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(from)) {
    if (Object.hasOwn(parsed, key)) define(out, key, reorder(parsed[key], from[key]));
  }
  for (const key of Object.keys(parsed)) {
    if (!Object.hasOwn(out, key)) define(out, key, reorder(parsed[key], undefined));
  }
  return out;
}

/** Sets an own enumerable property, even for keys such as `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // an assignment makes the same property, several times faster, unless Object.prototype has the
  // key (a setter such as `__proto__`, or a read-only property)
  if (!(key in Object.prototype)) target[key] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
