/**
 * Constructors for queue messages addressed to an execution, stage or task.
 * @module
 */
import type { ExecutionStatus } from "../execution/status.js";
import type { PipelineExecution, StageExecution, SyntheticStageOwner, TaskExecution } from "../execution/types.js";
import type {
  CompleteExecution,
  CompleteTask,
  ContinueParentStage,
  Message,
  RunTask,
  StartTask,
} from "../queue/messages.js";

type ExecKind = "StartExecution" | "CompleteExecution" | "RescheduleExecution" | "ResumeExecution";
type StageKind =
  | "StartStage"
  | "CompleteStage"
  | "SkipStage"
  | "AbortStage"
  | "PauseStage"
  | "ResumeStage"
  | "CancelStage";
type TaskKind = "StartTask" | "PauseTask" | "ResumeTask";

/** An execution-level message. */
export function executionMessage(kind: ExecKind, e: PipelineExecution): Message {
  return { kind, executionType: e.type, executionId: e.id, application: e.application } as Message;
}

/** `CompleteExecution` for an execution. */
export function completeExecution(e: PipelineExecution): CompleteExecution {
  return { kind: "CompleteExecution", executionType: e.type, executionId: e.id, application: e.application };
}

/** A stage-level message. */
export function stageMessage(kind: StageKind, e: PipelineExecution, s: StageExecution): Message {
  return { kind, executionType: e.type, executionId: e.id, application: e.application, stageId: s.id } as Message;
}

/** `ContinueParentStage` for a synthetic stage's parent. */
export function continueParent(e: PipelineExecution, parent: StageExecution, phase: SyntheticStageOwner): ContinueParentStage {
  return { kind: "ContinueParentStage", executionType: e.type, executionId: e.id, application: e.application, stageId: parent.id, phase };
}

/** A task-level message. */
export function taskMessage(kind: TaskKind, e: PipelineExecution, s: StageExecution, t: TaskExecution): StartTask {
  return { kind, executionType: e.type, executionId: e.id, application: e.application, stageId: s.id, taskId: t.id } as StartTask;
}

/** `RunTask` for a task. */
export function runTask(e: PipelineExecution, s: StageExecution, t: TaskExecution): RunTask {
  return {
    kind: "RunTask",
    executionType: e.type,
    executionId: e.id,
    application: e.application,
    stageId: s.id,
    taskId: t.id,
    taskType: t.implementingClass,
  };
}

/** `CompleteTask` for a task. */
export function completeTask(
  e: PipelineExecution,
  s: StageExecution,
  t: TaskExecution,
  status: ExecutionStatus,
  originalStatus: ExecutionStatus | null = status,
): CompleteTask {
  return {
    kind: "CompleteTask",
    executionType: e.type,
    executionId: e.id,
    application: e.application,
    stageId: s.id,
    taskId: t.id,
    status,
    originalStatus,
  };
}
