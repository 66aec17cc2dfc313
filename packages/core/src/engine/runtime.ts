/**
 * What every message handler shares: stores, clock, stage and task registries, the expression
 * evaluator and the event emitter, plus the read / commit / push helpers handlers are built from.
 * @module
 */
import {
  ExpressionEvaluator,
  processStageContext,
  type HostServices,
} from "@gennaker/expressions";
import { isComplete, type ExecutionStatus } from "../execution/status.js";
import type { PipelineExecution, StageExecution, TaskExecution } from "../execution/types.js";
import type { EngineEvents } from "../events/events.js";
import type { Message } from "../queue/messages.js";
import type { Queue } from "../queue/queue.js";
import type { StageDefinition, StageEnv } from "../spi/stage-definition.js";
import type { EngineAccess, TaskContext, TaskDefinition } from "../spi/task.js";
import type { ExecutionRepository } from "../store/repository.js";
import type { Clock } from "../time/clock.js";
import { lookupContext } from "./context-lookup.js";
import { copyRecord, ExecutionSession, withContext } from "./session.js";
import { stagePosition } from "./stage-index.js";
import type { StageLock } from "./stage-lock.js";
import type { Turn } from "./turn.js";

/** How long a task may take in a turn before the turn writes what it has (see {@link Turn}). */
export const SLOW_TASK_MS = 25;

/** A store of saved pipeline configs (Front50's role): child pipelines and dependent triggers. */
export interface PipelineConfigStore {
  /** The pipeline config with this id, or undefined. */
  get(id: string): Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  /** Every pipeline config (used to find pipelines triggered by another one's completion). */
  list(): Promise<Record<string, unknown>[]> | Record<string, unknown>[];
}

/** Decides whether `user` may judge a manual judgment stage (spec section 4.5). */
export type JudgmentAuthorizer = (request: {
  user: string;
  requiredRoles: string[];
  stage: StageExecution;
  execution: PipelineExecution;
}) => boolean | Promise<boolean>;

/** Minimal logger. */
export interface Logger {
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Settings every handler reads. */
export interface RuntimeConfig {
  repository: ExecutionRepository;
  queue: Queue;
  clock: Clock;
  events: EngineEvents;
  stages: ReadonlyMap<string, StageDefinition>;
  tasks: Map<string, TaskDefinition<any>>;
  services: Record<string, unknown>;
  evaluator: ExpressionEvaluator;
  random: () => number;
  timeZone: string;
  pipelines: PipelineConfigStore | undefined;
  authorizeJudgment: JudgmentAuthorizer | undefined;
  logger: Logger;
  /** Lease given to a RunTask delivery (Orca: 10 min ack timeout). */
  runTaskLeaseMs: number;
  /** Held while a task runs. */
  stageLock: StageLock;
  /** Engine facilities handed to stages and tasks (set by `createEngine`). */
  access?: EngineAccess;
}

/** Shared handler machinery. */
export class Runtime {
  constructor(
    readonly config: RuntimeConfig,
    /** The turn this runtime's handlers run in, if any (see {@link Turn}). */
    readonly turn?: Turn,
  ) {}

  /**
   * Awaits what a task's `execute` returned. In a turn, a task that has not settled within
   * {@link SLOW_TASK_MS} first makes the turn write the execution as it is, so the stage shows
   * RUNNING while the task works.
   */
  awaitTask<T>(result: T | PromiseLike<T>): T | PromiseLike<T> {
    const turn = this.turn;
    if (turn === undefined || turn.checkpointed || !isThenable(result)) return result;
    return this.#awaitSlowTask(turn, result);
  }

  async #awaitSlowTask<T>(turn: Turn, result: PromiseLike<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const slow = new Promise<typeof SLOW>((resolve) => (timer = setTimeout(() => resolve(SLOW), SLOW_TASK_MS)));
    try {
      const first = await Promise.race([result, slow]);
      if (first !== SLOW) return first as T;
    } finally {
      clearTimeout(timer);
    }
    await turn.checkpoint();
    return result;
  }

