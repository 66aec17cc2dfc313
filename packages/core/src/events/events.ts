/**
 * Engine events (spec section 9) through eventemitter3. Each lifecycle event is also published
 * as an `echo` event in Orca's echo envelope. A listener that throws is isolated: the other
 * listeners still run, the engine carries on, and the failure is reported as `listenerError`.
 * @module
 */
import { EventEmitter } from "eventemitter3";
import type { ExecutionStatus } from "../execution/status.js";
import type { PipelineExecution, StageExecution, TaskExecution } from "../execution/types.js";
import type { DeadLetter } from "../queue/queue.js";

/** An event about an execution. */
export interface ExecutionEvent {
  execution: PipelineExecution;
  executionId: string;
  status: ExecutionStatus;
}

/** An event about a stage. */
export interface StageEvent extends ExecutionEvent {
  stage: StageExecution;
  stageId: string;
}

/** An event about a task. */
export interface TaskEvent extends StageEvent {
  task: TaskExecution;
  taskId: string;
}

/** Orca's echo envelope (`EchoNotifyingExecutionListener` / `EchoNotifyingStageListener`). */
export interface EchoEvent {
  details: { source: "orca"; type: string; application: string };
  content: Record<string, unknown>;
}

/** A manual-judgment notification (spec section 4.5). */
export interface JudgmentNotificationEvent {
  /** `manualJudgment` (awaiting), `manualJudgmentContinue` or `manualJudgmentStop`. */
  state: "manualJudgment" | "manualJudgmentContinue" | "manualJudgmentStop";
  notification: Record<string, unknown>;
  execution: PipelineExecution;
  stage: StageExecution;
  /** Echo's `additionalContext`. */
  additionalContext: Record<string, unknown>;
}

/** A listener failed; the engine went on. */
export interface ListenerErrorEvent {
  event: string;
  error: unknown;
}

/** A handler failed on a message (it will be retried, or dead-lettered). */
export interface HandlerErrorEvent {
  message: unknown;
  error: unknown;
  attempts: number;
}

/** eventemitter3's internal listener record. */
interface RawListener {
  fn: (...args: unknown[]) => void;
  context: unknown;
  once: boolean;
}

/** Every event the engine emits, by name. */
export interface EngineEventMap {
  "execution.started": [ExecutionEvent];
  "execution.complete": [ExecutionEvent];
  "stage.started": [StageEvent];
  "stage.complete": [StageEvent];
  "task.started": [TaskEvent];
  "task.complete": [TaskEvent];
  echo: [EchoEvent];
  "manualJudgment.notification": [JudgmentNotificationEvent];
  deadLetter: [DeadLetter];
  handlerError: [HandlerErrorEvent];
  listenerError: [ListenerErrorEvent];
}

/** The engine's event emitter. Subscribe with `engine.events.on("stage.complete", ...)`. */
export class EngineEvents extends EventEmitter<EngineEventMap> {
  /** Whether any listener is subscribed to any event (the engine builds no event nobody hears). */
  listening(): boolean {
    return (this as unknown as { _eventsCount: number })._eventsCount > 0;
  }

  /** Emit to every listener, each isolated: a throwing listener is reported as `listenerError`. */
  override emit<K extends keyof EngineEventMap>(event: K, ...args: EngineEventMap[K]): boolean {
    const key = EventEmitter.prefixed ? `${EventEmitter.prefixed}${event}` : event;
    const raw = (this as unknown as { _events: Record<string, RawListener | RawListener[] | undefined> })._events[key];
    if (!raw) return false;
    const list = Array.isArray(raw) ? raw.slice() : [raw];
    for (const l of list) {
      if (l.once) this.removeListener(event, l.fn as never, undefined, true);
      try {
        l.fn.apply(l.context, args);
      } catch (error) {
        if (event !== "listenerError") this.emit("listenerError", { event, error });
      }
    }
    return true;
  }
}
