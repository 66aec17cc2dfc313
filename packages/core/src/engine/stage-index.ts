/**
 * Where a stage sits in an execution's flat stage list, found in constant time for large
 * executions. Every message handler looks stages up by id; a linear scan of a 1,000-stage
 * execution per lookup made handling a message O(stages). Positions are cached per execution id
 * across reads and checked on every use (`stages[i].id === id`), so a stale or foreign entry is
 * never believed: it is rebuilt instead.
 * @module
 */
import type { PipelineExecution, StageExecution } from "../execution/types.js";

/** Executions up to this many stages are scanned; a scan is cheaper than a map there. */
let SCAN_LIMIT = 16;

/** For tests: scan executions up to this many stages (-1: never; Infinity: always). Returns the previous value. */
export function setPositionScanLimit(stages: number): number {
  const previous = SCAN_LIMIT;
  SCAN_LIMIT = stages;
  return previous;
}
/** Executions whose positions are remembered (the longest remembered is dropped first). */
const REMEMBERED = 256;

const positions = new Map<string, Map<string, number>>();

function rebuild(executionId: string, stages: readonly StageExecution[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < stages.length; i++) {
    const id = stages[i]!.id;
    if (!map.has(id)) map.set(id, i);
  }
  positions.delete(executionId);
  positions.set(executionId, map);
  if (positions.size > REMEMBERED) positions.delete(positions.keys().next().value!);
  return map;
}

/** Index of the stage with this id in `execution.stages`, or -1. */
export function stagePosition(execution: PipelineExecution, id: string): number {
  const stages = execution.stages;
  const n = stages.length;
  if (n <= SCAN_LIMIT) {
    for (let i = 0; i < n; i++) if (stages[i]!.id === id) return i;
    return -1;
  }
  const known = positions.get(execution.id);
  if (known !== undefined) {
    const i = known.get(id);
    if (i !== undefined && i < n && stages[i]!.id === id) return i;
  }
  const i = rebuild(execution.id, stages).get(id);
  return i === undefined ? -1 : i;
}

/** The stage with this id, or undefined. */
export function stageById(execution: PipelineExecution, id: string): StageExecution | undefined {
  const i = stagePosition(execution, id);
  return i < 0 ? undefined : execution.stages[i];
}
