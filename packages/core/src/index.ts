/**
 * `@gennaker/core`: Spinnaker's pipeline model and Orca's queue-driven execution engine, as a
 * library — executions, stages, tasks, synthetic stages, failure options, execution windows,
 * manual judgments, child pipelines, webhooks, concurrency limits and events, on pluggable
 * storage and queues, with injected time.
 * @packageDocumentation
 */
export { createEngine, type Actor, type Engine, type EngineOptions, type Judgment } from "./engine/engine.js";
export type { StartOptions } from "./engine/launcher.js";
export type { JudgmentAuthorizer, Logger, PipelineConfigStore } from "./engine/runtime.js";
export { Worker, type WorkerOptions } from "./engine/worker.js";
export { InMemoryStageLock, type StageLock } from "./engine/stage-lock.js";
export { zombieRepairMessages } from "./engine/engine.js";
export { determineFinalStatus } from "./engine/handlers/execution.js";
export { determineStatus } from "./engine/handlers/stage.js";
export { ancestorsOf, lookupContext } from "./engine/context-lookup.js";

export {
  EXECUTION_STATUSES,
  isComplete,
  isFailure,
  isHalt,
  isSuccessful,
  isUpstreamComplete,
  isUpstreamFailed,
  type ExecutionStatus,
} from "./execution/status.js";
export type {
  ExecutionType,
  LastModified,
  PausedDetails,
  PipelineExecution,
  StageExecution,
  SyntheticStageOwner,
  TaskExecution,
  Trigger,
} from "./execution/types.js";

export {
  GennakerError,
  InvalidStateError,
  NotAuthorizedError,
  NotFoundError,
  PipelineValidationError,
  VersionConflictError,
  type ValidationProblem,
} from "./errors.js";

export {
  EngineEvents,
  type EchoEvent,
  type EngineEventMap,
  type ExecutionEvent,
  type HandlerErrorEvent,
  type JudgmentNotificationEvent,
  type ListenerErrorEvent,
  type StageEvent,
  type TaskEvent,
} from "./events/events.js";

export { fingerprint, messageExecutionId, type Message, type MessageKind } from "./queue/messages.js";
export { DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, type DeadLetter, type Delivery, type Queue } from "./queue/queue.js";
export { InMemoryQueue, type InMemoryQueueOptions } from "./queue/memory-queue.js";
export type { ExecutionChanges, ExecutionQuery, ExecutionRepository } from "./store/repository.js";
export { InMemoryExecutionRepository } from "./store/memory-repository.js";
export { systemClock, VirtualClock, type Clock, type Timer } from "./time/clock.js";

export {
  defineStage,
  type PlannedStage,
  type StageDefinition,
  type StageEnv,
  type StageGraphBuilder,
  type SyntheticStageSpec,
  type TaskGraphBuilder,
} from "./spi/stage-definition.js";
export {
  defineTask,
  RetryableTaskError,
  type EngineAccess,
  type TaskContext,
  type TaskDefinition,
  type TaskResult,
} from "./spi/task.js";

export * from "./stages/index.js";
export * from "./model/index.js";
export { ExecutionWindowError, jitterDelaySeconds, nextWindowStart, type ExecutionWindow } from "./window/index.js";
