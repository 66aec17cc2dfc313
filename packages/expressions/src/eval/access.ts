/**
 * Property, index and method access with Spinnaker's safety rules: only own data properties of
 * plain objects (no prototype, no getters), `Map`s, arrays and emulated Java objects are reachable.
 * @module
 */
import { evalError, ExpressionError } from "../errors.js";
import { convertArguments, type InvocationEnv, type JavaMethod, resolveMethod, spinnakerReturnTypeAllowed } from "../java/class.js";
import { JavaArray, JavaInstance } from "../values/boxes.js";
import { convertValue } from "../values/convert.js";
import { mapGet } from "../values/equality.js";
import { javaToString } from "../values/format.js";
import { isPlainObject, javaClassName } from "../values/kinds.js";
import type { EvalState } from "./state.js";

/** The value of `T(Some.Type)`: a reference to an emulated class. */
export class JavaClassRef extends JavaInstance {
  readonly javaClassName = "java.lang.Class";
  constructor(readonly className: string) {
    super();
  }
  override toString(): string {
    return `class ${this.className}`;
  }
  override javaEquals(other: unknown): boolean {
    return other instanceof JavaClassRef && other.className === this.className;
  }
}

/** A stage-like map with virtual keys (Spinnaker's `StageExecution.hasSucceeded` and friends). */
export interface VirtualMap {
  has(key: string): boolean;
  get(key: string): unknown;
  toJSON(): unknown;
}

/** True for objects implementing {@link VirtualMap} (such as `#stage(...)` results). */
export function isVirtualMap(v: unknown): v is VirtualMap {
  return v instanceof JavaInstance && typeof (v as Partial<VirtualMap>).has === "function" && typeof (v as Partial<VirtualMap>).get === "function";
}

/** Plain objects verified to hold only data properties (each is checked once, when first read). */
export const checkedDataObjects = new WeakSet<object>();
const checked = checkedDataObjects;

/** True when `o` is a plain object already verified to hold only data properties (hot path). */
export function isCheckedDataObject(o: unknown): o is Record<string, unknown> {
  // WeakSet.has answers false for primitives, so no typeof check is needed
  return checked.has(o as object);
}

/** Verifies once per object that a plain object has only data properties (no getters/setters). */
function assertDataObject(o: Record<string, unknown>): void {
  if (checked.has(o)) return;
  const descs = Object.getOwnPropertyDescriptors(o);
  for (const k of Object.keys(descs)) {
    if (!("value" in descs[k]!)) {
      throw evalError("PROPERTY_NOT_FOUND", `Property '${k}' is an accessor; only data properties are readable`, {
        spelCode: "EL1008E",
      });
    }
  }
  checked.add(o);
}

function notFound(name: string, target: unknown): ExpressionError {
  return evalError(
    "PROPERTY_NOT_FOUND",
    `Property or field '${name}' cannot be found on object of type '${javaClassName(target)}' - maybe not public or not valid?`,
    { spelCode: "EL1008E" },
  );
}

function envOf(s: EvalState): InvocationEnv {
  return { profile: s.config.profile, now: s.config.now, random: s.config.random };
}

function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Spring's reflective property read: a `getX()`/`isX()` getter of the emulated class. */
function readReflective(s: EvalState, target: unknown, name: string): unknown {
  if (target instanceof JavaArray && name === "length") return target.items.length;
  if (target instanceof JavaClassRef) {
    const f = s.config.classes.staticField(target.className, name);
    if (f) return f();
  }
  const cls = javaClassName(target)!;
  const suffix = capitalize(name);
  for (const getter of [`get${suffix}`, `is${suffix}`]) {
    const ms = visibleMethods(s, cls, getter).filter((m) => m.params.length === 0 && !m.isStatic);
    const m = ms[0];
    if (m && (getter.startsWith("get") || m.returns === "boolean")) return invoke(s, m, target, []);
  }
  if (name === "class" && s.config.profile === "spel") return new JavaClassRef(cls);
  throw notFound(name, target);
}

/** Reads `target.name` (`PropertyOrFieldReference`). */
export function readProperty(s: EvalState, target: unknown, name: string, nullSafe: boolean): unknown {
  if (target === null || target === undefined) {
    if (nullSafe) return null;
    throw evalError("NULL_REFERENCE", `Property or field '${name}' cannot be found on null`, { spelCode: "EL1007E" });
  }
  if (typeof target === "object") {
    if (isPlainObject(target)) {
      if (Object.hasOwn(target, name)) {
        assertDataObject(target);
        return target[name] ?? null;
      }
      if (s.allowUnknownKeys) return null;
      return readReflective(s, target, name);
    }
    if (target instanceof Map) {
      if (target.has(name)) return target.get(name) ?? null;
      if (s.allowUnknownKeys) return null;
      return readReflective(s, target, name);
    }
    if (isVirtualMap(target)) {
      if (target.has(name)) return target.get(name) ?? null;
      if (s.allowUnknownKeys) return null;
      throw notFound(name, target);
    }
  }
  return readReflective(s, target, name);
}

