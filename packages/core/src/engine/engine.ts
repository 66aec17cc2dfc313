/**
 * `createEngine`: the public face of the execution engine — start executions, operate on them
 * (cancel, pause, resume, restart, skip, judge), read them, and run workers over the queue.
 * @module
 */
import type { ExpressionEvaluator } from "@gennaker/expressions";
import { InvalidStateError, NotAuthorizedError, NotFoundError, VersionConflictError } from "../errors.js";
import { isComplete } from "../execution/status.js";
import type { PipelineExecution, StageExecution } from "../execution/types.js";
import { EngineEvents } from "../events/events.js";
import { InMemoryQueue } from "../queue/memory-queue.js";
import { messageExecutionId, type Message } from "../queue/messages.js";
import type { Delivery, Queue } from "../queue/queue.js";
import type { StageDefinition } from "../spi/stage-definition.js";
import type { TaskDefinition } from "../spi/task.js";
import { builtinStages } from "../stages/index.js";
import { InMemoryExecutionRepository } from "../store/memory-repository.js";
import type { ExecutionQuery, ExecutionRepository } from "../store/repository.js";
import { systemClock, type Clock } from "../time/clock.js";
import { descendantsOf, findStage } from "./graph.js";
import { deadLetterFollowUp, handleMessage } from "./handlers/index.js";
import { launch, type StartOptions } from "./launcher.js";
import { Turn } from "./turn.js";
import { completeExecution, executionMessage, runTask, stageMessage, taskMessage } from "./message-builders.js";
import {
  defaultEvaluator,
  Runtime,
  type JudgmentAuthorizer,
  type Logger,
  type PipelineConfigStore,
} from "./runtime.js";
import { ExecutionSession } from "./session.js";
import { InMemoryStageLock, type StageLock } from "./stage-lock.js";
import { Worker, type WorkerOptions } from "./worker.js";

/** Options of {@link createEngine}. Everything has an in-memory default. */
export interface EngineOptions {
  /** Where executions live (default: in memory). */
  repository?: ExecutionRepository;
  /** The work queue (default: in memory, on `clock`). */
  queue?: Queue;
  /** Time source (default: the system clock; tests pass a `VirtualClock`). */
  clock?: Clock;
  /** Extra stage types (override built-ins of the same type). */
  stages?: readonly StageDefinition[];
  /** Set false to leave out the built-in stages. Default true. */
  builtinStages?: boolean;
  /** Extra task types (normally listed by stage types' `tasks`). */
  tasks?: readonly TaskDefinition<any>[];
  /** Host services handed to tasks and stage hooks (`ctx.services`). */
  services?: Record<string, unknown>;
  /** Saved pipeline configs: child pipelines (`pipeline` stage) and pipeline-completed triggers. */
  pipelines?: PipelineConfigStore;
  /** The expression evaluator (default: the Spinnaker profile, on `clock`). */
  evaluator?: ExpressionEvaluator;
  /** Random source in [0, 1) (execution-window jitter). Default `Math.random`. */
  random?: () => number;
  /** IANA zone of execution windows that name none. Default `America/Los_Angeles` (Orca's default). */
  timeZone?: string;
  /** Who may judge a manual judgment that requires roles (default: anyone). */
  authorizeJudgment?: JudgmentAuthorizer;
  /** Warnings and errors (default: console). */
  logger?: Logger;
  /** Lock held while a task runs (default: in-process). Share one across worker processes. */
  stageLock?: StageLock;
  /**
   * Most messages one turn handles: a polled message and the follow-ups it causes on the same
   * execution with no delay, handled back to back and written once (see the engine README,
   * "Turns"). Default 500; 1 handles every message on its own, through the queue, as Orca does.
   */
  messagesPerTurn?: number;
}

/** Who performs an operation. */
export interface Actor {
  user?: string;
}

/** A manual judgment decision. */
export interface Judgment extends Actor {
  /** `continue` or `stop` (case-insensitive). */
  judgmentStatus: string;
  /** The chosen judgment input, readable with `#judgment('<stage name>')`. */
  judgmentInput?: string;
}

