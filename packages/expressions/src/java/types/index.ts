/**
 * The emulated Java classes reachable through `T(Type)`, `new Type(...)` and the methods of the
 * values they produce.
 * @module
 */
import type { JavaClassDef } from "../class.js";
import { DATE_CLASSES } from "./date.js";
import { MATH } from "./math.js";
import { NUMBER_CLASSES } from "./numbers.js";
import { RANDOM } from "./random.js";
import { SPEL_ONLY_CLASSES } from "./spel-only.js";
import { STRING_STATICS } from "./string-statics.js";
import { TIME_CLASSES } from "./time.js";
import { URL_ENCODER } from "./urlencoder.js";
import { UUID } from "./uuid.js";

export { javaFormat } from "./formatter.js";

/** Every built-in emulated class (allow-listed ones and the `spel`-profile-only ones). */
export const builtinClasses: readonly JavaClassDef[] = [
  MATH,
  ...NUMBER_CLASSES,
  STRING_STATICS,
  UUID,
  RANDOM,
  URL_ENCODER,
  ...TIME_CLASSES,
  ...DATE_CLASSES,
  ...SPEL_ONLY_CLASSES,
];
