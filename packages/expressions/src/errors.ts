/**
 * Errors thrown while parsing or evaluating an expression.
 * @module
 */

/** When the failure happened: while parsing the text, or while evaluating it. */
export type ExpressionPhase = "parse" | "eval";

/**
 * Stable error codes. Where Spring's SpEL reports a message code (`EL1008E`), the same failure here
 * carries it as {@link ExpressionError.spelCode}; `code` is Gennaker's own stable name.
 */
export type ExpressionErrorCode =
  /** Malformed expression text (SpEL's EL1041E, EL1044E, EL1049E, ...). */
  | "SYNTAX"
  /** Template text: `${` without `}`, or `${}` with nothing inside. */
  | "TEMPLATE_SYNTAX"
  /** The expression is longer than the configured limit. */
  | "TOO_LONG"
  /** A property or key that does not exist where one is required (EL1008E). */
  | "PROPERTY_NOT_FOUND"
  /** A property, index or method used on `null` (EL1007E, EL1011E, EL1012E). */
  | "NULL_REFERENCE"
  /** A method that does not exist on the value or is not allowed (EL1004E, EL1031E). */
  | "METHOD_NOT_FOUND"
  /** `#fn()` where no function `fn` is registered (EL1006E), or wrong argument count (EL1014E/EL1015E). */
  | "FUNCTION_NOT_FOUND"
  /** A registered function threw (EL1023E); the function's own error is the `cause`. */
  | "FUNCTION_FAILED"
  /** `T(x)` or `new x()` of a type that does not exist or is not allowed (EL1005E, EL1021E, EL1003E). */
  | "TYPE_NOT_ALLOWED"
  /** A value could not be converted to the type an operator or method needs (EL1001E). */
  | "TYPE_CONVERSION"
  /** An operator that does not apply to its operands (EL1030E, EL1013E, EL1016E, EL1017E, ...). */
  | "OPERATOR"
  /** An index outside a list, array or string (EL1025E, EL1026E, `StringIndexOutOfBoundsException`). */
  | "INDEX_OUT_OF_BOUNDS"
  /** Integer division by zero, overflow in `*Exact` methods (`ArithmeticException`). */
  | "ARITHMETIC"
  /** A malformed number text (`NumberFormatException`). */
  | "NUMBER_FORMAT"
  /** A Java method failed with an exception of its own (`IllegalArgumentException`, ...). */
  | "METHOD_FAILED"
  /** Assignment to something that cannot be assigned (EL1068E). */
  | "NOT_ASSIGNABLE"
  /** A feature Spinnaker does not offer (bean references `@x`, EL1057E). */
  | "NOT_SUPPORTED"
  /** The evaluation exceeded its work budget (steps, string or collection size). */
  | "LIMIT_EXCEEDED";

/** Options for {@link ExpressionError}. */
export interface ExpressionErrorInit {
  code: ExpressionErrorCode;
  phase: ExpressionPhase;
  /** The whole expression text. */
  expression?: string;
  /** Zero-based character offset of the failure in `expression`. */
  position?: number;
  /** Spring's message code, for example `EL1008E`. */
  spelCode?: string;
  /** The Java exception class a Spinnaker user would see (used for `exceptionType`). */
  exceptionType?: string;
  cause?: unknown;
}

/**
 * The one error type of this package: every parse and evaluation failure is an `ExpressionError`
 * with a stable {@link ExpressionError.code}, the {@link ExpressionError.phase} and the position.
 */
export class ExpressionError extends Error {
  override readonly name = "ExpressionError";
  /** Stable Gennaker error code. */
  readonly code: ExpressionErrorCode;
  /** `parse` or `eval`. */
  readonly phase: ExpressionPhase;
  /** The expression text, when known. */
  expression: string | undefined;
  /** Zero-based offset in {@link ExpressionError.expression}, when known. */
  position: number | undefined;
  /** Spring's message code (`EL1008E`) when Spring reports one for the same failure. */
  readonly spelCode: string | undefined;
  /** The Java exception class Spinnaker would report (`SpelEvaluationException`, `ArithmeticException`, ...). */
  readonly exceptionType: string;

  constructor(message: string, init: ExpressionErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.phase = init.phase;
    this.expression = init.expression;
    this.position = init.position;
    this.spelCode = init.spelCode;
    this.exceptionType =
      init.exceptionType ?? (init.phase === "parse" ? "SpelParseException" : "SpelEvaluationException");
  }
}

/** Shorthand for an evaluation-phase {@link ExpressionError}. */
export function evalError(
  code: ExpressionErrorCode,
  message: string,
  extra: Omit<ExpressionErrorInit, "code" | "phase"> = {},
): ExpressionError {
  return new ExpressionError(extra.spelCode ? `${extra.spelCode}: ${message}` : message, {
    ...extra,
    code,
    phase: "eval",
  });
}

/** Shorthand for a parse-phase {@link ExpressionError}. */
export function parseError(
  code: ExpressionErrorCode,
  message: string,
  position: number,
  spelCode?: string,
): ExpressionError {
  return new ExpressionError(spelCode ? `${spelCode}: ${message}` : message, {
    code,
    phase: "parse",
    position,
    ...(spelCode ? { spelCode } : {}),
  });
}