/** The engine. */
export interface Engine {
  /** Events: `execution.started`, `stage.complete`, `echo`, ... */
  readonly events: EngineEvents;
  readonly repository: ExecutionRepository;
  readonly queue: Queue;
  readonly clock: Clock;
  /** Validate and start a pipeline (throws `PipelineValidationError` and stores nothing when invalid). */
  start(pipeline: unknown, options?: StartOptions): Promise<PipelineExecution>;
  /** One execution, or undefined. */
  get(executionId: string): Promise<PipelineExecution | undefined>;
  /** Executions, newest first. */
  list(query?: ExecutionQuery): Promise<PipelineExecution[]>;
  /** Cancel a running or waiting execution. */
  cancel(executionId: string, options?: Actor & { reason?: string }): Promise<void>;
  /** Pause a running execution: running tasks stop at their next run. */
  pause(executionId: string, options?: Actor): Promise<void>;
  /** Resume a paused execution. */
  resume(executionId: string, options?: Actor): Promise<void>;
  /** Restart a stage (by id, refId or name): it and every completed stage downstream run again. */
  restartStage(executionId: string, stage: string, options?: Actor): Promise<void>;
  /** Skip a running stage whose type allows it (`manualSkip`). */
  skipStage(executionId: string, stage: string, options?: Actor): Promise<void>;
  /** Skip the rest of a wait or an execution window (`skipRemainingWait`). */
  skipWait(executionId: string, stage: string, options?: Actor): Promise<void>;
  /** Judge a manual judgment stage. Throws `NotAuthorizedError` when the authorizer refuses. */
  judge(executionId: string, stage: string, judgment: Judgment): Promise<void>;
  /** Orca's stage PATCH: merge values into a stage's context and re-run its running task now. */
  updateStage(executionId: string, stage: string, patch: Record<string, unknown>, options?: Actor): Promise<PipelineExecution>;
  /** Handle one due message. Returns false when nothing was due. */
  processNext(): Promise<boolean>;
  /** Handle due messages until none is due. Returns how many were handled. */
  runUntilIdle(maxMessages?: number): Promise<number>;
  /** Start a worker loop that handles messages as they fall due (real or virtual clock). */
  startWorker(options?: WorkerOptions): Worker;
  /** Stop every worker started by this engine. */
  stop(): Promise<void>;
  /**
   * The zombie check: for every RUNNING execution with no message queued or in flight, queue the
   * messages that drive it on (every handler is idempotent, so this never does work twice).
   * Returns the ids of the executions repaired.
   */
  repairZombies(): Promise<string[]>;
}

const consoleLogger: Logger = {
  warn: (m, d) => console.warn(`[gennaker] ${m}`, d ?? ""),
  error: (m, d) => console.error(`[gennaker] ${m}`, d ?? ""),
};

function resolveStage(e: PipelineExecution, ref: string): StageExecution {
  const s = findStage(e, ref) ?? e.stages.find((x) => x.refId === ref) ?? e.stages.find((x) => x.name === ref);
  if (!s) throw new NotFoundError("stage", ref);
  return s;
}

