import type { z } from "zod";
import { CanaryValidationError } from "./errors.js";

/**
 * Parses `input` with a zod schema, throwing {@link CanaryValidationError} whose path names the
 * first offending field (prefixed by `basePath`).
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, basePath: readonly (string | number)[] = []): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new CanaryValidationError(
    result.error.issues.map((issue) => ({
      path: [...basePath, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: issue.message,
    })),
  );
}
