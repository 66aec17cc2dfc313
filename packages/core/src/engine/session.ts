/**
 * A unit of work over one execution: read once, change stages copy-on-write, write once with the
 * version that was read. Stage objects from the repository are never mutated in place.
 * @module
 */
import type { PipelineExecution, StageExecution, TaskExecution } from "../execution/types.js";
import type { ExecutionChanges, ExecutionRepository } from "../store/repository.js";
import { stageById, stagePosition } from "./stage-index.js";
import { GraphView } from "./stage-graph.js";
import { copyExecution } from "../store/memory-repository.js";
import { storedStagesOf } from "../store/stage-origins.js";

/**
 * A shallow-enough copy of a stage: own maps, own task records; nested values stay shared, and so
 * does the requisite list (the engine replaces a stage's requisites, never changes them in place).
 */
export function copyStage(stage: StageExecution): StageExecution {
  // (map: a list of exactly their number — stored stages keep it; one grown by push keeps room for 16)
  return stageWith(stage, copyRecord(stage.context), copyRecord(stage.outputs), stage.tasks.map(copyTask));
}

/**
 * `{ ...stage, context }`: the stage with another context, everything else shared (a task's view of
 * its stage).
 */
export function withContext(stage: StageExecution, context: Record<string, unknown>): StageExecution {
  return stageWith(stage, context, stage.outputs, stage.tasks);
}

/** `{ ...stage, context, outputs, tasks }`, as a literal when the stage has the usual keys (see below). */
function stageWith(stage: StageExecution, context: Record<string, unknown>, outputs: Record<string, unknown>, tasks: TaskExecution[]): StageExecution {
  if (!hasKeys(stage, STAGE_KEYS)) return { ...stage, context, outputs, tasks };
  return {
    id: stage.id,
    refId: stage.refId,
    type: stage.type,
    name: stage.name,
    status: stage.status,
    context,
    outputs,
    startTime: stage.startTime,
    endTime: stage.endTime,
    startTimeExpiry: stage.startTimeExpiry,
    requisiteStageRefIds: stage.requisiteStageRefIds,
    parentStageId: stage.parentStageId,
    syntheticStageOwner: stage.syntheticStageOwner,
    tasks,
    scheduledTime: stage.scheduledTime,
    lastModified: stage.lastModified,
  };
}

// Copies here are written as object literals (stage and task records, when they have exactly the
// usual keys in the usual order) or with Object.assign, not with a spread: V8 gives a spread's
// copy a map of its own, and freezing such an object (the in-memory store freezes every stage it
// stores) then costs a new map each time — several times the cost of the copy, and garbage.

const STAGE_KEYS = [
  "id",
  "refId",
  "type",
  "name",
  "status",
  "context",
  "outputs",
  "startTime",
  "endTime",
  "startTimeExpiry",
  "requisiteStageRefIds",
  "parentStageId",
  "syntheticStageOwner",
  "tasks",
  "scheduledTime",
  "lastModified",
];

const TASK_KEYS = [
  "id",
  "name",
  "implementingClass",
  "status",
  "startTime",
  "endTime",
  "stageStart",
  "stageEnd",
  "loopStart",
  "loopEnd",
  "taskExceptionDetails",
];

/**
 * Whether the object's own enumerable string-keyed properties are exactly `keys`, in that order.
 * (A `for-in` walks them in `Object.keys` order without making an array; an inherited enumerable
 * property only makes the answer a safe false. Symbol-keyed properties are not looked at: no store
 * keeps them.)
 */
export function hasKeys(value: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in value) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

function copyTask(task: TaskExecution): TaskExecution {
  if (!hasKeys(task, TASK_KEYS)) return { ...task };
  return {
    id: task.id,
    name: task.name,
    implementingClass: task.implementingClass,
    status: task.status,
    startTime: task.startTime,
    endTime: task.endTime,
    stageStart: task.stageStart,
    stageEnd: task.stageEnd,
    loopStart: task.loopStart,
    loopEnd: task.loopEnd,
    taskExceptionDetails: task.taskExceptionDetails,
  };
}

/** A shallow copy of a record (same own enumerable properties as `{ ...value }`). */
export function copyRecord<T extends object>(value: T): T {
  // Object.assign sets properties, so an own `__proto__` key, or a key Object.prototype has made
  // read-only, would not be copied the way a spread copies it
  if (Object.hasOwn(value, "__proto__") || Object.isFrozen(Object.prototype)) return { ...value };
  return Object.assign({}, value);
}

/** The change set of a session that changed no stage, or removed none (never changed: read-only to everyone). */
const NO_STAGES: ReadonlySet<string> = new Set<string>();

/**
 * Pending changes to one execution; see {@link ExecutionSession.commit}.
 *
 * The session owns the execution it is given (a fresh read) and changes it in place; what it was
 * when read is kept only as far as needed — the replaced stage objects, and copies of the
 * top-level fields and of the stage order taken just before they first change — so neither a
 * read nor a one-stage change costs a copy of a large stage list.
 */
