import type { JavaClassDef } from "../class.js";
import { entryClass, listClass, mapClass, setClass } from "./collections.js";
import { objectClass, stringClass } from "./string.js";

/** Instance methods of the value model's core classes: String, List, Set, Map, Map.Entry, Object. */
export const builtinInstanceClasses: readonly JavaClassDef[] = [objectClass, stringClass, listClass, setClass, mapClass, entryClass];
