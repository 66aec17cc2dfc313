/**
 * The engine's queue messages (Orca's `messages.kt`, spec section 3.2). Every message is plain JSON;
 * two messages with the same content have the same {@link fingerprint} and are de-duplicated while
 * pending.
 * @module
 */
import type { ExecutionStatus } from "../execution/status.js";
import type { ExecutionType, SyntheticStageOwner } from "../execution/types.js";

interface ExecutionLevel {
  executionType: ExecutionType;
  executionId: string;
  application: string;
}
interface StageLevel extends ExecutionLevel {
  stageId: string;
}
interface TaskLevel extends StageLevel {
  taskId: string;
}

/** Start an execution (or queue it behind a running one, spec section 5). */
export interface StartExecution extends ExecutionLevel { kind: "StartExecution" }
/** Decide an execution's final status once its branches are done. */
export interface CompleteExecution extends ExecutionLevel { kind: "CompleteExecution" }
/** Cancel an execution. */
export interface CancelExecution extends ExecutionLevel { kind: "CancelExecution"; user: string | null; reason: string | null }
/** Re-run every running task now, so it notices cancel / pause / skip at once. */
export interface RescheduleExecution extends ExecutionLevel { kind: "RescheduleExecution" }
/** Resume a paused execution's stages. */
export interface ResumeExecution extends ExecutionLevel { kind: "ResumeExecution" }
/** Start a stage once its requisites are complete. */
export interface StartStage extends StageLevel { kind: "StartStage" }
/** Continue a parent after its before- or after-stages finished. */
export interface ContinueParentStage extends StageLevel { kind: "ContinueParentStage"; phase: SyntheticStageOwner }
/** Roll a stage's status up from its tasks and synthetic stages. */
export interface CompleteStage extends StageLevel { kind: "CompleteStage" }
/** Mark a stage SKIPPED and continue downstream. */
export interface SkipStage extends StageLevel { kind: "SkipStage" }
/** Fail a stage from the dead-letter path. */
export interface AbortStage extends StageLevel { kind: "AbortStage" }
/** Mark a stage (and its parents) PAUSED. */
export interface PauseStage extends StageLevel { kind: "PauseStage" }
/** Resume a paused stage's tasks. */
export interface ResumeStage extends StageLevel { kind: "ResumeStage" }
/** Cancel a halted stage: wake its running tasks and run its stage type's cancel hook. */
export interface CancelStage extends StageLevel { kind: "CancelStage" }
/** Reset a stage and everything downstream of it and run it again. */
export interface RestartStage extends StageLevel { kind: "RestartStage"; user: string | null }
/** Start a task. */
export interface StartTask extends TaskLevel { kind: "StartTask" }
/** Run (or re-run after backoff) a task. */
export interface RunTask extends TaskLevel { kind: "RunTask"; taskType: string }
/** Record a task's result and move on. */
export interface CompleteTask extends TaskLevel {
  kind: "CompleteTask";
  status: ExecutionStatus;
  originalStatus: ExecutionStatus | null;
}
/** Mark a task PAUSED. */
export interface PauseTask extends TaskLevel { kind: "PauseTask" }
/** Resume a paused task. */
export interface ResumeTask extends TaskLevel { kind: "ResumeTask" }
/** Start the next waiting execution of a pipeline config. */
export interface StartWaitingExecutions {
  kind: "StartWaitingExecutions";
  pipelineConfigId: string;
  purgeQueue: boolean;
}

/** Every message the engine sends itself. */
export type Message =
  | StartExecution
  | CompleteExecution
  | CancelExecution
  | RescheduleExecution
  | ResumeExecution
  | StartStage
  | ContinueParentStage
  | CompleteStage
  | SkipStage
  | AbortStage
  | PauseStage
  | ResumeStage
  | CancelStage
  | RestartStage
  | StartTask
  | RunTask
  | CompleteTask
  | PauseTask
  | ResumeTask
  | StartWaitingExecutions;

/** The `kind` of a message. */
export type MessageKind = Message["kind"];

/**
 * A stable string identity of a message's content (keys sorted), used for de-duplication:
 * pushing a message whose fingerprint is already pending only moves its delivery time.
 */
export function fingerprint(message: Message): string {
  const m = message as unknown as Record<string, unknown>;
  const keys = sortedKeys(m);
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out += `${k}=${json(m[k])};`;
  }
  return out;
}

/**
 * Whether the two messages have the same {@link fingerprint}, found without making either: the
 * same own keys, each with the same JSON value.
 */
export function sameMessage(a: Message, b: Message): boolean {
  if (a === b) return true;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    if (!Object.hasOwn(y, k)) return false;
    const u = x[k];
    const v = y[k];
    if (u !== v && json(u) !== json(v)) return false;
    n++;
  }
  for (const k in y) if (Object.hasOwn(y, k)) n--;
  return n === 0;
}

/** Sorted keys of the last message seen of each kind (messages of a kind share their keys). */
const keyOrder = new Map<unknown, { keys: string[]; sorted: string[] }>();

function sortedKeys(m: Record<string, unknown>): string[] {
  const keys = Object.keys(m);
  const known = keyOrder.get(m["kind"]);
  if (known !== undefined && sameKeys(known.keys, keys)) return known.sorted;
  const sorted = keys.slice().sort();
  if (typeof m["kind"] === "string") keyOrder.set(m["kind"], { keys, sorted });
  return sorted;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Characters `JSON.stringify` escapes in a string (controls, quote, backslash, lone surrogates). */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `JSON.stringify(value)`, without its cost for the plain strings, numbers and booleans of messages. */
function json(value: unknown): string | undefined {
  if (typeof value === "string") return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/** The execution a message belongs to, if any. */
export function messageExecutionId(message: Message): string | null {
  return "executionId" in message ? message.executionId : null;
}
