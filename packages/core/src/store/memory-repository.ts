/**
 * The in-memory {@link ExecutionRepository}. Stored stages are deep-frozen and shared with readers
 * (copy-on-write), so a read of a 1,000-stage execution costs one array copy, and an engine bug
 * that mutated stored state in place would throw instead of corrupting it.
 * @module
 */
import { GennakerError, NotFoundError, VersionConflictError } from "../errors.js";
import type { PipelineExecution } from "../execution/types.js";
import type { Message } from "../queue/messages.js";
import type { ExecutionChanges, ExecutionQuery, ExecutionRepository } from "./repository.js";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

const NESTED = ["trigger", "paused", "authentication", "initialConfig", "notifications", "templateVariables"] as const;

/**
 * The stored, frozen form of `execution` at `version`. Objects it shares with `previous` (the
 * stored form it replaces) are frozen already, so only the others are walked: a write of one
 * stage of a 1,000-stage execution freezes that stage, not a thousand.
 */
function snapshot(execution: PipelineExecution, version: number, previous?: PipelineExecution): PipelineExecution {
  const copy = { ...execution, version, stages: execution.stages.slice() };
  const stages = copy.stages;
  const before = previous !== undefined && previous.stages.length === stages.length ? previous.stages : undefined;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i];
    if (before === undefined || s !== before[i]) deepFreeze(s);
  }
  for (const k of NESTED) if (previous === undefined || copy[k] !== previous[k]) deepFreeze(copy[k]);
  return Object.freeze(copy) as PipelineExecution;
}

function readCopy(stored: PipelineExecution): PipelineExecution {
  return { ...stored, stages: stored.stages.slice() };
}

/** An {@link ExecutionRepository} held in process memory. Passes `repositoryContract`. */
export class InMemoryExecutionRepository implements ExecutionRepository {
  readonly #executions = new Map<string, PipelineExecution>();
  readonly #pending = new Map<string, Message[]>();

  async create(execution: PipelineExecution): Promise<PipelineExecution> {
    if (this.#executions.has(execution.id)) {
      throw new GennakerError("EXECUTION_EXISTS", `execution ${execution.id} already exists`);
    }
    const stored = snapshot(structuredClone(execution), 1);
    this.#executions.set(stored.id, stored);
    return readCopy(stored);
  }

  async retrieve(id: string): Promise<PipelineExecution | undefined> {
    const stored = this.#executions.get(id);
    return stored ? readCopy(stored) : undefined;
  }

  async update(execution: PipelineExecution, _changes: ExecutionChanges): Promise<PipelineExecution> {
    const stored = this.#executions.get(execution.id);
    if (!stored) throw new NotFoundError("execution", execution.id);
    if (stored.version !== execution.version) throw new VersionConflictError(execution.id, execution.version, stored.version);
    const next = snapshot(execution, stored.version + 1, stored);
    this.#executions.set(next.id, next);
    // the caller's own stages array (the store keeps a copy): its elements are the stored, frozen stages
    return { ...next, stages: execution.stages };
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
