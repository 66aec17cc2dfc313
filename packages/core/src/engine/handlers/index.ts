/**
 * Dispatch of queue messages to their handlers.
 * @module
 */
import type { Message, RunTask } from "../../queue/messages.js";
import type { Runtime } from "../runtime.js";
import {
  cancelExecution,
  completeExecutionHandler,
  rescheduleExecution,
  resumeExecution,
  startExecution,
  startWaitingExecutions,
} from "./execution.js";
import { restartStage } from "./restart.js";
import {
  abortStage,
  cancelStage,
  completeStage,
  continueParentStage,
  pauseStage,
  resumeStage,
  skipStage,
  startStage,
} from "./stage.js";
import { completeTaskHandler, pauseTask, resumeTask, runTaskHandler, startTask } from "./task.js";

/**
 * Run the handler of one message. (Not itself async: it hands back the handler's own promise, or
 * undefined when the handler finished without waiting for anything.)
 */
export function handleMessage(rt: Runtime, m: Message): Promise<void> | undefined {
  switch (m.kind) {
    case "StartExecution":
      return startExecution(rt, m);
    case "CompleteExecution":
      return completeExecutionHandler(rt, m);
    case "CancelExecution":
      return cancelExecution(rt, m);
    case "RescheduleExecution":
      return rescheduleExecution(rt, m);
    case "ResumeExecution":
      return resumeExecution(rt, m);
    case "StartWaitingExecutions":
      return startWaitingExecutions(rt, m);
    case "StartStage":
      return startStage(rt, m);
    case "ContinueParentStage":
      return continueParentStage(rt, m);
    case "CompleteStage":
      return completeStage(rt, m);
    case "SkipStage":
      return skipStage(rt, m);
    case "AbortStage":
      return abortStage(rt, m);
    case "CancelStage":
      return cancelStage(rt, m);
    case "PauseStage":
      return pauseStage(rt, m);
    case "ResumeStage":
      return resumeStage(rt, m);
    case "RestartStage":
      return restartStage(rt, m);
    case "StartTask":
      return startTask(rt, m);
    case "RunTask":
      // a task its own turn started is invisible to every other worker until the turn is written
      if (rt.turn?.startedHere(m)) return runTaskHandler(rt, m);
      return runTaskLocked(rt, m);
    case "CompleteTask":
      return completeTaskHandler(rt, m);
    case "PauseTask":
      return pauseTask(rt, m);
    case "ResumeTask":
      return resumeTask(rt, m);
  }
  return undefined; // a message of no known kind: nothing to do
}

/** RunTask under its stage lock. */
async function runTaskLocked(rt: Runtime, m: RunTask): Promise<void> {
  const key = stageLockKey(m);
  if (!(await rt.config.stageLock.tryAcquire(key, rt.config.runTaskLeaseMs))) {
    // someone else is running this stage's task right now: try again shortly
    await rt.push(m, 1_000);
    return;
  }
  try {
    return await runTaskHandler(rt, m);
  } finally {
    await rt.config.stageLock.release(key);
  }
}

/** The key of the stage lock a RunTask holds while its task runs. */
export function stageLockKey(m: { executionId: string; stageId: string }): string {
  return `${m.executionId}:${m.stageId}`;
}

/** Orca's dead-message handling: task-level ⇒ TERMINAL task, stage-level ⇒ AbortStage, execution-level ⇒ CompleteExecution. */
export function deadLetterFollowUp(m: Message): Message | undefined {
  if ("taskId" in m) {
    return { kind: "CompleteTask", executionType: m.executionType, executionId: m.executionId, application: m.application, stageId: m.stageId, taskId: m.taskId, status: "TERMINAL", originalStatus: "TERMINAL" };
  }
  if ("stageId" in m) {
    return { kind: "AbortStage", executionType: m.executionType, executionId: m.executionId, application: m.application, stageId: m.stageId };
  }
  if ("executionId" in m && m.kind !== "CompleteExecution") {
    return { kind: "CompleteExecution", executionType: m.executionType, executionId: m.executionId, application: m.application };
  }
  return undefined;
}
