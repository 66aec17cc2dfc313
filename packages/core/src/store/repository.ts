/**
 * Where executions live (Orca's `ExecutionRepository`). Every write is conditional on the version
 * the writer read (optimistic concurrency, spec preface decision 3), so a stale or redelivered
 * handler can never overwrite newer state. Implementations must pass `repositoryContract` from
 * `@gennaker/core/testing`.
 * @module
 */
import type { ExecutionStatus } from "../execution/status.js";
import type { PipelineExecution } from "../execution/types.js";
import type { Message } from "../queue/messages.js";

/** What changed in an {@link ExecutionRepository.update}: lets a store write only what moved. */
export interface ExecutionChanges {
  /** Ids of stages added or modified (their full new state is in the execution). */
  stages: ReadonlySet<string>;
  /** Ids of stages deleted. */
  removedStages: ReadonlySet<string>;
  /** True when top-level execution fields (status, times, canceled, paused, trigger, ...) changed. */
  execution: boolean;
  /** True when the order of `stages` changed (a stage was inserted or removed). */
  order: boolean;
}

/** Filter of {@link ExecutionRepository.list}. */
export interface ExecutionQuery {
  application?: string;
  pipelineConfigId?: string;
  statuses?: readonly ExecutionStatus[];
  correlationId?: string;
  /** Only executions built at or after this instant (ms). */
  buildTimeFrom?: number;
  /** Only executions built before this instant (ms). */
  buildTimeTo?: number;
  /** At most this many, newest (by buildTime) first. Default: all. */
  limit?: number;
}

/**
 * Storage of executions and of the per-pipeline waiting list (Orca's pending-execution store,
 * spec section 5).
 *
 * Ownership: the top-level object and the `stages` array of an execution returned by
 * `retrieve`/`list` belong to the caller; every nested object (stages, `trigger`, `paused`, ...)
 * may be shared with the store and must be treated as read-only — replace it, never mutate it
 * (the in-memory store freezes them). Objects passed to `create`/`update` must not be mutated
 * afterwards either.
 */
export interface ExecutionRepository {
  /** Store a new execution with version 1. Throws `GennakerError` code `EXECUTION_EXISTS` if the id is taken. */
  create(execution: PipelineExecution): Promise<PipelineExecution>;
  /** The execution with this id, or undefined. */
  retrieve(id: string): Promise<PipelineExecution | undefined>;
  /**
   * Write `execution` if the stored version still equals `execution.version`; returns the execution
   * with its new version (old + 1). Throws `VersionConflictError` otherwise, and `NotFoundError`
   * if it does not exist.
   */
  update(execution: PipelineExecution, changes: ExecutionChanges): Promise<PipelineExecution>;
  /** Executions matching the query, newest first. */
  list(query?: ExecutionQuery): Promise<PipelineExecution[]>;
  /** Delete one execution. Returns whether it existed. */
  delete(id: string): Promise<boolean>;

  /** Hold a start (or restart) message for a pipeline config until a running execution finishes. */
  pushPending(pipelineConfigId: string, message: Message): Promise<void>;
  /** Take the oldest (`"oldest"`) or newest (`"newest"`) waiting message of a config. */
  popPending(pipelineConfigId: string, which: "oldest" | "newest"): Promise<Message | undefined>;
  /** Remove and return every waiting message of a config, oldest first. */
  purgePending(pipelineConfigId: string): Promise<Message[]>;
  /** Waiting messages of a config, oldest first (not removed). */
  pending(pipelineConfigId: string): Promise<Message[]>;
}
