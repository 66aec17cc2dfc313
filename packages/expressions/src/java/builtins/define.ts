import { evalError } from "../../errors.js";
import type { InvocationEnv, JavaMethod } from "../class.js";

/** Defines an instance method. */
export function method(
  name: string,
  params: readonly string[],
  returns: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each method destructures its own tuple
  impl: (self: any, args: any, env: InvocationEnv) => unknown,
  varargs = false,
): JavaMethod {
  return { name, params, returns, varargs, invoke: impl as JavaMethod["invoke"] };
}

/** Defines a static method. */
export function staticMethod(
  name: string,
  params: readonly string[],
  returns: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each method destructures its own tuple
  impl: (args: any, env: InvocationEnv) => unknown,
  varargs = false,
): JavaMethod {
  return { name, params, returns, varargs, isStatic: true, invoke: (_t, args, env) => impl(args, env) };
}

/** Java's `StringIndexOutOfBoundsException`. */
export function stringIndexError(message: string): Error {
  return evalError("INDEX_OUT_OF_BOUNDS", message, { exceptionType: "StringIndexOutOfBoundsException" });
}

/** Java's `NullPointerException` for a null argument. */
export function npe(what: string): Error {
  return evalError("NULL_REFERENCE", `${what} is null`, { exceptionType: "NullPointerException" });
}

/** Upper bound on the length of strings that methods such as `repeat` may build. */
export const MAX_STRING_RESULT = 1_000_000;

/** Throws when a method would build a string longer than {@link MAX_STRING_RESULT}. */
export function checkLength(n: number): void {
  if (n > MAX_STRING_RESULT) {
    throw evalError("LIMIT_EXCEEDED", `Result string of ${n} characters exceeds the limit of ${MAX_STRING_RESULT}`, {});
  }
}
