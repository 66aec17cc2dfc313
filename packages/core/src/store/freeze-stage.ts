/**
 * Deep-freezing a stage the way the in-memory store keeps it, without walking what is frozen
 * already: the stage record, its context and outputs maps, its task list and task records are
 * frozen, and of the values inside them only those not frozen yet are walked (a stage copied for a
 * change shares every value it did not change with the stored stage it was copied from).
 * @module
 */
import type { StageExecution, TaskExecution } from "../execution/types.js";

/** Freeze `value` and everything reachable from it that is not frozen yet. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    } else {
      // own enumerable string-keyed values, as Object.values, without making an array of them
      for (const k in value) if (Object.hasOwn(value, k)) deepFreeze((value as Record<string, unknown>)[k]);
    }
  }
  return value;
}

/** Freeze the object values of a record not frozen yet (the record itself is frozen by the caller). */
function freezeValues(record: Record<string, unknown>): void {
  for (const k in record) {
    const v = record[k];
    if (v !== null && typeof v === "object" && !Object.isFrozen(v) && Object.hasOwn(record, k)) deepFreeze(v);
  }
}

function freezeTask(task: TaskExecution): void {
  if (Object.isFrozen(task)) return;
  Object.freeze(task);
  freezeValues(task as unknown as Record<string, unknown>);
}

/** {@link deepFreeze} of a stage. */
export function freezeStage(stage: StageExecution): StageExecution {
  if (Object.isFrozen(stage)) return stage;
  Object.freeze(stage);
  // the maps and lists every stage has, then whatever else it holds
  const { context, outputs, tasks } = stage;
  if (context !== null && typeof context === "object" && !Object.isFrozen(context)) {
    Object.freeze(context);
    freezeValues(context);
  }
  if (outputs !== null && typeof outputs === "object" && !Object.isFrozen(outputs)) {
    Object.freeze(outputs);
    freezeValues(outputs);
  }
  if (Array.isArray(tasks) && !Object.isFrozen(tasks)) {
    Object.freeze(tasks);
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i];
      if (t !== null && typeof t === "object") freezeTask(t);
      else deepFreeze(t);
    }
  }
  freezeValues(stage as unknown as Record<string, unknown>);
  return stage;
}
