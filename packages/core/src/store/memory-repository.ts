/**
 * The in-memory {@link ExecutionRepository}. Stored stages are deep-frozen and shared with readers
 * (copy-on-write), so a read of a 1,000-stage execution costs one array copy, and a reader that
 * mutated stored state in place would throw instead of corrupting it.
 *
 * The engine's own turns read and write the stored form directly ({@link retrieveStored},
 * {@link updateStored}): they copy what they change and never change what they were given or gave
 * away, so what they write is frozen only when someone else is about to see it (a read, a write
 * through {@link InMemoryExecutionRepository.update}, a listener's event). Freezing a stage's
 * objects cost more than the rest of writing it.
 * @module
 */
import { GennakerError, NotFoundError, VersionConflictError } from "../errors.js";
import { cloneData } from "../execution/clone.js";
import { stagePosition } from "../engine/stage-index.js";
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
  const copy = copyExecution(execution, version, execution.stages.slice());
  freezeNewParts(copy, previous, changes);
  // the top-level object itself is never handed out (readers get copies), and a frozen object is
  // slow to copy
  return copy;
}

/** Deep-freezes the parts of `stored` (a stored form) it does not share with `previous`, the one it replaces. */
function freezeNewParts(stored: PipelineExecution, previous?: PipelineExecution, changes?: ExecutionChanges): void {
  const stages = stored.stages;
  if (previous !== undefined && changes !== undefined && !changes.order && previous.stages.length === stages.length) {
    // the writer names what it changed (the repository contract), so only those stages are new
    for (const id of changes.stages) {
      const i = stagePosition(stored, id);
      if (i >= 0) deepFreeze(stages[i]);
    }
  } else {
    const before = previous !== undefined && previous.stages.length === stages.length ? previous.stages : undefined;
    for (let i = 0; i < stages.length; i++) {
      const s = stages[i];
      if (before === undefined || s !== before[i]) deepFreeze(s);
    }
  }
  if (previous === undefined || stored.trigger !== previous.trigger) deepFreeze(stored.trigger);
  if (previous === undefined || stored.paused !== previous.paused) deepFreeze(stored.paused);
  if (previous === undefined || stored.authentication !== previous.authentication) deepFreeze(stored.authentication);
  if (previous === undefined || stored.initialConfig !== previous.initialConfig) deepFreeze(stored.initialConfig);
  if (previous === undefined || stored.notifications !== previous.notifications) deepFreeze(stored.notifications);
  if (previous === undefined || stored.templateVariables !== previous.templateVariables) deepFreeze(stored.templateVariables);
}

function readCopy(stored: PipelineExecution): PipelineExecution {
  const stages = stored.stages.slice();
  noteStoredStages(stages, stored.stages);
  return copyExecution(stored, stored.version, stages);
}

let insertOwned: (repository: InMemoryExecutionRepository, execution: PipelineExecution) => PipelineExecution;
let storedForm: (repository: InMemoryExecutionRepository, id: string) => PipelineExecution | undefined;
let replaceStored: (repository: InMemoryExecutionRepository, execution: PipelineExecution) => PipelineExecution;
let settleStored: (repository: InMemoryExecutionRepository, id: string) => void;

/**
 * Whether {@link createOwned} can store into `repository`: an in-memory repository whose `create`
 * is the class's own (not a subclass's or a spy's).
 */
export function keepsOwnedExecutions(repository: ExecutionRepository): repository is InMemoryExecutionRepository {
  return repository instanceof InMemoryExecutionRepository && repository.create === InMemoryExecutionRepository.prototype.create;
}

/**
 * `repository.create(execution)`, done at once, for an execution that shares no object with
 * anything else and is not touched after the call (the launcher builds such executions): the given
 * objects are stored (and deep-frozen below the top) instead of a deep copy of them.
 * @param repository one {@link keepsOwnedExecutions} holds for.
 * @throws GennakerError `EXECUTION_EXISTS`, as `create` rejects.
 */
export function createOwned(repository: InMemoryExecutionRepository, execution: PipelineExecution): PipelineExecution {
  return insertOwned(repository, execution);
}

/**
 * Whether the engine's turns can read and write `repository`'s stored forms directly
 * ({@link retrieveStored}, {@link updateStored}): an in-memory repository whose `retrieve` and
 * `update` are the class's own (not a subclass's, a spy's or a test's wrapper, which must see
 * every read and write).
 */
export function keepsStoredForms(repository: ExecutionRepository): repository is InMemoryExecutionRepository {
  return (
    repository instanceof InMemoryExecutionRepository &&
    repository.retrieve === InMemoryExecutionRepository.prototype.retrieve &&
    repository.update === InMemoryExecutionRepository.prototype.update
  );
}

/**
 * The stored form of execution `id` itself, or undefined: no copy, and parts of it may not be
 * frozen. For a caller that copies what it changes and never changes an object it was given (the
 * engine's turn); everyone else reads through `retrieve`.
 */