/** Reads a key of a map value for the indexer (`map['k']`): a missing key is null. */
export function readMapKey(target: unknown, key: unknown): unknown {
  if (isPlainObject(target)) {
    if (typeof key === "string" && Object.hasOwn(target, key)) {
      assertDataObject(target);
      return target[key] ?? null;
    }
    return null;
  }
  if (target instanceof Map) return mapGet(target, key).value ?? null;
  if (isVirtualMap(target)) return typeof key === "string" && target.has(key) ? (target.get(key) ?? null) : null;
  return null;
}

/** Methods visible on a class under the evaluation's profile (Spinnaker filters by return type). */
export function visibleMethods(s: EvalState, className: string, name: string): JavaMethod[] {
  const all = s.config.classes.methods(className, name);
  if (s.config.profile === "spel") return all;
  return all.filter((m) => spinnakerReturnTypeAllowed(m.returns));
}

function describeArgs(args: readonly unknown[]): string {
  return args.map((a) => javaClassName(a) ?? "null").join(",");
}

/** Runs a resolved method, turning unexpected JavaScript failures into typed errors. */
export function invoke(s: EvalState, m: JavaMethod, target: unknown, args: readonly unknown[]): unknown {
  const converted = convertArguments(m, args);
  try {
    return m.invoke(target, converted, envOf(s));
  } catch (e) {
    if (e instanceof ExpressionError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw evalError("METHOD_FAILED", msg, {
      exceptionType: e instanceof RangeError ? "IllegalArgumentException" : "RuntimeException",
      cause: e,
    });
  }
}

/** Calls `target.name(args)` (`MethodReference`). */
export function callMethod(s: EvalState, target: unknown, name: string, args: unknown[], nullSafe: boolean): unknown {
  if (target === null || target === undefined) {
    if (nullSafe) return null;
    throw evalError("NULL_REFERENCE", `Method call: Attempted to call method ${name}(${describeArgs(args)}) on null context object`, {
      spelCode: "EL1011E",
    });
  }
  if (name === "getClass" && args.length === 0 && s.config.profile === "spel") {
    return new JavaClassRef(target instanceof JavaClassRef ? "java.lang.Class" : javaClassName(target)!);
  }
  let candidates: JavaMethod[];
  if (target instanceof JavaClassRef) {
    candidates = visibleMethods(s, target.className, name).filter((m) => m.isStatic);
    if (candidates.length === 0 && s.config.profile === "spel") candidates = visibleMethods(s, "java.lang.Class", name);
  } else {
    candidates = visibleMethods(s, javaClassName(target)!, name).filter((m) => !m.isStatic);
  }
  const cls = target instanceof JavaClassRef ? target.className : javaClassName(target);
  const m = resolveMethod(candidates, args, () => `${name}(${describeArgs(args)}) on type ${cls}`);
  if (!m) {
    throw evalError("METHOD_NOT_FOUND", `Method call: Method ${name}(${describeArgs(args)}) cannot be found on type ${cls}`, {
      spelCode: "EL1004E",
    });
  }
  return invoke(s, m, target, args);
}

/** Constructs `new Type(args)` for an allowed emulated class. */
export function construct(s: EvalState, className: string, args: unknown[]): unknown {
  const ctors = s.config.classes.constructorsOf(className);
  const m = resolveMethod(ctors, args, () => `${className}(${describeArgs(args)})`);
  if (!m) {
    throw evalError("TYPE_NOT_ALLOWED", `Constructor call: No suitable constructor found on type ${className} for arguments (${describeArgs(args)})`, {
      spelCode: "EL1002E",
    });
  }
  return invoke(s, m, undefined, args);
}

/** Converts an index to an int as Spring does (`'1'` and `1.0` work). */
export function toIndex(index: unknown): number {
  const v = convertValue(index, "java.lang.Integer");
  if (v === null) throw evalError("NULL_REFERENCE", "Index is null", { exceptionType: "NullPointerException" });
  return v as number;
}

/** Text for error messages. */
export function show(v: unknown): string {
  return javaToString(v);
}