export class ExecutionSession {
  execution: PipelineExecution;
  /** The execution object as read (its top-level fields and stage list are changed in place). */
  readonly #read: PipelineExecution;
  /** Top-level fields as read, copied before the first {@link setExecution}. */
  #readTop: PipelineExecution | undefined;
  /** The stage list as read, copied before the first insertion or removal. */
  #readStages: StageExecution[] | undefined;
  // (made when first needed: most sessions change one stage, or none)
  /**
   * Stage objects as read, of stages replaced by private copies or removed: the first one in
   * {@link #firstOriginalId} / {@link #firstOriginal}, any others in {@link #originals}.
   */
  #firstOriginalId: string | undefined;
  #firstOriginal: StageExecution | undefined;
  #originals: Map<string, StageExecution> | undefined;
  /** Ids of stages inserted in this session (with the stages that have an original: the session's own stage objects). */
  #inserted: Set<string> | undefined;
  #changed: Set<string> | undefined;
  #removed: Set<string> | undefined;
  #executionChanged = false;
  #orderChanged = false;
  /** After {@link commit} the execution and its stages belong to the store: no more changes. */
  #committed = false;
  /** Set by {@link release}: the session's changes were undone, and it takes no more. */
  #released = false;

  readonly #graph: GraphView | undefined;

  /**
   * `graph`: the index of the execution's stage list when the caller keeps one for it (a turn's
   * working copy); `null` for none; by default the session indexes a large stage list itself.
   */
  constructor(execution: PipelineExecution, graph?: GraphView | null) {
    this.execution = execution;
    this.#read = execution;
    this.#graph = graph === undefined ? GraphView.attach(execution.id, execution.stages) : (graph ?? undefined);
  }

