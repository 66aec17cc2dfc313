/**
 * Shared, frozen empty values for the parts of a new execution that start empty and that the
 * engine replaces rather than changes in place (a stage's outputs and tasks at launch, a task's
 * exception details, an execution's notifications): one object each, instead of one per record,
 * less to allocate, to keep and to freeze in the store.
 * @module
 */

/** A frozen empty record. */
export const EMPTY_RECORD: Record<string, unknown> = Object.freeze({});

const EMPTY_ARRAY: readonly never[] = Object.freeze([]);

/** A frozen empty list (typed for the list it stands in for). */
export function emptyList<T>(): T[] {
  return EMPTY_ARRAY as unknown as T[];
}
