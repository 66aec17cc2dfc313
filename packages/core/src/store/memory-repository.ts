/**
 * The in-memory {@link ExecutionRepository}. Stored stages are deep-frozen and shared with readers
 * (copy-on-write), so a read of a 1,000-stage execution costs one array copy, and an engine bug
 * that mutated stored state in place would throw instead of corrupting it.
 * @module
 */
import { GennakerError, NotFoundError, VersionConflictError } from "../errors.js";
import { cloneData } from "../execution/clone.js";
import { stagePosition } from "../engine/stage-index.js";
import { freezeStage } from "./freeze-stage.js";
import { noteStoredStages } from "./stage-origins.js";
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import type { Message } from "../queue/messages.js";
import type { ExecutionChanges, ExecutionQuery, ExecutionRepository } from "./repository.js";

/** Freezes `value` and every object below it; a frozen object is taken to be deep-frozen already. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) freezeBelow(value);
  return value;
}

/** {@link deepFreeze} of an object that is not frozen. */
function freezeBelow(value: object): void {
  Object.freeze(value);
  // children are tested here rather than in a call per value: most values are primitives
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "object" && v !== null && !Object.isFrozen(v)) freezeBelow(v);
    }
  } else {
    // own enumerable string-keyed values, as Object.values, without making an array of them
    for (const k in value) {
      const v: unknown = (value as Record<string, unknown>)[k];
      if (typeof v === "object" && v !== null && Object.hasOwn(value, k) && !Object.isFrozen(v)) freezeBelow(v);
    }
  }
}

/** Keys of an execution as the engine builds it, in its order. */
const EXECUTION_KEYS = [
  "id",
  "type",
  "application",
  "name",
  "pipelineConfigId",
  "status",
  "buildTime",
  "startTime",
  "endTime",
  "startTimeExpiry",
  "canceled",
  "canceledBy",
  "cancellationReason",
  "limitConcurrent",
  "maxConcurrentExecutions",
  "keepWaitingPipelines",
  "paused",
  "origin",
  "trigger",
  "notifications",
  "spelEvaluator",
  "initialConfig",
  "authentication",
  "templateVariables",
  "description",
  "stages",
  "version",
];

/** Whether `e`'s own enumerable properties are exactly {@link EXECUTION_KEYS}, in that order (see `hasKeys`). */
function hasExecutionKeys(e: PipelineExecution): boolean {
  let i = 0;
  for (const k in e) {
    if (k !== EXECUTION_KEYS[i]) return false;
    i++;
  }
  return i === EXECUTION_KEYS.length && Object.getOwnPropertySymbols(e).length === 0;
}

/**
 * `{ ...e, version, stages }`. Written out as a literal when `e` has the usual keys in the usual
 * order: copies of the result, made on every read, are then several times cheaper than copies of
 * a spread's result (V8 gives a spread's copy a map of its own).
 */
export function copyExecution(e: PipelineExecution, version: number, stages: StageExecution[]): PipelineExecution {
  if (!hasExecutionKeys(e)) return { ...e, version, stages };
  return {
    id: e.id,
    type: e.type,
    application: e.application,
    name: e.name,
    pipelineConfigId: e.pipelineConfigId,
    status: e.status,
    buildTime: e.buildTime,
    startTime: e.startTime,
    endTime: e.endTime,
    startTimeExpiry: e.startTimeExpiry,
    canceled: e.canceled,
    canceledBy: e.canceledBy,
    cancellationReason: e.cancellationReason,
    limitConcurrent: e.limitConcurrent,
    maxConcurrentExecutions: e.maxConcurrentExecutions,
    keepWaitingPipelines: e.keepWaitingPipelines,
    paused: e.paused,
    origin: e.origin,
    trigger: e.trigger,
    notifications: e.notifications,
    spelEvaluator: e.spelEvaluator,
    initialConfig: e.initialConfig,
    authentication: e.authentication,
    templateVariables: e.templateVariables,
    description: e.description,
    stages,
    version,
  };
}

/**
 * The stored, frozen form of `execution` at `version`. Objects it shares with `previous` (the
 * stored form it replaces) are frozen already, so only the others are walked: a write of one
 * stage of a 1,000-stage execution freezes that stage, not a thousand.
 */
function snapshot(execution: PipelineExecution, version: number, previous?: PipelineExecution, changes?: ExecutionChanges): PipelineExecution {
  const stages = execution.stages.slice();
  const copy = copyExecution(execution, version, stages);
  if (previous !== undefined && changes !== undefined && !changes.order && previous.stages.length === stages.length) {
    // the writer names what it changed (the repository contract), so only those stages are new
    for (const id of changes.stages) {
      const i = stagePosition(copy, id);
      if (i >= 0) freezeStage(stages[i]!);
    }
  } else {
    const before = previous !== undefined && previous.stages.length === stages.length ? previous.stages : undefined;
    for (let i = 0; i < stages.length; i++) {
      const s = stages[i];
      if (before === undefined || s !== before[i]) freezeStage(s!);
    }
  }
  if (previous === undefined || copy.trigger !== previous.trigger) deepFreeze(copy.trigger);
  if (previous === undefined || copy.paused !== previous.paused) deepFreeze(copy.paused);
  if (previous === undefined || copy.authentication !== previous.authentication) deepFreeze(copy.authentication);
  if (previous === undefined || copy.initialConfig !== previous.initialConfig) deepFreeze(copy.initialConfig);
  if (previous === undefined || copy.notifications !== previous.notifications) deepFreeze(copy.notifications);
  if (previous === undefined || copy.templateVariables !== previous.templateVariables) deepFreeze(copy.templateVariables);
  // the top-level object itself is never handed out (readers get copies), and a frozen object is
  // slow to copy
  return copy;
}

