/**
 * The shape Orca stores for a failure (`context.exception`, `taskExceptionDetails.exception`).
 * @module
 */

/** Orca's default exception details: `{details: {error, errors, stackTrace}, exceptionType, operation, shouldRetry}`. */
export function exceptionDetails(error: unknown, operation: string, shouldRetry = false): Record<string, unknown> {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    details: {
      error: "Unexpected Task Failure",
      errors: [err.message],
      stackTrace: err.stack ?? null,
    },
    exceptionType: (err as { code?: string }).code ?? err.name,
    operation,
    shouldRetry,
    timestamp: null,
  };
}
