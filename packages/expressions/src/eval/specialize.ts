/**
 * Specialized member chains. A chain closure (`a.b[0].c`) reads every step through one shared
 * function, so V8 caches its property loads for all chains of all expressions together
 * (megamorphic: a hash-table probe per step). Once a chain has run often, it is replaced by a
 * function generated for its own steps (`new Function`): the same checks and the same slow path,
 * but each property load is a site of its own that V8 caches for the few object shapes this chain
 * sees. Where code generation from strings is disallowed (`--disallow-code-generation-from-strings`,
 * a CSP), the closure simply stays.
 * @module
 */
import type { EvalState } from "./state.js";

/** Reads one step the general way (null-safety, maps, getters of emulated classes, errors). */
export type StepReader = (s: EvalState, v: unknown, key: string | number, meta: number) => unknown;

/**
 * Generates a chain function over `keys` with the semantics of reading each step with the chain
 * closures' fast path: an own property of an object in `checked` (verified plain data objects), or
 * an in-range index of an array, else `slow`. Returns null when code generation is unavailable.
 * Like the closures, it relies on what was verified of an object when it was first read: a
 * property made an accessor later, or a prototype changed later, is not noticed. Unlike them, it
 * reads a key before knowing it is own, so an accessor someone defined on `Object.prototype` (host
 * code, not data) would run; data put on `Object.prototype` is never returned.
 */
export function specializeChain(
  keys: readonly (string | number)[],
  metas: readonly number[],
  checked: WeakSet<object>,
  slow: StepReader,
): ((s: EvalState, a: unknown) => unknown) | null {
  const lines: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const meta = metas[i]!;
    if (!Number.isSafeInteger(meta)) return null;
    if (typeof key === "string") {
      // JSON.stringify of a string is a valid JavaScript string literal: nothing in a key can
      // leave the literal
      const k = JSON.stringify(key);
      if (key in Object.prototype) {
        lines.push(`if (checked.has(v) && hasOwn(v, ${k})) { x = v[${k}]; v = x === undefined ? null : x; } else v = slow(s, v, ${k}, ${meta});`);
      } else {
        // A checked object is a plain object (prototype Object.prototype or null) whose own
        // properties are data. For a key Object.prototype does not have, a plain read finds the
        // own property or nothing, so no own-property test is needed. Whatever could have come
        // from elsewhere goes the slow way, which tests and answers exactly: nothing (undefined,
        // also an own undefined), a function, and the value Object.prototype now holds under the
        // key (data a polluting bug put there after this function was generated).
        lines.push(
          `if (checked.has(v) && (x = v[${k}]) !== undefined && typeof x !== "function" && x !== proto[${k}]) v = x; else v = slow(s, v, ${k}, ${meta});`,
        );
      }
    } else if (Number.isSafeInteger(key) && key >= 0) {
      lines.push(`if (isArray(v) && ${key} < v.length) { x = v[${key}]; v = x == null ? null : x; } else v = slow(s, v, ${key}, ${meta});`);
    } else {
      return null;
    }
  }
  const body = `"use strict"; return function chain(s, a) { let v = a, x; ${lines.join(" ")} return v; };`;
  try {
    const make = new Function("checked", "hasOwn", "isArray", "slow", "proto", body) as (
      checked: WeakSet<object>,
      hasOwn: (o: object, k: PropertyKey) => boolean,
      isArray: (v: unknown) => v is unknown[],
      slow: StepReader,
      proto: Record<string, unknown>,
    ) => (s: EvalState, a: unknown) => unknown;
    return make(checked, Object.hasOwn, Array.isArray, slow, Object.prototype as Record<string, unknown>);
  } catch {
    return null;
  }
}
