// Interim index (the Java-types engineer replaces this file with the complete list).
import type { JavaClassDef } from "../class.js";
import { MATH } from "./math.js";
import { NUMBER_CLASSES } from "./numbers.js";

/** Every emulated allow-listed (and spel-only) Java class. */
export const builtinClasses: readonly JavaClassDef[] = [MATH, ...NUMBER_CLASSES];
