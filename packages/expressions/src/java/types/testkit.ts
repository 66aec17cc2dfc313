/**
 * Test helpers for the emulated Java classes: resolve and invoke methods exactly as the evaluator
 * does (Spring's resolution through {@link resolveMethod}, argument conversion through
 * {@link convertArguments}), with a fixed clock and random source. Used by the `*.test.ts` files.
 * @module
 */
import { javaToString } from "../../values/format.js";
import { javaClassName, javaKind } from "../../values/kinds.js";
import { convertArguments, resolveMethod, type InvocationEnv, type JavaClassDef } from "../class.js";
import { JavaClassRegistry } from "../registry.js";

/** The fixed "now" of {@link testEnv}: 2024-03-15T12:34:56.789Z. */
export const FIXED_NOW = Date.UTC(2024, 2, 15, 12, 34, 56, 789);

/** An invocation environment with a fixed clock (`FIXED_NOW`) and `random()` returning 0.5. */
export const testEnv: InvocationEnv = {
  profile: "spel",
  now: () => FIXED_NOW,
  random: () => 0.5,
};

/** A small driver over a registry of class definitions. */
export interface Kit {
  /** Calls a static method: `T(cls).name(args)`. */
  call(cls: string, name: string, ...args: unknown[]): unknown;
  /** Calls an instance method on a value: `target.name(args)`. */
  invoke(target: unknown, name: string, ...args: unknown[]): unknown;
  /** Constructs: `new cls(args)`. */
  make(cls: string, ...args: unknown[]): unknown;
  /** Reads a static field: `T(cls).field`. */
  field(cls: string, field: string): unknown;
  /** The registry the kit uses. */
  readonly registry: JavaClassRegistry;
}

/** Creates a {@link Kit} over the given class definitions. */
export function kit(defs: readonly JavaClassDef[], env: InvocationEnv = testEnv): Kit {
  const registry = new JavaClassRegistry().register(...defs);
  const run = (cls: string, name: string, target: unknown, isStatic: boolean, args: unknown[]): unknown => {
    const candidates = registry.methods(cls, name).filter((m) => !isStatic || m.isStatic === true);
    const m = resolveMethod(candidates, args, () => `${name}(...) on type ${cls}`);
    if (!m) throw new Error(`no method ${cls}.${name} for ${args.length} args`);
    return m.invoke(isStatic ? undefined : target, convertArguments(m, args), env);
  };
  return {
    registry,
    call: (cls, name, ...args) => run(cls, name, undefined, true, args),
    invoke: (target, name, ...args) => {
      const cls = javaClassName(target);
      if (cls === null) throw new Error("null target");
      return run(cls, name, target, false, args);
    },
    make: (cls, ...args) => {
      const m = resolveMethod(registry.constructorsOf(cls), args, () => `new ${cls}`);
      if (!m) throw new Error(`no constructor ${cls} for ${args.length} args`);
      return m.invoke(undefined, convertArguments(m, args), env);
    },
    field: (cls, field) => {
      const f = registry.staticField(cls, field);
      if (!f) throw new Error(`no field ${cls}.${field}`);
      return f();
    },
  };
}

/**
 * A compact, comparable rendering of a result: `kind:text`, where text is Java's `toString`,
 * for example `int:2`, `long:9223372036854775807`, `double:4.0`, `string:a,b`.
 */
export function show(v: unknown): string {
  return `${javaKind(v)}:${javaToString(v)}`;
}

/** Runs `fn` and returns `exceptionType: message` of the error it throws (or fails). */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    const x = e as { exceptionType?: string; message?: string };
    return `${x.exceptionType ?? "?"}: ${x.message ?? ""}`;
  }
  throw new Error("expected an exception");
}
