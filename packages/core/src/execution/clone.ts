/**
 * A faster `structuredClone` for plain data.
 * @module
 */
import { types } from "node:util";

const NOT_PLAIN = Symbol("not plain data");

/**
 * `structuredClone(value)`, several times faster for what executions are made of: plain objects,
 * arrays and primitives, without shared or cyclic references. Anything else (class instances,
 * dates, maps, holes, shared references, ...) is left to `structuredClone` itself, so the result is
 * always the same.
 */
export function cloneData<T>(value: T): T {
  if (Object.isFrozen(Object.prototype)) return structuredClone(value);
  const copy = plainCopy(value, new Seen());
  return copy === NOT_PLAIN ? structuredClone(value) : (copy as T);
}

/**
 * The objects a copy has met, to tell shared and cyclic references: a short list is scanned, a long
 * one is kept in a set (most values copied are small, and a list is much cheaper to make).
 */
class Seen {
  static readonly #LIST_MAX = 16;
  readonly #list: object[] = [];
  #set: Set<object> | undefined;

  /** Adds `value`; false when it was met before. */
  add(value: object): boolean {
    if (this.#set !== undefined) {
      if (this.#set.has(value)) return false;
      this.#set.add(value);
      return true;
    }
    if (this.#list.includes(value)) return false;
    this.#list.push(value);
    if (this.#list.length > Seen.#LIST_MAX) this.#set = new Set(this.#list);
    return true;
  }
}

function plainCopy(value: unknown, seen: Seen): unknown {
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? NOT_PLAIN : value;
  }
  if (!seen.add(value) || types.isProxy(value)) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const n = value.length;
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== n) return NOT_PLAIN;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (!(i in value)) return NOT_PLAIN;
      const c = plainCopy(value[i], seen);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      out.push(c);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const c = plainCopy((value as Record<string, unknown>)[k], seen);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    if (k === "__proto__") Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}
