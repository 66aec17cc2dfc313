/**
 * The SPI for emulated Java classes: their methods, constructors and static fields, and Spring's
 * reflective method resolution over them (exact, close, or by conversion; ambiguity is an error).
 * @module
 */
import { evalError } from "../errors.js";
import { canConvert, convertValue } from "../values/convert.js";
import { boxedName, isAssignable, javaClassName } from "../values/kinds.js";

/** What a method implementation receives besides its target and arguments. */
export interface InvocationEnv {
  /** The profile the expression runs under. */
  readonly profile: "spinnaker" | "spel";
  /** Current time in epoch milliseconds (injectable for tests). */
  now(): number;
  /** Random number in [0, 1) (injectable for tests). */
  random(): number;
}

/** One Java method (or constructor) with its declared signature. */
export interface JavaMethod {
  /** Method name (`<init>` for constructors). */
  readonly name: string;
  /** Declared parameter type names, e.g. `int`, `java.lang.String`, `java.lang.Object[]`. */
  readonly params: readonly string[];
  /** True when the last parameter is a varargs array. */
  readonly varargs?: boolean;
  /** Declared return type name (Spinnaker allows only some, see `spinnakerReturnTypeAllowed`). */
  readonly returns: string;
  /** True for static methods (called on `T(Type)`). */
  readonly isStatic?: boolean;
  /** The implementation; `target` is the receiver (undefined for statics and constructors). */
  invoke(target: unknown, args: unknown[], env: InvocationEnv): unknown;
}

/** An emulated Java class. */
export interface JavaClassDef {
  /** Fully qualified name, e.g. `java.time.LocalDate`. */
  readonly name: string;
  /** Supertypes (for `instanceof` and method arguments). */
  readonly supers?: readonly string[];
  /** Public static fields (`T(Integer).MAX_VALUE`). */
  readonly staticFields?: Readonly<Record<string, () => unknown>>;
  /** Methods, static and instance. */
  readonly methods: readonly JavaMethod[];
  /** Constructors (`new X(...)`); `name` is `<init>`. */
  readonly constructors?: readonly JavaMethod[];
  /** True for classes Spinnaker's allow-list does not contain (only available in the `spel` profile). */
  readonly spelOnly?: boolean;
}

/** Return types Spinnaker's method filter accepts besides primitives and the allow-listed classes. */
const RETURN_TYPES = new Set([
  "java.util.Collection",
  "java.util.Map",
  "java.util.SortedMap",
  "java.util.List",
  "java.util.Set",
  "java.util.SortedSet",
  "java.util.ArrayList",
  "java.util.LinkedList",
  "java.util.HashSet",
  "java.util.LinkedHashSet",
  "java.util.HashMap",
  "java.util.LinkedHashMap",
  "java.util.TreeMap",
  "java.util.TreeSet",
  "void",
]);

/** Classes usable in `T(...)` / `new` under Spinnaker (kork's `InstantiationTypeRestrictor`). */
export const SPINNAKER_ALLOWED_TYPES: ReadonlySet<string> = new Set([
  "java.lang.String",
  "java.util.Date",
  "java.lang.Integer",
  "java.lang.Long",
  "java.lang.Double",
  "java.lang.Byte",
  "java.lang.Boolean",
  "java.text.SimpleDateFormat",
  "java.lang.Math",
  "java.util.Random",
  "java.util.UUID",
  "java.time.LocalDate",
  "java.time.LocalDateTime",
  "java.time.DayOfWeek",
  "java.time.Instant",
  "java.time.temporal.ChronoUnit",
  "java.net.URLEncoder",
  "java.time.temporal.TemporalAdjusters",
]);

const extraReturnTypes = new Set<string>();

/** Lets a host add return types (its own emulated classes) to Spinnaker's method filter. */
export function allowReturnType(name: string): void {
  extraReturnTypes.add(name);
}

const PRIMITIVES = new Set(["int", "long", "double", "float", "boolean", "char", "byte", "short", "void"]);

