/**
 * The stage SPI (Orca's `StageDefinitionBuilder`): a stage type's task graph, its before / after /
 * on-failure synthetic stages, and its restart, cancel and manual-skip hooks.
 * @module
 */
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import type { EngineAccess, TaskDefinition, TaskResult } from "./task.js";

/** Builds a stage's task list (Orca's `TaskNode.Builder`). */
export interface TaskGraphBuilder {
  /** Append a task. */
  task(name: string, task: TaskDefinition<any> | string): TaskGraphBuilder;
  /** Append a loop: a task in it returning REDIRECT re-runs the loop from its first task. */
  loop(build: (loop: TaskGraphBuilder) => void): TaskGraphBuilder;
}

/** A synthetic stage to add. */
export interface SyntheticStageSpec {
  type: string;
  name?: string;
  context?: Record<string, unknown>;
}

/** Handle of a planned synthetic stage inside a {@link StageGraphBuilder}. */
export interface PlannedStage {
  readonly id: string;
  readonly refId: string;
}

/** Builds synthetic stages (Orca's `StageGraphBuilder`). */
export interface StageGraphBuilder {
  /** Add a stage with no dependencies (runs in parallel with the other roots). */
  add(spec: SyntheticStageSpec): PlannedStage;
  /** Add a stage that requires the last added one (a sequential chain). */
  append(spec: SyntheticStageSpec): PlannedStage;
  /** Make `next` require `previous`. */
  connect(previous: PlannedStage, next: PlannedStage): void;
}

/** What stage hooks see besides the stage. */
export interface StageEnv {
  readonly execution: PipelineExecution;
  now(): number;
  readonly services: Readonly<Record<string, unknown>>;
  random(): number;
  /** Engine facilities (evaluator, events, child executions). */
  readonly engine: EngineAccess;
}

/** A stage type. */
export interface StageDefinition {
  /** Type name used in pipeline JSON (`"wait"`, `"manualJudgment"`, ...). */
  readonly type: string;
  /** Other names accepted for the type. */
  readonly aliases?: readonly string[];
  /** Every task type this stage may plan, so the engine can resolve them after a process restart. */
  readonly tasks?: readonly TaskDefinition<any>[];
  /** The stage's tasks, run in order after its before-stages. */
  taskGraph?(stage: StageExecution, graph: TaskGraphBuilder, env: StageEnv): void;
  /** Synthetic stages run before the tasks (a DAG). */
  beforeStages?(stage: StageExecution, graph: StageGraphBuilder, env: StageEnv): void;
  /** Synthetic stages run after the tasks (planned when the tasks complete, so they can use results). */
  afterStages?(stage: StageExecution, graph: StageGraphBuilder, env: StageEnv): void;
  /** Synthetic stages run, as a chain, when the stage fails. */
  onFailureStages?(stage: StageExecution, graph: StageGraphBuilder, env: StageEnv): void;
  /** Adjust a stage (a private copy) before it runs again after a restart. */
  prepareForRestart?(stage: StageExecution): void;
  /** Called when a halted stage is canceled (Orca `CancellableStage`); merged into the context. */
  cancel?(stage: StageExecution, env: StageEnv): Promise<TaskResult | undefined | void> | TaskResult | undefined | void;
  /** Context keys left alone by stage-start expression evaluation (the stage evaluates them itself). */
  readonly expressionExcludedKeys?: readonly string[];
  /** Whether a user may skip this stage while it runs (`manualSkip`). */
  canManuallySkip?(stage: StageExecution): boolean;
}

/** Declare a stage type (identity function that fixes the types). */
export function defineStage(stage: StageDefinition): StageDefinition {
  return stage;
}
