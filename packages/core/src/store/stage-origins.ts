/**
 * Which stored stage list a stage list the in-memory store handed out (or was given by `update`)
 * is a copy of. The store's stored lists never change, so the engine can key what it derives from
 * a stage list (its graph index) on the stored list and recognise a later read of the same version
 * without comparing stages. Only the most recent pairs are remembered, newest first; the engine
 * asks right after a read or write, before anyone could have changed the copy.
 * @module
 */
import type { StageExecution } from "../execution/types.js";

const REMEMBERED = 16;
const copies: (readonly StageExecution[] | undefined)[] = new Array<undefined>(REMEMBERED);
const originals: (readonly StageExecution[] | undefined)[] = new Array<undefined>(REMEMBERED);
let next = 0;

/** Record that `copy` has the same stages, in the same order, as the stored, never-changing `original`. */
export function noteStoredStages(copy: readonly StageExecution[], original: readonly StageExecution[]): void {
  copies[next] = copy;
  originals[next] = original;
  next = (next + 1) % REMEMBERED;
}

/** The stored list `copy` was last recorded as a copy of, if still remembered. */
export function storedStagesOf(copy: readonly StageExecution[]): readonly StageExecution[] | undefined {
  for (let k = 1; k <= REMEMBERED; k++) {
    const i = (next - k + REMEMBERED) % REMEMBERED;
    if (copies[i] === copy) return originals[i];
  }
  return undefined;
}