  get repository(): ExecutionRepository {
    return this.config.repository;
  }

  now(): number {
    return this.config.clock.now();
  }

  // load and commit answer without a promise when the turn they run in has the execution at hand
  // (the hot handlers await them only when they are promises: see `andThen`)

  /** Read an execution into a session; undefined (and a warning) when it does not exist. */
  load(executionId: string): Promise<ExecutionSession | undefined> | ExecutionSession | undefined {
    const turn = this.turn;
    if (turn !== undefined && turn.holds(executionId)) return turn.session(executionId);
    return this.#load(executionId);
  }

  async #load(executionId: string): Promise<ExecutionSession | undefined> {
    const e = await this.config.repository.retrieve(executionId);
    if (!e) {
      this.config.logger.warn(`no execution ${executionId}; message ignored`);
      return undefined;
    }
    return new ExecutionSession(e);
  }

  /** Write the session and publish the started / completed events its status changes imply. */
  commit(session: ExecutionSession): Promise<PipelineExecution> | PipelineExecution {
    if (!session.dirty && !session.released) return session.execution;
    const turn = this.turn;
    const inTurn = turn !== undefined && turn.holds(session.execution.id);
    if (!this.config.events.listening()) return inTurn ? session.commitNow(turn) : session.commit(this.config.repository);
    const beforeStatus = session.beforeStatus;
    const ids = session.changedStageIds;
    // the changed stages as read, in the order of `ids` (one, most of the time: no array then)
    let originals: StageExecution | undefined | (StageExecution | undefined)[];
    if (ids.size === 1) {
      for (const id of ids) originals = session.originalStage(id);
    } else {
      const list: (StageExecution | undefined)[] = [];
      for (const id of ids) list.push(session.originalStage(id));
      originals = list;
    }
    if (!inTurn) return this.#commit(session, beforeStatus, ids, originals);
    const written = session.commitNow(turn);
    this.#publishTransitions(beforeStatus, written, ids, originals);
    return written;
  }

  async #commit(
    session: ExecutionSession,
    beforeStatus: ExecutionStatus,
    ids: ReadonlySet<string>,
    originals: StageExecution | undefined | readonly (StageExecution | undefined)[],
  ): Promise<PipelineExecution> {
    const written = await session.commit(this.config.repository);
    this.#publishTransitions(beforeStatus, written, ids, originals);
    return written;
  }

  /**
   * Run an effect outside the execution once what was committed is stored (in a turn: after its
   * write). The effect gets the runtime to use then (the engine's own, once the turn is written).
   */
  afterWrite(effect: (rt: Runtime) => Promise<void>): Promise<void> | undefined {
    if (this.turn === undefined) return effect(this);
    this.turn.afterWrite(effect);
    return undefined;
  }

  /**
   * Queue a message. In a turn the turn takes it at once (nothing to await: undefined); otherwise
   * the queue's promise.
   */
  push(message: Message, delayMs = 0): Promise<void> | undefined {
    const turn = this.turn;
    if (turn === undefined) return this.config.queue.push(message, delayMs);
    turn.queueWrite("push", message, delayMs);
    return undefined;
  }

  /** {@link push} of each message in order, each after the one before it is queued. */
  pushAll(messages: readonly Message[], from = 0): Promise<void> | undefined {
    for (let i = from; i < messages.length; i++) {
      const pending = this.push(messages[i]!);
      if (pending !== undefined) return pending.then(() => this.pushAll(messages, i + 1));
    }
    return undefined;
  }

  definition(type: string): StageDefinition | undefined {
    return this.config.stages.get(type);
  }

  get access(): EngineAccess {
    if (!this.config.access) throw new Error("engine access not configured");
    return this.config.access;
  }

  /** `now` of the environments this runtime hands out (one function for all of them). */
  #envNow: (() => number) | undefined;

  stageEnv(execution: PipelineExecution): StageEnv {
    return {
      execution,
      now: (this.#envNow ??= () => this.now()),
      services: this.config.services,
      random: this.config.random,
      engine: this.access,
    };
  }

  #process(stage: StageExecution, execution: PipelineExecution): Record<string, unknown> {
    const excluded = this.definition(stage.type)?.expressionExcludedKeys ?? [];
    if (excluded.length === 0) {
      return processStageContext(stage as never, execution as never, this.config.evaluator).context;
    }
    const source: Record<string, unknown> = {};
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(stage.context)) (excluded.includes(k) ? kept : source)[k] = v;
    const processed = processStageContext({ ...stage, context: source } as never, execution as never, this.config.evaluator).context;
    return { ...processed, ...kept };
  }

  /** Evaluate the stage's context expressions (Orca `withMergedContext`) into the session's stage. */
  evaluateStage(session: ExecutionSession, stageId: string): void {
    const stage = session.stage(stageId);
    if (!hasExpression(stage.context)) return;
    const context = this.#process(stage, session.execution);
    const m = session.mutableStage(stageId);
    m.context = context;
  }

  /** The evaluated view of a stage a task runs against (not stored). */
  evaluatedStage(execution: PipelineExecution, stage: StageExecution): StageExecution {
    return withContext(stage, hasExpression(stage.context) ? this.#process(stage, execution) : copyRecord(stage.context));
  }

  taskContext(execution: PipelineExecution, stage: StageExecution, task: TaskExecution): TaskContext {
    const view = this.evaluatedStage(execution, stage);
    return {
      stage: view,
      task,
      execution,
      now: () => this.now(),
      get: (key: string) => lookupContext(execution, view, key),
      services: this.config.services,
      evaluate: (value: unknown) =>
        processStageContext({ ...view, context: { value } } as never, execution as never, this.config.evaluator).context["value"],
      random: this.config.random,
      engine: this.access,
    };
  }

  /**
   * `ids`: the stages added or changed; `originals`: their states as read, in the same order
   * (undefined when added), as an array, or alone when `ids` has one id.
   */
  #publishTransitions(
    beforeStatus: ExecutionStatus,
    after: PipelineExecution,
    ids: ReadonlySet<string>,
    originals: StageExecution | undefined | readonly (StageExecution | undefined)[],
  ): void {
    // (only called when someone listens: see commit)
    const ev = this.config.events;
    if (beforeStatus !== after.status) {
      if (after.status === "RUNNING" && beforeStatus === "NOT_STARTED") {
        ev.emit("execution.started", { execution: after, executionId: after.id, status: after.status });
        if (this.#echoing()) this.#echo(after, `orca:${after.type}:starting`, { execution: after, executionId: after.id });
      } else if (isComplete(after.status) && !isComplete(beforeStatus)) {
        ev.emit("execution.complete", { execution: after, executionId: after.id, status: after.status });
        const ok = after.status === "SUCCEEDED" || after.status === "STOPPED" || after.status === "SKIPPED";
        if (this.#echoing()) this.#echo(after, `orca:${after.type}:${ok ? "complete" : "failed"}`, { execution: after, executionId: after.id });
      }
    }
    if (ids.size === 0) return;
    if (ids.size === 1) {
      for (const id of ids) {
        const i = stagePosition(after, id);
        if (i >= 0) this.#stageTransitions(after, after.stages[i]!, originals as StageExecution | undefined);
      }
      return;
    }
    // in stage-list order
    const positions: number[] = [];
    const prevs: (StageExecution | undefined)[] = [];
    let k = 0;
    for (const id of ids) {
      const i = stagePosition(after, id);
      if (i >= 0) {
        positions.push(i);
        prevs.push((originals as readonly (StageExecution | undefined)[])[k]);
      }
      k++;
    }
    const order = positions.map((_, j) => j);
    order.sort((a, b) => positions[a]! - positions[b]!);
    for (const o of order) this.#stageTransitions(after, after.stages[positions[o]!]!, prevs[o]);
  }

  /**
   * The events of one added or changed stage `s` (`prev`: as read, undefined when added): its
   * start, then its tasks' starts and completions, then its completion (one commit may hold all of
   * them, as a turn's does when a stage's task ends the stage).
   */
  #stageTransitions(after: PipelineExecution, s: StageExecution, prev: StageExecution | undefined): void {
    const ev = this.config.events;
    const prevStatus: ExecutionStatus = prev?.status ?? "NOT_STARTED";
    const changed = prevStatus !== s.status;
    // (a stage or task that started and ended in the commit has a start time: StartStage ran its task)
    if (changed && prevStatus === "NOT_STARTED" && (s.status === "RUNNING" || (isComplete(s.status) && s.startTime !== null))) {
      ev.emit("stage.started", { execution: after, executionId: after.id, status: "RUNNING", stage: s, stageId: s.id });
      if (this.#echoing()) this.#echo(after, "orca:stage:starting", this.#stageContent(after, s));
    }
    for (const t of s.tasks) {
      const pt = prev?.tasks.find((x) => x.id === t.id);
      const pts: ExecutionStatus = pt?.status ?? "NOT_STARTED";
      if (pts === t.status) continue;
      if (pts === "NOT_STARTED" && (t.status === "RUNNING" || (isComplete(t.status) && t.startTime !== null))) {
        ev.emit("task.started", { execution: after, executionId: after.id, status: "RUNNING", stage: s, stageId: s.id, task: t, taskId: t.id });
        if (this.#echoing()) this.#echo(after, "orca:task:starting", { ...this.#stageContent(after, s), taskName: `${s.type}.${t.name}` });
      }
      if (isComplete(t.status) && !isComplete(pts)) {
        ev.emit("task.complete", { execution: after, executionId: after.id, status: t.status, stage: s, stageId: s.id, task: t, taskId: t.id });
        const ok = t.status === "SUCCEEDED" || t.status === "STOPPED" || t.status === "SKIPPED";
        if (this.#echoing()) this.#echo(after, `orca:task:${ok ? "complete" : "failed"}`, { ...this.#stageContent(after, s), taskName: `${s.type}.${t.name}` });
      }
    }
    if (changed && isComplete(s.status) && !isComplete(prevStatus)) {
      ev.emit("stage.complete", { execution: after, executionId: after.id, status: s.status, stage: s, stageId: s.id });
      const phase = s.status === "SUCCEEDED" ? "complete" : s.status === "SKIPPED" ? "skipped" : "failed";
      if (this.#echoing()) this.#echo(after, `orca:stage:${phase}`, this.#stageContent(after, s));
    }
  }

  #stageContent(execution: PipelineExecution, stage: StageExecution): Record<string, unknown> {
    return {
      standalone: execution.type === "orchestration",
      canceled: execution.canceled,
      context: stage.context,
      startTime: stage.startTime,
      endTime: stage.endTime,
      executionId: execution.id,
      stageId: stage.id,
      isSynthetic: stage.syntheticStageOwner !== null,
      name: stage.name,
      execution,
    };
  }

  /** Whether someone listens to echo events (asked before an echo event's content is built). */
  #echoing(): boolean {
    return this.config.events.listenerCount("echo") !== 0;
  }

  #echo(execution: PipelineExecution, type: string, content: Record<string, unknown>): void {
    this.config.events.emit("echo", { details: { source: "orca", type, application: execution.application }, content });
  }
}

const SLOW: unique symbol = Symbol("slow");

/**
 * `next(value)`, at once when `value` is not a promise (what a turn's reads, commits and pushes
 * answer): a handler chains on it without a trip through the microtask queue.
 */
export function andThen<T>(value: T | Promise<T>, next: (value: T) => Promise<void> | undefined): Promise<void> | undefined {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Whether a value is a promise or another thenable. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

/** True when any string inside the value contains `${`. */
export function hasExpression(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(hasExpression);
  if (value !== null && typeof value === "object") {
    for (const k in value) if (hasExpression((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** Builds the evaluator the engine uses when the host gives none. */
export function defaultEvaluator(clock: Clock, random: () => number, services: HostServices = {}): ExpressionEvaluator {
  return new ExpressionEvaluator({ now: () => clock.now(), random, services });
}