/** Spinnaker's `ReturnTypeRestrictor`: primitive, allow-listed class, or a collection/map type. */
export function spinnakerReturnTypeAllowed(type: string): boolean {
  const t = type.endsWith("[]") ? type.slice(0, -2) : type;
  return PRIMITIVES.has(t) || SPINNAKER_ALLOWED_TYPES.has(t) || RETURN_TYPES.has(t) || extraReturnTypes.has(t);
}

type Match = "exact" | "close" | "convert" | null;

function compareArguments(params: readonly string[], args: readonly unknown[]): Match {
  let match: Match = "exact";
  for (let i = 0; i < params.length && match !== null; i++) {
    const p = params[i]!;
    const a = args[i];
    if (a === null || a === undefined) {
      if (boxedName(p) !== p) match = null; // null into a primitive
      continue;
    }
    const source = javaClassName(a)!;
    if (p === source) continue;
    if (isAssignable(p, source)) {
      if (match !== "convert") match = "close";
    } else if (canConvert(a, p)) {
      match = "convert";
    } else {
      match = null;
    }
  }
  return match;
}

function compareVarargs(m: JavaMethod, args: readonly unknown[]): Match {
  const fixed = m.params.length - 1;
  if (args.length < fixed) return null;
  const head = compareArguments(m.params.slice(0, fixed), args.slice(0, fixed));
  if (head === null) return null;
  const arrayType = m.params[fixed]!;
  const comp = arrayType.slice(0, -2);
  const rest = args.slice(fixed);
  // a single array/collection argument passed straight to the varargs slot
  if (rest.length === 1 && rest[0] !== null && rest[0] !== undefined) {
    const only = javaClassName(rest[0])!;
    if (isAssignable(arrayType, only)) return head === "exact" ? "exact" : head;
  }
  const tail = compareArguments(
    rest.map(() => comp),
    rest,
  );
  if (tail === null) return null;
  return head === "convert" || tail === "convert" ? "convert" : "close";
}

/** Converts arguments to the declared parameter types (packing varargs). */
export function convertArguments(m: JavaMethod, args: readonly unknown[]): unknown[] {
  if (!m.varargs) return m.params.map((p, i) => convertValue(args[i], p));
  const fixed = m.params.length - 1;
  const out = m.params.slice(0, fixed).map((p, i) => convertValue(args[i], p));
  const arrayType = m.params[fixed]!;
  const rest = args.slice(fixed);
  if (rest.length === 1 && rest[0] !== null && rest[0] !== undefined && isAssignable(arrayType, javaClassName(rest[0])!)) {
    out.push(rest[0]);
  } else {
    out.push(convertValue(rest, arrayType));
  }
  return out;
}

/**
 * Spring's `ReflectiveMethodResolver.resolve`: among methods with the name and a compatible
 * arity, an exact match wins, then the first close match, then a unique match by conversion;
 * several matches by conversion are ambiguous (EL1031E). Returns null when nothing fits.
 */
export function resolveMethod(
  candidates: readonly JavaMethod[],
  args: readonly unknown[],
  describe: () => string,
): JavaMethod | null {
  let close: JavaMethod | null = null;
  let convert: JavaMethod | null = null;
  let ambiguous = false;
  for (const m of candidates) {
    let match: Match;
    if (m.varargs) match = compareVarargs(m, args);
    else if (m.params.length !== args.length) continue;
    else match = compareArguments(m.params, args);
    if (match === "exact") return m;
    if (match === "close") {
      close ??= m;
    } else if (match === "convert") {
      if (convert) ambiguous = true;
      convert = m;
    }
  }
  if (close) return close;
  if (convert) {
    if (ambiguous) {
      throw evalError("METHOD_NOT_FOUND", `Problem locating method ${describe()}: multiple matching methods`, {
        spelCode: "EL1031E",
      });
    }
    return convert;
  }
  return null;
}
