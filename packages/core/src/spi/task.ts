/**
 * The task SPI: the unit of work a stage runs (Orca's `Task` / `RetryableTask`).
 * @module
 */
import type { ExecutionStatus } from "../execution/status.js";
import type { ExpressionEvaluator } from "@gennaker/expressions";
import type { PipelineExecution, StageExecution, TaskExecution } from "../execution/types.js";
import type { EngineEvents } from "../events/events.js";

/** Engine facilities built-in and plugin stages may use. */
export interface EngineAccess {
  /** The expression evaluator. */
  readonly evaluator: ExpressionEvaluator;
  /** The engine's events (for notifications). */
  readonly events: EngineEvents;
  /** The engine's default IANA time zone (execution windows). */
  readonly timeZone: string;
  /** Read an execution. */
  getExecution(id: string): Promise<PipelineExecution | undefined>;
  /** A saved pipeline config, from the host's pipeline config store. */
  pipelineConfig(id: string): Promise<Record<string, unknown> | undefined>;
  /** Start an execution of a pipeline config with a trigger. */
  startPipeline(config: Record<string, unknown>, trigger: Record<string, unknown>): Promise<PipelineExecution>;
  /** Cancel an execution. */
  cancelExecution(id: string, user: string, reason: string | null): Promise<void>;
}

/** What a task returns (Orca's `TaskResult`). */
export interface TaskResult {
  /**
   * `RUNNING` — run again after the backoff; `SUCCEEDED`; `TERMINAL` (subject to the stage's failure
   * options); `FAILED_CONTINUE`; `STOPPED`; `CANCELED`; `SKIPPED`; `REDIRECT` — re-run the loop.
   */
  status: ExecutionStatus;
  /** Merged (shallow) into the stage context: stage-scoped state. */
  context?: Record<string, unknown>;
  /** Merged (shallow) into the stage outputs: visible to downstream stages. */
  outputs?: Record<string, unknown>;
}

/** What a task sees when it runs. */
export interface TaskContext<S = Record<string, unknown>> {
  /** The stage, with its context expressions evaluated (a private copy). */
  readonly stage: StageExecution & { context: S & Record<string, unknown> };
  /** The task record (status, start time, ...). */
  readonly task: TaskExecution;
  /** The execution (read-only). */
  readonly execution: PipelineExecution;
  /** The engine clock's current time. */
  now(): number;
  /**
   * A context value the way Orca's `StageContext.get` reads it: the stage's own context, else the
   * outputs of the nearest ancestor stage that has the key.
   */
  get(key: string): unknown;
  /** Host-supplied services (`createEngine({ services })`): HTTP clients, pipeline config store, ... */
  readonly services: Readonly<Record<string, unknown>>;
  /** Evaluate `${...}` expressions in a value against this stage (Spinnaker's stage-time root). */
  evaluate(value: unknown): unknown;
  /** A deterministic source of randomness in tests (the engine's `random` option). */
  random(): number;
  /** Engine facilities (evaluator, events, child executions). */
  readonly engine: EngineAccess;
}

/**
 * A task type. A task with a `timeoutMs` or `backoffMs` is retryable in Orca's sense: it may
 * return RUNNING many times and is failed when its timeout passes.
 */
export interface TaskDefinition<S = Record<string, unknown>> {
  /** Registered type name, stored in `task.implementingClass` (must be unique in an engine). */
  readonly type: string;
  /** Do the work (or check on it) once. Throw {@link RetryableTaskError} for a transient failure. */
  execute(ctx: TaskContext<S>): Promise<TaskResult> | TaskResult;
  /**
   * Delay before the next run after RUNNING or a retryable error (Orca `getDynamicBackoffPeriod`).
   * Default 1 s for non-retryable tasks.
   */
  backoffMs?(ctx: TaskContext<S>, taskDurationMs: number): number;
  /** Task timeout (Orca `getDynamicTimeout`); measured from the task's start, paused time excluded. */
  timeoutMs?(ctx: TaskContext<S>): number;
  /** When true, the nearest ancestor `stageTimeoutMs` replaces `timeoutMs` (Orca `OverridableTimeoutRetryableTask`). */
  readonly overridableTimeout?: boolean;
  /** On timeout, may return a result instead (status must be TERMINAL or FAILED_CONTINUE). */
  onTimeout?(ctx: TaskContext<S>): Promise<TaskResult | undefined> | TaskResult | undefined;
  /** Called when the task runs while its execution is canceled; its context/outputs are merged. */
  onCancel?(ctx: TaskContext<S>): Promise<TaskResult | undefined> | TaskResult | undefined;
}

/** Thrown by a task for a transient failure: the task is run again after its backoff (until its timeout). */
export class RetryableTaskError extends Error {
  readonly code = "TASK_RETRYABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RetryableTaskError";
  }
}

/** Declare a task type (identity function that fixes the types). */
export function defineTask<S = Record<string, unknown>>(task: TaskDefinition<S>): TaskDefinition<S> {
  return task;
}