  /** The execution as it was read (for transition detection). */
  get before(): PipelineExecution {
    const stages = this.#readStages ?? this.#read.stages.map((s) => this.#original(s.id) ?? s);
    return { ...(this.#readTop ?? this.#read), stages };
  }

  /** The execution's status as it was read. */
  get beforeStatus(): PipelineExecution["status"] {
    return (this.#readTop ?? this.#read).status;
  }

  /** The stage with this id as it was read, or undefined when it was added in this session. */
  originalStage(id: string): StageExecution | undefined {
    const original = this.#original(id);
    if (original !== undefined) return original;
    if (this.#readStages !== undefined) return this.#readStages.find((s) => s.id === id);
    return this.#inserted?.has(id) === true ? undefined : stageById(this.#read, id);
  }

  #indexOf(id: string): number {
    const i = stagePosition(this.execution, id);
    if (i < 0) throw new Error(`stage ${id} not in execution ${this.execution.id}`);
    return i;
  }

  /** Remember the stage order as read, before it changes. */
  #keepReadStages(): void {
    if (this.#readStages === undefined) this.#readStages = this.execution.stages.map((s) => this.#original(s.id) ?? s);
  }

  /** The stage with this id (read-only view unless obtained through {@link mutableStage}). */
  stage(id: string): StageExecution {
    return this.execution.stages[this.#indexOf(id)]!;
  }

  /** A private, writable copy of the stage, swapped into the execution. */
  mutableStage(id: string): StageExecution {
    this.#open();
    const i = this.#indexOf(id);
    const current = this.execution.stages[i]!;
    (this.#changed ??= new Set()).add(id);
    if (this.#owns(id)) return current;
    const copy = copyStage(current);
    this.#setOriginal(id, current);
    this.execution.stages[i] = copy;
    if (this.execution.stages === this.#read.stages) this.#graph?.replaced(i, id);
    return copy;
  }

  /** Change top-level execution fields. */
  setExecution(patch: Partial<Omit<PipelineExecution, "stages" | "id" | "version">>): void {
    this.#open();
    if (this.#readTop === undefined && this.execution === this.#read) this.#readTop = copyExecution(this.#read, this.#read.version, this.#read.stages);
    Object.assign(this.execution, patch);
    this.#executionChanged = true;
  }

  /** Insert a new stage at `index` of the flat stage list. */
  insertStage(stage: StageExecution, index: number): void {
    this.#open();
    this.#keepReadStages();
    this.execution.stages.splice(index, 0, stage);
    if (this.execution.stages === this.#read.stages) this.#graph?.restructured(stage.id);
    (this.#inserted ??= new Set()).add(stage.id);
    (this.#changed ??= new Set()).add(stage.id);
    this.#orderChanged = true;
  }

  /** Remove a stage. */
  removeStage(id: string): void {
    this.#open();
    const i = this.#indexOf(id);
    this.#keepReadStages();
    const [removed] = this.execution.stages.splice(i, 1);
    if (this.execution.stages === this.#read.stages) this.#graph?.restructured();
    if (!this.#owns(id)) this.#setOriginal(id, removed!);
    this.#changed?.delete(id);
    (this.#removed ??= new Set()).add(id);
    this.#orderChanged = true;
  }

  /** Whether the stage object with this id is the session's own (a private copy, or inserted here). */
  #owns(id: string): boolean {
    return this.#original(id) !== undefined || this.#inserted?.has(id) === true;
  }

  /** The stage with this id as read, when the session replaced or removed it. */
  #original(id: string): StageExecution | undefined {
    if (id === this.#firstOriginalId) return this.#firstOriginal;
    return this.#originals?.get(id);
  }

  /** Remember `stage` as stage `id` as read (the session has no original of it yet). */
  #setOriginal(id: string, stage: StageExecution): void {
    if (this.#firstOriginalId === undefined) {
      this.#firstOriginalId = id;
      this.#firstOriginal = stage;
    } else {
      (this.#originals ??= new Map()).set(id, stage);
    }
  }

  #open(): void {
    if (this.#committed || this.#released) {
      const what = this.#released ? "was released (another session of the execution was opened after it)" : "was committed";
      throw new Error(`the session of execution ${this.execution.id} ${what}: read the execution again to change it`);
    }
  }

  /**
   * Undo the changes an uncommitted session made to the execution it was given, in place, and
   * take no more (a turn's working copy is shared by the sessions of its messages: one that is
   * dropped without a commit must leave it as it was). Nothing to do after a commit.
   */
  release(): void {
    if (this.#committed || this.#released) return;
    this.#released = true;
    if (this.#touched()) this.#restore();
  }

  /**
   * Undo a committed session's changes to the execution it was given, in place (a turn whose
   * message failed after the commit puts its working copy back as it was before the message).
   * Sessions of one execution are undone newest first.
   */
  undo(): void {
    this.#released = true;
    if (this.#touched()) this.#restore();
  }

  /** Whether the execution object or its stage list was changed in place. */
  #touched(): boolean {
    return this.#readTop !== undefined || this.#readStages !== undefined || this.#firstOriginalId !== undefined;
  }

  /** Put the read execution's top-level fields, stage list and stage objects back as read. */
  #restore(): void {
    const e = this.#read;
    const stages = e.stages;
    if (this.#readStages !== undefined) {
      // the order changed: the list as read holds every original stage object
      stages.length = 0;
      for (const s of this.#readStages) stages.push(s);
      this.#graph?.restructured();
    } else {
      this.#putBack(stages, this.#firstOriginalId, this.#firstOriginal);
      if (this.#originals !== undefined) for (const [id, s] of this.#originals) this.#putBack(stages, id, s);
    }
    if (this.#readTop !== undefined) Object.assign(e, this.#readTop, { stages });
    this.#graph?.settle();
    this.execution = e;
  }

  #putBack(stages: StageExecution[], id: string | undefined, original: StageExecution | undefined): void {
    if (id === undefined || original === undefined) return;
    const i = stagePosition(this.#read, id);
    if (i >= 0) stages[i] = original;
  }

  /** Ids of stages added or changed in this session. */
  get changedStageIds(): ReadonlySet<string> {
    return this.#changed ?? NO_STAGES;
  }

  /** Whether the session was released or undone (see {@link release}): it can no longer commit. */
  get released(): boolean {
    return this.#released;
  }

  /** Whether anything changed. */
  get dirty(): boolean {
    return this.#executionChanged || (this.#changed !== undefined && this.#changed.size > 0) || (this.#removed !== undefined && this.#removed.size > 0);
  }

  /** Write everything, conditional on the version read. Returns the written execution. */
  async commit(repository: ExecutionRepository): Promise<PipelineExecution> {
    if (this.#released) this.#open();
    if (!this.dirty) return this.execution;
    return this.#committedAs(await repository.update(this.execution, this.#changes()));
  }

  /** {@link commit} through a write that needs no promise (a turn's). */
  commitNow(writer: { updateNow(execution: PipelineExecution, changes: ExecutionChanges): PipelineExecution }): PipelineExecution {
    if (this.#released) this.#open();
    if (!this.dirty) return this.execution;
    return this.#committedAs(writer.updateNow(this.execution, this.#changes()));
  }

  #changes(): ExecutionChanges {
    return {
      stages: this.#changed ?? NO_STAGES,
      removedStages: this.#removed ?? NO_STAGES,
      execution: this.#executionChanged,
      order: this.#orderChanged,
    };
  }

  #committedAs(written: PipelineExecution): PipelineExecution {
    // a turn's working copy (written in place, as it is): its stage objects change no more
    if (written === this.#read) this.#graph?.settle();
    else if (written.stages === this.#read.stages) this.#graph?.committed(storedStagesOf(written.stages));
    this.execution = written;
    this.#committed = true;
    return written;
  }
}