/** Create an engine. With no options it runs entirely in memory on the system clock. */
export function createEngine(options: EngineOptions = {}): Engine {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const services = { ...(options.services ?? {}) };
  const repository = options.repository ?? new InMemoryExecutionRepository();
  const queue = options.queue ?? new InMemoryQueue({ clock });
  const events = new EngineEvents();
  const stages = new Map<string, StageDefinition>();
  for (const def of [...(options.builtinStages === false ? [] : builtinStages), ...(options.stages ?? [])]) {
    stages.set(def.type, def);
    for (const a of def.aliases ?? []) stages.set(a, def);
  }
  const tasks = new Map<string, TaskDefinition<any>>();
  for (const def of stages.values()) for (const t of def.tasks ?? []) tasks.set(t.type, t);
  for (const t of options.tasks ?? []) tasks.set(t.type, t);
  const rt = new Runtime({
    repository,
    queue,
    clock,
    events,
    stages,
    tasks,
    services,
    evaluator: options.evaluator ?? defaultEvaluator(clock, random),
    random,
    timeZone: options.timeZone ?? "America/Los_Angeles",
    pipelines: options.pipelines,
    authorizeJudgment: options.authorizeJudgment,
    logger: options.logger ?? consoleLogger,
    runTaskLeaseMs: 600_000,
    stageLock: options.stageLock ?? new InMemoryStageLock(() => clock.now()),
  });
  rt.config.access = {
    evaluator: rt.config.evaluator,
    events,
    timeZone: rt.config.timeZone,
    getExecution: (id) => repository.retrieve(id),
    pipelineConfig: async (id) => (options.pipelines ? await options.pipelines.get(id) : undefined),
    startPipeline: (config, trigger) => launch(rt, config, { trigger, user: String(trigger["user"] ?? "[anonymous]") }),
    cancelExecution: (id, user, reason) => engine.cancel(id, { user, ...(reason !== null ? { reason } : {}) }),
  };
  const workers = new Set<Worker>();

  /** Run `work` again (it re-reads what it needs) while it loses a version race, up to 20 times. */
  async function retryConflicts(work: () => Promise<void> | undefined): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 20) throw error;
      }
    }
  }

  // (500: a 100-wide fan-out's two messages per branch fit in one turn; follow-ups left at the end
  // of a turn go through the queue one by one, each polled into a turn of its own)
  const messagesPerTurn = Math.max(1, Math.floor(options.messagesPerTurn ?? 500));

  /** Handle a delivery: alone, or as the first message of a turn over its execution. */
  async function handleDelivery(d: Delivery): Promise<void> {
    const executionId = messageExecutionId(d.message);
    if (messagesPerTurn === 1 || executionId === null) return retryConflicts(() => handleMessage(rt, d.message));
    // a lost race discards the whole turn: it runs again from the polled message (retryConflicts, inlined)
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Turn(rt, executionId, d).run(handleMessage, messagesPerTurn);
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 20) throw error;
      }
    }
  }

  async function processNext(): Promise<boolean> {
    const d = await queue.poll();
    if (!d) return false;
    try {
      await handleDelivery(d);
      await queue.ack(d);
    } catch (error) {
      events.emit("handlerError", { message: d.message, error, attempts: d.attempts });
      const dead = await queue.retry(d, error instanceof Error ? error.message : String(error), 1_000 * d.attempts);
      if (dead) {
        const letters = await queue.deadLetters();
        const letter = letters.find((l) => l.id === d.id);
        if (letter) events.emit("deadLetter", letter);
        const follow = deadLetterFollowUp(d.message);
        if (follow) await queue.push(follow);
      }
    }
    return true;
  }

  /** Read-modify-write of one stage with retries on version conflicts. */
  async function mutate(executionId: string, stageRef: string, fn: (s: StageExecution, e: PipelineExecution) => void): Promise<PipelineExecution> {
    for (let attempt = 0; ; attempt++) {
      const e = await repository.retrieve(executionId);
      if (!e) throw new NotFoundError("execution", executionId);
      const session = new ExecutionSession(e);
      const target = resolveStage(e, stageRef);
      fn(session.mutableStage(target.id), e);
      try {
        const written = await rt.commit(session);
        const stage = written.stages.find((x) => x.id === target.id)!;
        for (const s of [stage, ...descendantsOf(written, stage)]) {
          for (const t of s.tasks) if (t.status === "RUNNING") await queue.reschedule(runTask(written, s, t), 0);
        }
        return written;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 20) throw error;
      }
    }
  }

  async function mutateExecution(executionId: string, fn: (session: ExecutionSession) => void): Promise<PipelineExecution> {
    for (let attempt = 0; ; attempt++) {
      const e = await repository.retrieve(executionId);
      if (!e) throw new NotFoundError("execution", executionId);
      const session = new ExecutionSession(e);
      fn(session);
      try {
        return await rt.commit(session);
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 20) throw error;
      }
    }
  }

  const lastModified = (user: string | undefined) => ({ user: user ?? "anonymous", allowedAccounts: [], lastModifiedTime: clock.now() });

  const engine: Engine = {
    events,
    repository,
    queue,
    clock,
    start: (pipeline, opts) => launch(rt, pipeline, opts),
    get: (id) => repository.retrieve(id),
    list: (query) => repository.list(query),
    async cancel(id, opts = {}) {
      const e = await repository.retrieve(id);
      if (!e) throw new NotFoundError("execution", id);
      await queue.push({ ...executionMessageOf(e), kind: "CancelExecution", user: opts.user ?? "anonymous", reason: opts.reason ?? null } as Message);
    },
    async pause(id, opts = {}) {
      const e = await mutateExecution(id, (session) => {
        if (session.execution.status !== "RUNNING") throw new InvalidStateError(`execution ${id} is ${session.execution.status}, only a RUNNING execution can be paused`);
        session.setExecution({ status: "PAUSED", paused: { pausedBy: opts.user ?? "anonymous", pauseTime: clock.now(), resumedBy: null, resumeTime: null } });
      });
      await queue.push(executionMessage("RescheduleExecution", e));
    },
    async resume(id, opts = {}) {
      const e = await mutateExecution(id, (session) => {
        const x = session.execution;
        if (x.status !== "PAUSED") throw new InvalidStateError(`execution ${id} is ${x.status}, only a PAUSED execution can be resumed`);
        session.setExecution({
          status: "RUNNING",
          paused: { pausedBy: x.paused?.pausedBy ?? null, pauseTime: x.paused?.pauseTime ?? null, resumedBy: opts.user ?? "anonymous", resumeTime: clock.now() },
        });
      });
      await queue.push(executionMessage("ResumeExecution", e));
    },
    async restartStage(id, stageRef, opts = {}) {
      const e = await repository.retrieve(id);
      if (!e) throw new NotFoundError("execution", id);
      const s = resolveStage(e, stageRef);
      await queue.push({ ...executionMessageOf(e), kind: "RestartStage", stageId: s.id, user: opts.user ?? null } as Message);
    },
    async skipStage(id, stageRef, opts = {}) {
      await mutate(id, stageRef, (s) => {
        const def = stages.get(s.type);
        if (!(def?.canManuallySkip?.(s) || s.context["canManuallySkip"] === true)) {
          throw new InvalidStateError(`stage ${s.name} (${s.type}) cannot be skipped manually`);
        }
        if (isComplete(s.status)) throw new InvalidStateError(`stage ${s.name} is already ${s.status}`);
        s.context["manualSkip"] = true;
        s.lastModified = lastModified(opts.user);
      });
    },
    async skipWait(id, stageRef, opts = {}) {
      await mutate(id, stageRef, (s, e) => {
        if (isComplete(s.status)) throw new InvalidStateError(`stage ${s.name} is already ${s.status}`);
        s.context["skipRemainingWait"] = true;
        s.lastModified = lastModified(opts.user);
        void e;
      });
      // the execution-window stage is a before-stage of the stage the user sees
      const e = await repository.retrieve(id);
      if (e) {
        const s = resolveStage(e, stageRef);
        for (const d of descendantsOf(e, s)) {
          if (!isComplete(d.status) && (d.type === "restrictExecutionDuringTimeWindow" || d.type === "wait")) {
            await mutate(id, d.id, (x) => void (x.context["skipRemainingWait"] = true));
          }
        }
      }
    },
    async judge(id, stageRef, judgment) {
      const e = await repository.retrieve(id);
      if (!e) throw new NotFoundError("execution", id);
      const target = resolveStage(e, stageRef);
      if (target.type !== "manualJudgment") throw new InvalidStateError(`stage ${target.name} is a ${target.type} stage, not a manual judgment`);
      if (target.status !== "RUNNING") throw new InvalidStateError(`manual judgment ${target.name} is ${target.status}, not awaiting judgment`);
      const user = judgment.user ?? "anonymous";
      const roles = (target.context["requiredJudgmentRoles"] ?? target.context["selectedStageRoles"] ?? []) as unknown[];
      const requiredRoles = roles.filter((r): r is string => typeof r === "string");
      if (requiredRoles.length > 0 && rt.config.authorizeJudgment) {
        const ok = await rt.config.authorizeJudgment({ user, requiredRoles, stage: target, execution: e });
        if (!ok) throw new NotAuthorizedError(`${user} may not judge ${target.name}: one of the roles ${requiredRoles.join(", ")} is required`);
      }
      await mutate(id, target.id, (s) => {
        s.context["judgmentStatus"] = judgment.judgmentStatus;
        if (judgment.judgmentInput !== undefined) s.context["judgmentInput"] = judgment.judgmentInput;
        s.context["lastModifiedBy"] = user;
        s.lastModified = lastModified(user);
      });
    },
    updateStage: (id, stageRef, patch, opts = {}) =>
      mutate(id, stageRef, (s) => {
        Object.assign(s.context, structuredClone(patch));
        s.lastModified = lastModified(opts.user);
      }),
    processNext,
    async runUntilIdle(maxMessages = 1_000_000) {
      let n = 0;
      while (n < maxMessages && (await processNext())) n++;
      return n;
    },
    startWorker(workerOptions) {
      const w = new Worker({ processNext, queue, clock, ...workerOptions });
      workers.add(w);
      w.start();
      return w;
    },
    async stop() {
      await Promise.all([...workers].map((w) => w.stop()));
      workers.clear();
    },
    async repairZombies() {
      const repaired: string[] = [];
      for (const e of await repository.list({ statuses: ["RUNNING"] })) {
        if ((await queue.messagesFor(e.id)).length > 0) continue;
        repaired.push(e.id);
        for (const m of zombieRepairMessages(e)) await queue.push(m);
      }
      return repaired;
    },
  };
  return engine;
}

function executionMessageOf(e: PipelineExecution): { executionType: PipelineExecution["type"]; executionId: string; application: string } {
  return { executionType: e.type, executionId: e.id, application: e.application };
}

/** Messages that re-drive a stalled execution: every running task, every startable stage, the roll-up. */
export function zombieRepairMessages(e: PipelineExecution): Message[] {
  const out: Message[] = [];
  for (const s of e.stages) {
    if (s.status === "RUNNING") {
      const running = s.tasks.find((t) => t.status === "RUNNING");
      const next = s.tasks.find((t) => t.status === "NOT_STARTED");
      if (running) out.push(runTask(e, s, running));
      else if (s.tasks.length > 0 && s.tasks.every((t) => isComplete(t.status))) out.push(stageMessage("CompleteStage", e, s));
      else if (next) out.push(taskMessage("StartTask", e, s, next));
      out.push(stageMessage("StartStage", e, s));
    } else if (s.status === "NOT_STARTED") {
      out.push(stageMessage("StartStage", e, s));
    } else if (isComplete(s.status)) {
      out.push(stageMessage("CompleteStage", e, s));
    }
  }
  out.push(completeExecution(e));
  return out;
}
