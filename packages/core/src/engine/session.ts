/**
 * A unit of work over one execution: read once, change stages copy-on-write, write once with the
 * version that was read. Stage objects from the repository are never mutated in place.
 * @module
 */
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import type { ExecutionRepository } from "../store/repository.js";

/** A shallow-enough copy of a stage: own maps, own task records; nested values stay shared. */
export function copyStage(stage: StageExecution): StageExecution {
  return {
    ...stage,
    context: { ...stage.context },
    outputs: { ...stage.outputs },
    requisiteStageRefIds: [...stage.requisiteStageRefIds],
    tasks: stage.tasks.map((t) => ({ ...t })),
  };
}

/** Pending changes to one execution; see {@link ExecutionSession.commit}. */
export class ExecutionSession {
  execution: PipelineExecution;
  readonly #before: PipelineExecution;
  readonly #owned = new Set<string>();
  readonly #changed = new Set<string>();
  readonly #removed = new Set<string>();
  #executionChanged = false;
  #orderChanged = false;
  #index: Map<string, number> | undefined;

  constructor(execution: PipelineExecution) {
    this.execution = execution;
    this.#before = { ...execution, stages: execution.stages.slice() };
  }

  /** The execution as it was read (for transition detection). */
  get before(): PipelineExecution {
    return this.#before;
  }

  #indexOf(id: string): number {
    if (!this.#index) {
      this.#index = new Map();
      this.execution.stages.forEach((s, i) => this.#index!.set(s.id, i));
    }
    const i = this.#index.get(id);
    if (i === undefined) throw new Error(`stage ${id} not in execution ${this.execution.id}`);
    return i;
  }

  /** The stage with this id (read-only view unless obtained through {@link mutableStage}). */
  stage(id: string): StageExecution {
    return this.execution.stages[this.#indexOf(id)]!;
  }

  /** A private, writable copy of the stage, swapped into the execution. */
  mutableStage(id: string): StageExecution {
    const i = this.#indexOf(id);
    const current = this.execution.stages[i]!;
    this.#changed.add(id);
    if (this.#owned.has(id)) return current;
    const copy = copyStage(current);
    this.execution.stages[i] = copy;
    this.#owned.add(id);
    return copy;
  }

  /** Change top-level execution fields. */
  setExecution(patch: Partial<Omit<PipelineExecution, "stages" | "id" | "version">>): void {
    Object.assign(this.execution, patch);
    this.#executionChanged = true;
  }

  /** Insert a new stage at `index` of the flat stage list. */
  insertStage(stage: StageExecution, index: number): void {
    this.execution.stages.splice(index, 0, stage);
    this.#owned.add(stage.id);
    this.#changed.add(stage.id);
    this.#orderChanged = true;
    this.#index = undefined;
  }

  /** Remove a stage. */
  removeStage(id: string): void {
    const i = this.#indexOf(id);
    this.execution.stages.splice(i, 1);
    this.#changed.delete(id);
    this.#removed.add(id);
    this.#orderChanged = true;
    this.#index = undefined;
  }

  /** Ids of stages added or changed in this session. */
  get changedStageIds(): ReadonlySet<string> {
    return this.#changed;
  }

  /** Whether anything changed. */
  get dirty(): boolean {
    return this.#executionChanged || this.#changed.size > 0 || this.#removed.size > 0;
  }

  /** Write everything, conditional on the version read. Returns the written execution. */
  async commit(repository: ExecutionRepository): Promise<PipelineExecution> {
    if (!this.dirty) return this.execution;
    const written = await repository.update(this.execution, {
      stages: this.#changed,
      removedStages: this.#removed,
      execution: this.#executionChanged,
      order: this.#orderChanged,
    });
    this.execution = written;
    return written;
  }
}
