/**
 * The execution model in Orca's JSON shape (spec section 1): a pipeline execution holds a flat
 * list of stages (synthetic stages included), each holding its tasks. Everything here is plain
 * JSON so an execution can be stored, sent to a UI or handed to `@gennaker/expressions` as is.
 * @module
 */
import type { ExecutionStatus } from "./status.js";

/** `pipeline` (a saved pipeline config run) or `orchestration` (an ad-hoc list of stages). */
export type ExecutionType = "pipeline" | "orchestration";

/** Who a synthetic stage runs for: before its parent's tasks or after them. */
export type SyntheticStageOwner = "STAGE_BEFORE" | "STAGE_AFTER";

/** A task of a stage (Orca's `TaskExecution`). */
export interface TaskExecution {
  /** `"1"`, `"2"`, ... — position in the stage's task graph, 1-based. */
  id: string;
  /** Task name, e.g. `wait`, `waitForJudgment`. */
  name: string;
  /** Registered task type the engine runs (Orca: the implementing class). */
  implementingClass: string;
  status: ExecutionStatus;
  startTime: number | null;
  endTime: number | null;
  /** First task of the stage graph. */
  stageStart: boolean;
  /** Last task of the stage graph. */
  stageEnd: boolean;
  /** First task of a loop sub-graph. */
  loopStart: boolean;
  /** Last task of a loop sub-graph. */
  loopEnd: boolean;
  /** `{exception: {...}}` when the task threw. */
  taskExceptionDetails: Record<string, unknown>;
}

/** Who last modified a stage through the API (manual judgment, skip wait, ...). */
export interface LastModified {
  user: string;
  allowedAccounts: string[];
  lastModifiedTime: number;
}

/** A stage of an execution (Orca's `StageExecution`). */
export interface StageExecution {
  /** Unique id (ULID). */
  id: string;
  /** The user-visible DAG id from the config (`"1"`, `"2"`, synthetic `"3<1"`, `"3>2"`). */
  refId: string;
  type: string;
  name: string;
  status: ExecutionStatus;
  /** Inputs and stage-scoped state. */
  context: Record<string, unknown>;
  /** Values visible to downstream stages. */
  outputs: Record<string, unknown>;
  startTime: number | null;
  endTime: number | null;
  /** If the stage would start after this instant it is SKIPPED. */
  startTimeExpiry: number | null;
  /** refIds this stage waits for. */
  requisiteStageRefIds: string[];
  /** Owning stage of a synthetic stage; null for top-level stages. */
  parentStageId: string | null;
  /** null unless synthetic. */
  syntheticStageOwner: SyntheticStageOwner | null;
  tasks: TaskExecution[];
  /** Next execution-window opening, set while a window stage waits. */
  scheduledTime: number | null;
  lastModified: LastModified | null;
}

/** Pause bookkeeping of an execution. */
export interface PausedDetails {
  pausedBy: string | null;
  pauseTime: number | null;
  resumedBy: string | null;
  resumeTime: number | null;
}

/** The trigger of an execution: `type`, `user`, `parameters`, plus any other fields (kept as given). */
export interface Trigger {
  type: string;
  user: string;
  parameters: Record<string, unknown>;
  artifacts: unknown[];
  correlationId?: string | null;
  [key: string]: unknown;
}

/** A pipeline or orchestration execution (Orca's `PipelineExecution`). */
export interface PipelineExecution {
  /** Unique id (ULID unless the config forces `executionId`). */
  id: string;
  type: ExecutionType;
  application: string;
  name: string | null;
  /** The saved pipeline's `id`; null for orchestrations (and never queued then). */
  pipelineConfigId: string | null;
  status: ExecutionStatus;
  buildTime: number;
  startTime: number | null;
  endTime: number | null;
  startTimeExpiry: number | null;
  canceled: boolean;
  canceledBy: string | null;
  cancellationReason: string | null;
  limitConcurrent: boolean;
  maxConcurrentExecutions: number;
  keepWaitingPipelines: boolean;
  paused: PausedDetails | null;
  origin: string;
  trigger: Trigger;
  notifications: unknown[];
  /** `v3` (default) or `v4`. */
  spelEvaluator: string | null;
  initialConfig: Record<string, unknown>;
  authentication: { user: string | null; allowedAccounts: string[] };
  templateVariables: Record<string, unknown> | null;
  description: string | null;
  /** Every stage, synthetic ones included, before-stages directly before and after-stages directly after their parent. */
  stages: StageExecution[];
  /** Optimistic-concurrency version: incremented by every stored write. */
  version: number;
}
