import { JavaArray, JavaChar, JavaDouble, JavaFloat, JavaInstance, JavaLong, JavaMapEntry } from "./boxes.js";

/** The JSON-ish kind of a value, as the conformance corpus names it. */
export type JavaKind =
  | "string"
  | "char"
  | "int"
  | "long"
  | "float"
  | "double"
  | "bigint"
  | "boolean"
  | "null"
  | "list"
  | "map"
  | "object";

const OBJECT_PROTO = Object.prototype;

/** True for a plain data object (prototype `Object.prototype` or `null`): a Java `Map<String, ?>`. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const p = Object.getPrototypeOf(v);
  return p === OBJECT_PROTO || p === null;
}

/** True for any value the evaluator treats as a Java `Map`. */
export function isJavaMap(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  return v instanceof Map || isPlainObject(v);
}

/** True for a JavaScript number that reads as a Java `int`. */
export function isInt(v: unknown): v is number {
  return typeof v === "number" && (v | 0) === v && !Object.is(v, -0);
}

/** The Java kind of a value (see the table in `boxes.ts`). */
export function javaKind(v: unknown): JavaKind {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      if ((v | 0) === v && !Object.is(v, -0)) return "int";
      return Number.isInteger(v) ? "long" : "double";
    case "bigint":
      return "bigint";
    case "object":
      if (Array.isArray(v) || v instanceof JavaArray || v instanceof Set) return "list";
      if (v instanceof JavaDouble) return "double";
      if (v instanceof JavaLong) return "long";
      if (v instanceof JavaFloat) return "float";
      if (v instanceof JavaChar) return "char";
      if (isJavaMap(v)) return "map";
      return "object";
    default:
      return "object";
  }
}

/** Java class names of the boxed and built-in kinds. */
export const CLASS = {
  String: "java.lang.String",
  Integer: "java.lang.Integer",
  Long: "java.lang.Long",
  Double: "java.lang.Double",
  Float: "java.lang.Float",
  Short: "java.lang.Short",
  Byte: "java.lang.Byte",
  Boolean: "java.lang.Boolean",
  Character: "java.lang.Character",
  BigInteger: "java.math.BigInteger",
  Object: "java.lang.Object",
  List: "java.util.ArrayList",
  Map: "java.util.LinkedHashMap",
  Set: "java.util.LinkedHashSet",
  Entry: "java.util.Map$Entry",
} as const;

/** The (emulated) Java class name of a value; `null` for null. */
export function javaClassName(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
      return CLASS.String;
    case "boolean":
      return CLASS.Boolean;
    case "number":
      if ((v | 0) === v && !Object.is(v, -0)) return CLASS.Integer;
      return Number.isInteger(v) ? CLASS.Long : CLASS.Double;
    case "bigint":
      return CLASS.BigInteger;
    case "object":
      if (Array.isArray(v)) return CLASS.List;
      if (v instanceof JavaDouble) return CLASS.Double;
      if (v instanceof JavaLong) return CLASS.Long;
      if (v instanceof JavaFloat) return CLASS.Float;
      if (v instanceof JavaChar) return CLASS.Character;
      if (v instanceof JavaArray) return `${v.componentType}[]`;
      if (v instanceof Set) return CLASS.Set;
      if (v instanceof JavaMapEntry) return CLASS.Entry;
      if (v instanceof JavaInstance) return v.javaClassName;
      if (isJavaMap(v)) return CLASS.Map;
      return CLASS.Object;
    default:
      return CLASS.Object;
  }
}

/** The simple Java class name (`String`, `Integer`, ...), or `null` for null. */
export function javaSimpleName(v: unknown): string | null {
  const n = javaClassName(v);
  if (n === null) return null;
  const i = n.lastIndexOf(".");
  return i < 0 ? n : n.slice(i + 1);
}

const PRIMITIVE_BOX: Record<string, string> = {
  int: CLASS.Integer,
  long: CLASS.Long,
  double: CLASS.Double,
  float: CLASS.Float,
  short: CLASS.Short,
  byte: CLASS.Byte,
  boolean: CLASS.Boolean,
  char: CLASS.Character,
};

/** The wrapper class of a primitive type name, or the name itself. */
export function boxedName(type: string): string {
  return PRIMITIVE_BOX[type] ?? type;
}

/** True when `type` is a Java primitive type name. */
export function isPrimitiveType(type: string): boolean {
  return type in PRIMITIVE_BOX;
}

const SUPERS: Record<string, readonly string[]> = {
  [CLASS.String]: ["java.lang.CharSequence", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Integer]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Long]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Double]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Float]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Short]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Byte]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.BigInteger]: ["java.lang.Number", "java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Boolean]: ["java.lang.Comparable", "java.io.Serializable"],
  [CLASS.Character]: ["java.lang.Comparable", "java.io.Serializable"],
  [CLASS.List]: [
    "java.util.AbstractList",
    "java.util.List",
    "java.util.Collection",
    "java.lang.Iterable",
    "java.util.RandomAccess",
    "java.io.Serializable",
  ],
  [CLASS.Set]: ["java.util.HashSet", "java.util.Set", "java.util.Collection", "java.lang.Iterable", "java.io.Serializable"],
  [CLASS.Map]: ["java.util.HashMap", "java.util.AbstractMap", "java.util.Map", "java.io.Serializable"],
  [CLASS.Entry]: [],
};

const extraSupers = new Map<string, readonly string[]>();

/** Declares the supertypes of an emulated class (used by `instanceof` and method resolution). */
export function declareSupertypes(className: string, supers: readonly string[]): void {
  extraSupers.set(className, supers);
}

/**
 * Java's `Class.isAssignableFrom`: may a value of class `source` be used where `target` is
 * expected (primitives match their wrappers, as Spring's `ClassUtils.isAssignable` does).
 */
export function isAssignable(target: string, source: string): boolean {
  const t = boxedName(target);
  const s = boxedName(source);
  if (t === s || t === CLASS.Object) return true;
  if (s.endsWith("[]")) {
    if (!t.endsWith("[]")) return t === "java.io.Serializable" || t === "java.lang.Cloneable";
    const tc = t.slice(0, -2);
    const sc = s.slice(0, -2);
    if (isPrimitiveType(tc) || isPrimitiveType(sc)) return tc === sc;
    return isAssignable(tc, sc);
  }
  const supers = SUPERS[s] ?? extraSupers.get(s);
  return supers !== undefined && supers.includes(t);
}

/** Java's `instanceof` for a value and a class name. */
export function isInstanceOf(v: unknown, className: string): boolean {
  const c = javaClassName(v);
  return c !== null && isAssignable(className, c);
}
