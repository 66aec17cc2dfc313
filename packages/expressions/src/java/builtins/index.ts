import type { JavaClassDef } from "../class.js";
import { entryClass, listClass, mapClass, setClass } from "./collections.js";
import { classClass } from "./class-class.js";
import { objectClass, stringClass } from "./string.js";

/** Instance methods of the value model's core classes: String, List, Set, Map, Map.Entry, Object. */
export const builtinInstanceClasses: readonly JavaClassDef[] = [objectClass, stringClass, listClass, setClass, mapClass, entryClass];

/**
 * Interfaces and abstract types that `T(...)` can name for `instanceof` (plain SpEL only; they
 * are not on Spinnaker's allow-list), and `java.lang.Class` with its two harmless getters.
 */
export const builtinTypeNames: readonly JavaClassDef[] = [
  ...["java.util.List", "java.util.Map", "java.util.Collection", "java.util.Set", "java.lang.Number", "java.lang.CharSequence", "java.lang.Iterable", "java.lang.Comparable"].map(
    (name): JavaClassDef => ({ name, methods: [], spelOnly: true }),
  ),
  classClass,
];