function readCopy(stored: PipelineExecution): PipelineExecution {
  const stages = stored.stages.slice();
  noteStoredStages(stages, stored.stages);
  return copyExecution(stored, stored.version, stages);
}

let insertOwned: (repository: InMemoryExecutionRepository, execution: PipelineExecution) => PipelineExecution;

/**
 * Whether {@link createOwned} can store into `repository`: an in-memory repository whose `create`
 * is the class's own (not a subclass's or a spy's).
 */
export function keepsOwnedExecutions(repository: ExecutionRepository): repository is InMemoryExecutionRepository {
  return repository instanceof InMemoryExecutionRepository && repository.create === InMemoryExecutionRepository.prototype.create;
}

/**
 * `repository.create(execution)`, done at once, for an execution that shares no object with
 * anything else and is not used after the call (the launcher builds such executions): the given
 * objects are stored (and deep-frozen) instead of a deep copy of them.
 * @param repository one {@link keepsOwnedExecutions} holds for.
 * @throws GennakerError `EXECUTION_EXISTS`, as `create` rejects.
 */
export function createOwned(repository: InMemoryExecutionRepository, execution: PipelineExecution): PipelineExecution {
  return insertOwned(repository, execution);
}

/** An {@link ExecutionRepository} held in process memory. Passes `repositoryContract`. */
export class InMemoryExecutionRepository implements ExecutionRepository {
  readonly #executions = new Map<string, PipelineExecution>();
  readonly #pending = new Map<string, Message[]>();

  static {
    insertOwned = (repository, execution) => {
      repository.#assertNew(execution.id);
      return repository.#insert(execution);
    };
  }

  async create(execution: PipelineExecution): Promise<PipelineExecution> {
    this.#assertNew(execution.id);
    return this.#insert(cloneData(execution));
  }

  #assertNew(id: string): void {
    if (this.#executions.has(id)) throw new GennakerError("EXECUTION_EXISTS", `execution ${id} already exists`);
  }

  /** Stores `execution`, whose objects are the repository's from now on. */
  #insert(execution: PipelineExecution): PipelineExecution {
    const stored = snapshot(execution, 1);
    this.#executions.set(stored.id, stored);
    return readCopy(stored);
  }

  async retrieve(id: string): Promise<PipelineExecution | undefined> {
    const stored = this.#executions.get(id);
    return stored ? readCopy(stored) : undefined;
  }

  async update(execution: PipelineExecution, changes: ExecutionChanges): Promise<PipelineExecution> {
    const stored = this.#executions.get(execution.id);
    if (!stored) throw new NotFoundError("execution", execution.id);
    if (stored.version !== execution.version) throw new VersionConflictError(execution.id, execution.version, stored.version);
    const next = snapshot(execution, stored.version + 1, stored, changes);
    this.#executions.set(next.id, next);
    // the caller's own stages array (the store keeps a copy): its elements are the stored, frozen stages
    noteStoredStages(execution.stages, next.stages);
    return copyExecution(next, next.version, execution.stages);
  }

  async list(query: ExecutionQuery = {}): Promise<PipelineExecution[]> {
    const out: PipelineExecution[] = [];
    for (const e of this.#executions.values()) {
      if (query.application !== undefined && e.application !== query.application) continue;
      if (query.pipelineConfigId !== undefined && e.pipelineConfigId !== query.pipelineConfigId) continue;
      if (query.statuses && !query.statuses.includes(e.status)) continue;
      if (query.correlationId !== undefined && e.trigger.correlationId !== query.correlationId) continue;
      if (query.buildTimeFrom !== undefined && e.buildTime < query.buildTimeFrom) continue;
      if (query.buildTimeTo !== undefined && e.buildTime >= query.buildTimeTo) continue;
      out.push(e);
    }
    out.sort((a, b) => b.buildTime - a.buildTime || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return (query.limit !== undefined ? out.slice(0, query.limit) : out).map(readCopy);
  }

  async delete(id: string): Promise<boolean> {
    return this.#executions.delete(id);
  }

  async pushPending(pipelineConfigId: string, message: Message): Promise<void> {
    const list = this.#pending.get(pipelineConfigId) ?? [];
    list.push({ ...message });
    this.#pending.set(pipelineConfigId, list);
  }

  async popPending(pipelineConfigId: string, which: "oldest" | "newest"): Promise<Message | undefined> {
    const list = this.#pending.get(pipelineConfigId);
    if (!list || list.length === 0) return undefined;
    return which === "oldest" ? list.shift() : list.pop();
  }

  async purgePending(pipelineConfigId: string): Promise<Message[]> {
    const list = this.#pending.get(pipelineConfigId) ?? [];
    this.#pending.delete(pipelineConfigId);
    return list;
  }

  async pending(pipelineConfigId: string): Promise<Message[]> {
    return (this.#pending.get(pipelineConfigId) ?? []).map((m) => ({ ...m }));
  }
}
