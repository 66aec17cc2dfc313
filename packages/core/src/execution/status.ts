/**
 * Orca's `ExecutionStatus` and its predicates (spec section 2).
 * @module
 */

/** Every status an execution, stage or task can have (Orca's `ExecutionStatus`). */
export const EXECUTION_STATUSES = [
  "NOT_STARTED",
  "RUNNING",
  "PAUSED",
  "SUSPENDED",
  "SUCCEEDED",
  "FAILED_CONTINUE",
  "TERMINAL",
  "CANCELED",
  "REDIRECT",
  "STOPPED",
  "SKIPPED",
  "BUFFERED",
] as const;

/** The status of an execution, stage or task. */
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const COMPLETE = new Set<ExecutionStatus>(["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"]);
const HALT = new Set<ExecutionStatus>(["TERMINAL", "CANCELED", "STOPPED"]);
const SUCCESSFUL = new Set<ExecutionStatus>(["SUCCEEDED", "STOPPED", "SKIPPED"]);
const FAILURE = new Set<ExecutionStatus>(["FAILED_CONTINUE", "TERMINAL", "STOPPED"]);
const UPSTREAM_COMPLETE = new Set<ExecutionStatus>(["SUCCEEDED", "FAILED_CONTINUE", "SKIPPED"]);

/** `isComplete`: SUCCEEDED, FAILED_CONTINUE, TERMINAL, CANCELED, STOPPED or SKIPPED. */
export function isComplete(status: ExecutionStatus): boolean {
  return COMPLETE.has(status);
}

/** `isHalt`: TERMINAL, CANCELED or STOPPED — nothing downstream runs. */
export function isHalt(status: ExecutionStatus): boolean {
  return HALT.has(status);
}

/** `isSuccessful`: SUCCEEDED, STOPPED or SKIPPED (STOPPED counts as successful for the execution roll-up). */
export function isSuccessful(status: ExecutionStatus): boolean {
  return SUCCESSFUL.has(status);
}

/** `isFailure`: FAILED_CONTINUE, TERMINAL or STOPPED. */
export function isFailure(status: ExecutionStatus): boolean {
  return FAILURE.has(status);
}

/** A requisite stage in one of these statuses lets its downstream stages start. */
export function isUpstreamComplete(status: ExecutionStatus): boolean {
  return UPSTREAM_COMPLETE.has(status);
}

/** A requisite stage in one of these statuses (TERMINAL, STOPPED, CANCELED) blocks its branch for good. */
export function isUpstreamFailed(status: ExecutionStatus): boolean {
  return HALT.has(status);
}
