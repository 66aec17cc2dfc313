/**
 * Errors thrown by `@gennaker/core`. Every error is a named class with a stable `code`, so hosts can
 * branch on `err.code` without parsing messages.
 * @module
 */

/** Base class of every error thrown by `@gennaker/core`. */
export class GennakerError extends Error {
  /** Stable machine-readable code, e.g. `PIPELINE_INVALID`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found in a pipeline, stage or trigger JSON document. */
export interface ValidationProblem {
  /** JSON path of the offending value, e.g. `$.stages[2].requisiteStageRefIds[0]`. */
  path: string;
  /** Stable problem code, e.g. `missing_type`, `duplicate_ref_id`, `cycle`. */
  code: string;
  /** Human-readable description. */
  message: string;
}

/** A pipeline (or trigger / stage) document failed validation; nothing was created. */
export class PipelineValidationError extends GennakerError {
  /** Every problem found, in document order. */
  readonly problems: readonly ValidationProblem[];

  constructor(problems: readonly ValidationProblem[]) {
    super(
      "PIPELINE_INVALID",
      `pipeline is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join("\n"),
    );
    this.problems = problems;
  }
}

/** An execution, stage or task id that does not exist. */
export class NotFoundError extends GennakerError {
  constructor(what: "execution" | "stage" | "task" | "pipeline", id: string) {
    super(`${what.toUpperCase()}_NOT_FOUND`, `${what} ${JSON.stringify(id)} not found`);
  }
}

/** A write lost an optimistic-concurrency race: the stored version moved on since it was read. */
export class VersionConflictError extends GennakerError {
  constructor(executionId: string, expected: number, actual: number | undefined) {
    super(
      "VERSION_CONFLICT",
      `execution ${executionId} was modified concurrently (expected version ${expected}, found ${actual ?? "none"})`,
    );
  }
}

/** An operation that the execution's (or stage's) current state does not allow. */
export class InvalidStateError extends GennakerError {
  constructor(message: string) {
    super("INVALID_STATE", message);
  }
}

/** A user may not perform this operation (e.g. judge a manual judgment without a required role). */
export class NotAuthorizedError extends GennakerError {
  constructor(message: string) {
    super("NOT_AUTHORIZED", message);
  }
}
