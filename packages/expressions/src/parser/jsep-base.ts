import jsep from "jsep";

/** The scanner surface of jsep's `Jsep` class that the SpEL tokenizer builds on. */
export interface JsepScanner {
  index: number;
  readonly expr: string;
  readonly char: string;
  readonly code: number;
  throwError(message: string): never;
}

/**
 * jsep's parser class. jsep exports it at runtime (`jsep.Jsep`) but its typings omit it. Only
 * instance members are used, so jsep's global operator tables, hooks and plugins stay untouched.
 */
export const JsepBase = (jsep as unknown as { Jsep: new (expr: string) => JsepScanner }).Jsep;