export function retrieveStored(repository: InMemoryExecutionRepository, id: string): PipelineExecution | undefined {
  return storedForm(repository, id);
}

/**
 * `update` for the caller of {@link retrieveStored}: `execution` (its top-level object and stage
 * list are the caller's to give away, and none of its stage objects is changed afterwards) becomes
 * the stored form as it is, at the next version, and is returned. Not frozen now: the store freezes
 * it before anyone else is handed a part of it.
 * @throws NotFoundError, VersionConflictError as `update`.
 */
export function updateStored(repository: InMemoryExecutionRepository, execution: PipelineExecution): PipelineExecution {
  return replaceStored(repository, execution);
}

/** Deep-freeze what the engine wrote with {@link updateStored} into execution `id`'s stored form (before a listener sees it). */
export function freezeStored(repository: InMemoryExecutionRepository, id: string): void {
  settleStored(repository, id);
}

/** The slot's stored form, with what the engine wrote into it frozen first (see {@link updateStored}). */
function settled(slot: Slot): PipelineExecution {
  if (slot.thawed) {
    slot.thawed = false;
    freezeNewParts(slot.form);
  }
  return slot.form;
}

function exists(id: string): GennakerError {
  return new GennakerError("EXECUTION_EXISTS", `execution ${id} already exists`);
}

/** Where the store keeps an execution: its stored form, replaced on each write. */
interface Slot {
  form: PipelineExecution;
  /** The engine wrote parts of `form` that nobody froze yet (see {@link updateStored}). */
  thawed: boolean;
}

/** An {@link ExecutionRepository} held in process memory. Passes `repositoryContract`. */
export class InMemoryExecutionRepository implements ExecutionRepository {
  readonly #executions = new Map<string, Slot>();
  readonly #pending = new Map<string, Message[]>();

  static {
    insertOwned = (repository, execution) => {
      if (repository.#executions.has(execution.id)) throw exists(execution.id);
      // the execution is the store's now: it is its own stored form, stage list included
      execution.version = 1;
      freezeNewParts(execution);
      return repository.#insert(execution);
    };
    storedForm = (repository, id) => repository.#executions.get(id)?.form;
    replaceStored = (repository, execution) => {
      const slot = repository.#executions.get(execution.id);
      if (!slot) throw new NotFoundError("execution", execution.id);
      const version = slot.form.version;
      if (version !== execution.version) throw new VersionConflictError(execution.id, execution.version, version);
      execution.version = version + 1;
      slot.form = execution;
      slot.thawed = true;
      return execution;
    };
    settleStored = (repository, id) => {
      const slot = repository.#executions.get(id);
      if (slot !== undefined) settled(slot);
    };
  }

  async create(execution: PipelineExecution): Promise<PipelineExecution> {
    if (this.#executions.has(execution.id)) throw exists(execution.id);
    return this.#insert(snapshot(cloneData(execution), 1));
  }

  /** Keeps `stored`, a new execution's stored form, and returns a reader's copy of it. */
  #insert(stored: PipelineExecution): PipelineExecution {
    this.#executions.set(stored.id, { form: stored, thawed: false });
    return readCopy(stored);
  }

  async retrieve(id: string): Promise<PipelineExecution | undefined> {
    const slot = this.#executions.get(id);
    return slot ? readCopy(settled(slot)) : undefined;
  }

  async update(execution: PipelineExecution, changes: ExecutionChanges): Promise<PipelineExecution> {
    const slot = this.#executions.get(execution.id);
    if (!slot) throw new NotFoundError("execution", execution.id);
    const stored = settled(slot);
    if (stored.version !== execution.version) throw new VersionConflictError(execution.id, execution.version, stored.version);
    const next = snapshot(execution, stored.version + 1, stored, changes);
    slot.form = next;
    // the caller's own stages array (the store keeps a copy): its elements are the stored, frozen stages
    noteStoredStages(execution.stages, next.stages);
    return copyExecution(next, next.version, execution.stages);
  }

  async list(query: ExecutionQuery = {}): Promise<PipelineExecution[]> {
    const out: PipelineExecution[] = [];
    for (const slot of this.#executions.values()) {
      const e = slot.form;
      if (query.application !== undefined && e.application !== query.application) continue;
      if (query.pipelineConfigId !== undefined && e.pipelineConfigId !== query.pipelineConfigId) continue;
      if (query.statuses && !query.statuses.includes(e.status)) continue;
      if (query.correlationId !== undefined && e.trigger.correlationId !== query.correlationId) continue;
      if (query.buildTimeFrom !== undefined && e.buildTime < query.buildTimeFrom) continue;
      if (query.buildTimeTo !== undefined && e.buildTime >= query.buildTimeTo) continue;
      out.push(settled(slot));
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
