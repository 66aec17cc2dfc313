/**
 * Task-level handlers: StartTask, RunTask, CompleteTask, PauseTask and ResumeTask (spec 3.3, 3.6).
 * @module
 */
import { isComplete, isHalt, type ExecutionStatus } from "../../execution/status.js";
import type { PipelineExecution, StageExecution, TaskExecution } from "../../execution/types.js";
import type { CompleteTask, PauseTask, ResumeTask, RunTask, StartTask } from "../../queue/messages.js";
import { RetryableTaskError, type TaskContext, type TaskDefinition, type TaskResult } from "../../spi/task.js";
import { childrenOf, failureStatus, findStage, isManuallySkipped, parentOf, parentWithTimeout, topLevelOf } from "../graph.js";
import { completeTask, runTask, stageMessage, taskMessage } from "../message-builders.js";
import { EXECUTION_WINDOW_STAGE } from "../planning.js";
import { andThen, isThenable, type Runtime } from "../runtime.js";
import type { ExecutionSession } from "../session.js";
import { completeStageIn, completesWithoutHooks } from "./stage.js";
import { exceptionDetails } from "./task-errors.js";

function locate(e: PipelineExecution, stageId: string, taskId: string): { stage: StageExecution; task: TaskExecution } | undefined {
  const stage = findStage(e, stageId);
  const task = stage === undefined ? undefined : taskById(stage, taskId);
  return stage && task ? { stage, task } : undefined;
}

/** The stage's task with this id (a loop: no closure for `find` on every message). */
function taskById(stage: StageExecution, id: string): TaskExecution | undefined {
  const tasks = stage.tasks;
  for (let i = 0; i < tasks.length; i++) if (tasks[i]!.id === id) return tasks[i];
  return undefined;
}

// The handlers a task run goes through await only what is a promise: in a turn, reads, commits
// and pushes answer at once, and an `await` of anything else would only cost a trip through the
// microtask queue (and the garbage of one) for each.

/** StartTask. */
export async function startTask(rt: Runtime, m: StartTask): Promise<void> {
  const loaded = rt.load(m.executionId);
  const session = loaded instanceof Promise ? await loaded : loaded;
  if (!session) return;
  const found = locate(session.execution, m.stageId, m.taskId);
  if (!found) return;
  if (found.task.status === "RUNNING") {
    await rt.config.queue.ensure(runTask(session.execution, found.stage, found.task));
    return;
  }
  if (found.task.status !== "NOT_STARTED") return;
  const s = session.mutableStage(m.stageId);
  const t = taskById(s, m.taskId)!;
  t.status = "RUNNING";
  t.startTime = rt.now();
  rt.evaluateStage(session, m.stageId);
  const committed = rt.commit(session);
  const written = committed instanceof Promise ? await committed : committed;
  const w = locate(written, m.stageId, m.taskId)!;
  const pushed = rt.push(runTask(written, w.stage, w.task));
  if (pushed !== undefined) await pushed;
}

/** Milliseconds the execution spent paused since `since` (the last pause only, as Orca). */
export function pausedMs(e: PipelineExecution, since: number | null): number {
  const p = e.paused;
  if (!p || p.pauseTime === null || since === null || p.pauseTime < since) return 0;
  const end = p.resumeTime ?? p.pauseTime;
  return Math.max(0, end - p.pauseTime);
}

function windowDuration(e: PipelineExecution, stage: StageExecution): number {
  const w = childrenOf(e, stage, "STAGE_BEFORE").find((s) => s.type === EXECUTION_WINDOW_STAGE && isComplete(s.status));
  return w && w.startTime !== null && w.endTime !== null ? w.endTime - w.startTime : 0;
}

function isRetryableTask(def: TaskDefinition<any>): boolean {
  return def.timeoutMs !== undefined || def.backoffMs !== undefined;
}

function backoff(rt: Runtime, def: TaskDefinition<any>, ctx: TaskContext, task: TaskExecution): number {
  if (!isRetryableTask(def)) return 1_000;
  const duration = task.startTime === null ? 0 : rt.now() - task.startTime;
  const dynamic = def.backoffMs?.(ctx, duration) ?? 1_000;
  const configured = ctx.stage.context["backoffPeriodMs"];
  return Math.max(0, dynamic, typeof configured === "number" ? configured : 0);
}

class TimeoutError extends Error {
  readonly code = "TIMEOUT";
}

/** Returns a TimeoutError when the stage or task ran out of time (paused time excluded). */
function checkTimeout(rt: Runtime, e: PipelineExecution, stage: StageExecution, task: TaskExecution, def: TaskDefinition<any>, ctx: TaskContext): TimeoutError | undefined {
  if (stage.type === EXECUTION_WINDOW_STAGE) return undefined;
  const now = rt.now();
  const owner = parentWithTimeout(e, stage);
  if (owner && owner.startTime !== null) {
    const limit = owner.context["stageTimeoutMs"] as number;
    const elapsed = now - owner.startTime - pausedMs(e, owner.startTime) - windowDuration(e, stage);
    if (elapsed > limit) return new TimeoutError(`Stage ${owner.name} timed out after ${elapsed} ms (stageTimeoutMs ${limit})`);
  }
  if (isRetryableTask(def) && task.startTime !== null) {
    const limit = def.overridableTimeout && owner ? (owner.context["stageTimeoutMs"] as number) : (def.timeoutMs?.(ctx) ?? Number.MAX_SAFE_INTEGER);
    const elapsed = now - task.startTime - pausedMs(e, task.startTime);
    if (elapsed > limit) return new TimeoutError(`Task ${task.name} of stage ${stage.name} timed out after ${elapsed} ms (timeout ${limit} ms)`);
  }
  return undefined;
}

/** Merge a task result into the stored stage: context shallow, outputs shallow (never `stageTimeoutMs`). */
function merge(stage: StageExecution, result: TaskResult | undefined): boolean {
  if (!result) return false;
  let changed = false;
  if (result.context && Object.keys(result.context).length > 0) {
    Object.assign(stage.context, structuredClone(result.context));
    changed = true;
  }
  if (result.outputs && Object.keys(result.outputs).length > 0) {
    const o = structuredClone(result.outputs);
    delete o["stageTimeoutMs"];
    Object.assign(stage.outputs, o);
    changed = true;
  }
  return changed;
}

/**
 * RunTask: the task's work, with cancel, pause, skip and timeout checks first. Not async: a task
 * that answers at once, in a turn, is run, recorded and routed without a promise (the other paths,
 * and a task that returns a promise, continue in async functions).
 */
export function runTaskHandler(rt: Runtime, m: RunTask): Promise<void> | undefined {
  const loaded = rt.load(m.executionId);
  if (loaded instanceof Promise) return loaded.then((session) => (session === undefined ? undefined : runLoaded(rt, m, session)));
  return loaded === undefined ? undefined : runLoaded(rt, m, loaded);
}

/** What RunTask needs to finish its task, whichever way it ends. */
interface TaskRun {
  readonly rt: Runtime;
  readonly m: RunTask;
  readonly session: ExecutionSession;
  readonly stage: StageExecution;
  readonly task: TaskExecution;
  /** Run by the StartStage that started it, in its session (see {@link runStartedTask}): nothing of it is committed yet. */
  readonly fused: boolean;
}

/** What {@link runStartedTask} answers when it did not run the task (StartStage then queues RunTask). */
export const NOT_RUN: unique symbol = Symbol("not run");

/**
 * In a turn: the task StartStage has just started (the first of its stage, RUNNING in `session`,
 * not committed) is run at once, in StartStage's session, as RunTask would run it — when nothing
 * would make RunTask do anything else (the execution RUNNING, not canceled, the stage not skipped,
 * no timeout) and the task answers without a promise. Its end is then recorded, and the stage
 * completed, in the same commit as the stage's start: one message, one copy of the stage and one
 * commit per stage instead of two of each. A task that returns a promise has the stage's start
 * committed first (a slow one is written as RUNNING while it works) and goes on as the turn's
 * RunTask. Returns {@link NOT_RUN} when it did not run the task.
 * @throws FusedRunFailed when recording the task's end failed (see there).
 */
export function runStartedTask(rt: Runtime, session: ExecutionSession, stageId: string): Promise<void> | undefined | typeof NOT_RUN {
  const turn = rt.turn;
  const e = session.execution;
  const stage = session.stage(stageId);
  const task = stage.tasks[0];
  if (turn === undefined || task === undefined || !turn.mayRunAtStart(stageId)) return NOT_RUN;
  const def = rt.config.tasks.get(task.implementingClass);
  if (def === undefined || e.status !== "RUNNING" || e.canceled || isManuallySkipped(e, stage)) return NOT_RUN;
  let ctx: TaskContext;
  try {
    ctx = rt.taskContext(e, stage, task);
    // (a task type's timeout hook may throw: RunTask's failure then, as without running it here)
    if (checkTimeout(rt, e, stage, task, def, ctx) !== undefined) return NOT_RUN;
  } catch {
    return NOT_RUN;
  }
  const run: TaskRun = { rt, m: runTask(e, stage, task), session, stage, task, fused: true };
  let returned: TaskResult | PromiseLike<TaskResult>;
  try {
    returned = def.execute(ctx);
  } catch (error) {
    return recordFused(run, () => taskThrew(run, def, ctx, undefined, error));
  }
  if (isThenable(returned)) {
    // the stage's start is committed now (in a turn, at once), so that a checkpoint writes it RUNNING
    void rt.commit(session);
    const pending = returned;
    return turn.continueAs(run.m, () => continueStarted(run, def, ctx, pending));
  }
  const result = returned;
  return recordFused(run, () => afterResult(run, def, ctx, result));
}

/**
 * The end of a task StartStage ran: recorded as RunTask would. When that fails, the turn handles
 * StartStage again without running the task (its start is committed and RunTask queued), so the
 * failure is RunTask's, with RunTask's retries, as without the fusion.
 */
function recordFused(run: TaskRun, record: () => Promise<void> | undefined): Promise<void> | undefined {
  let recorded: Promise<void> | undefined;
  try {
    recorded = record();
  } catch (error) {
    throw new FusedRunFailed(run.m.stageId, error);
  }
  return recorded === undefined ? undefined : recorded.catch((error: unknown) => {
    throw new FusedRunFailed(run.m.stageId, error);
  });
}

/**
 * Thrown when recording the end of a task its StartStage ran failed: the turn undoes the message
 * and handles it again without running the task at start.
 */
export class FusedRunFailed extends Error {
  constructor(
    readonly stageId: string,
    override readonly cause: unknown,
  ) {
    super(`recording the end of the task of stage ${stageId} failed: ${String(cause)}`);
  }
}

/** A task StartStage ran returned a promise (its start committed): go on as RunTask. */
async function continueStarted(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, returned: PromiseLike<TaskResult>): Promise<void> {
  const { rt, m } = run;
  const awaited = rt.awaitTask(returned);
  let result: TaskResult | undefined;
  let failure: { error: unknown } | undefined;
  try {
    result = isThenable(awaited) ? await awaited : awaited;
  } catch (error) {
    failure = { error };
  }
  // RunTask's own session, on the execution as it is now
  const session = await rt.load(m.executionId);
  if (!session) return;
  const found = locate(session.execution, m.stageId, m.taskId);
  if (!found) return;
  const next: TaskRun = { rt, m, session, stage: found.stage, task: found.task, fused: false };
  if (failure !== undefined) return taskThrew(next, def, ctx, undefined, failure.error);
  return afterResult(next, def, ctx, result!);
}

function runLoaded(rt: Runtime, m: RunTask, session: ExecutionSession): Promise<void> | undefined {
  const e = session.execution;
  const found = locate(e, m.stageId, m.taskId);
  if (!found) return undefined;
  const { stage, task } = found;
  if (task.status !== "RUNNING" || isComplete(stage.status)) return undefined;
  const run: TaskRun = { rt, m, session, stage, task, fused: false };
  const def = rt.config.tasks.get(task.implementingClass);
  if (!def) return unknownTaskType(run);
  const ctx = rt.taskContext(e, stage, task);
  if (e.canceled) return canceledBeforeRun(run, def, ctx);
  if (isComplete(e.status)) return finish(run, "CANCELED", "CANCELED");
  if (e.status === "PAUSED") return rt.push(taskMessage("PauseTask", e, stage, task));
  if (isManuallySkipped(e, stage)) return finish(run, "SKIPPED", "SKIPPED");
  const timeout = checkTimeout(rt, e, stage, task, def, ctx);
  if (timeout) return timedOut(run, def, ctx, timeout);
  let returned: TaskResult | PromiseLike<TaskResult>;
  try {
    returned = rt.awaitTask(def.execute(ctx));
  } catch (error) {
    return taskThrew(run, def, ctx, undefined, error);
  }
  if (isThenable(returned)) return awaitResult(run, def, ctx, returned);
  return afterResult(run, def, ctx, returned);
}

/** Record the task's end (and what its result or error says) and move on. */
function finish(run: TaskRun, status: ExecutionStatus, original: ExecutionStatus, result?: TaskResult, error?: unknown): Promise<void> | undefined {
  const { rt, session, stage, task } = run;
  const s = session.mutableStage(stage.id);
  merge(s, result);
  if (error !== undefined) {
    const details = exceptionDetails(error, task.name);
    s.context["exception"] = details;
    taskById(s, task.id)!.taskExceptionDetails = { exception: details };
  }
  // in a turn, the task's completion is recorded at once, as CompleteTask (the turn's next
  // message for this task) would record it: one read, copy and commit of the stage fewer
  if (rt.turn !== undefined) return recordCompletion(rt, session, completeTask(session.execution, s, task, status, original));
  return andThen(rt.commit(session), (written) => rt.push(completeTask(written, s, task, status, original)));
}

async function unknownTaskType({ rt, session, stage, task }: TaskRun): Promise<void> {
  const s = session.mutableStage(stage.id);
  const t = s.tasks.find((x) => x.id === task.id)!;
  t.taskExceptionDetails = { exception: exceptionDetails(new Error(`no task type ${JSON.stringify(task.implementingClass)} is registered`), task.name) };
  const written = await rt.commit(session);
  await rt.push(completeTask(written, s, t, failureStatus(s), "TERMINAL"));
}

async function canceledBeforeRun(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext): Promise<void> {
  let result: TaskResult | undefined;
  try {
    result = (await def.onCancel?.(ctx)) ?? undefined;
  } catch (error) {
    run.rt.config.logger.warn(`onCancel of task ${run.task.name} failed`, { error: String(error) });
  }
  await finish(run, "CANCELED", "CANCELED", result);
}

/** The stage or task ran out of time: the task type's `onTimeout` may end it otherwise. */
async function timedOut(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, timeout: TimeoutError): Promise<void> {
  let alt: TaskResult | undefined;
  try {
    alt = await def.onTimeout?.(ctx);
  } catch (error) {
    return taskThrew(run, def, ctx, timeout, error);
  }
  if (alt && (alt.status === "TERMINAL" || alt.status === "FAILED_CONTINUE")) return afterResult(run, def, ctx, alt);
  return taskThrew(run, def, ctx, timeout, timeout);
}

async function awaitResult(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, returned: PromiseLike<TaskResult>): Promise<void> {
  let result: TaskResult;
  try {
    result = await returned;
  } catch (error) {
    return taskThrew(run, def, ctx, undefined, error);
  }
  return afterResult(run, def, ctx, result);
}

/** The task (or its `onTimeout`) threw, or it timed out (`timeout`). */
async function taskThrew(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, timeout: TimeoutError | undefined, error: unknown): Promise<void> {
  const { rt, m, session, stage, task } = run;
  if (error instanceof RetryableTaskError && !timeout) {
    const s = session.mutableStage(stage.id);
    s.context["lastRetryableError"] = error.message;
    await rt.commit(session);
    await rt.push(m, backoff(rt, def, ctx, task));
    return;
  }
  if (error instanceof TimeoutError && stage.context["markSuccessfulOnTimeout"] === true) {
    await finish(run, "SUCCEEDED", "SUCCEEDED");
    return;
  }
  await finish(run, failureStatus(stage), "TERMINAL", undefined, error);
}

/** What the task's result says to do. */
function afterResult(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, result: TaskResult): Promise<void> | undefined {
  const { stage } = run;
  switch (result.status) {
    case "RUNNING":
      return stillRunning(run, def, ctx, result);
    case "TERMINAL":
      return finish(run, failureStatus(stage), "TERMINAL", result);
    case "CANCELED":
      return canceledByTask(run, def, ctx, result);
    case "SUCCEEDED":
    case "REDIRECT":
    case "SKIPPED":
    case "FAILED_CONTINUE":
    case "STOPPED":
      return finish(run, result.status, result.status, result);
    default:
      return finish(run, failureStatus(stage), "TERMINAL", undefined, new Error(`task ${run.task.name} returned unsupported status ${result.status}`));
  }
}

async function stillRunning(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, result: TaskResult): Promise<void> {
  const { rt, m, session, stage, task } = run;
  const s = session.mutableStage(stage.id);
  merge(s, result);
  // (run at its stage's start, the session holds the start too)
  if (result.context || result.outputs || run.fused) await rt.commit(session);
  await rt.push(m, backoff(rt, def, ctx, task));
}

async function canceledByTask(run: TaskRun, def: TaskDefinition<any>, ctx: TaskContext, result: TaskResult): Promise<void> {
  let extra: TaskResult | undefined;
  try {
    extra = (await def.onCancel?.(ctx)) ?? undefined;
  } catch {
    extra = undefined;
  }
  await finish(run, failureStatus(run.stage, "CANCELED"), "CANCELED", {
    status: "CANCELED",
    context: { ...(result.context ?? {}), ...(extra?.context ?? {}) },
    outputs: { ...(result.outputs ?? {}), ...(extra?.outputs ?? {}) },
  });
}

/**
 * Orca's "should complete stage", with the QUIRK fixed (spec preface decision 2): a task that
 * failed in a stage with `continuePipeline: true` stops the stage's remaining tasks.
 */
function shouldCompleteStage(task: TaskExecution, status: ExecutionStatus, original: ExecutionStatus | null): boolean {
  if (task.stageEnd) return true;
  if (original === "FAILED_CONTINUE") return false;
  return isHalt(status) || (status === "FAILED_CONTINUE" && original !== null);
}

function routeAfterTask(rt: Runtime, e: PipelineExecution, stage: StageExecution, task: TaskExecution, m: CompleteTask): Promise<void> | undefined {
  if (isManuallySkipped(e, stage)) return rt.push(stageMessage("SkipStage", e, topLevelOf(e, stage)));
  const next = nextTask(stage, task, m);
  if (next) return rt.push(taskMessage("StartTask", e, stage, next));
  return rt.push(stageMessage("CompleteStage", e, stage));
}

/** The task to start after `task` completed, or undefined when the stage is to complete. */
function nextTask(stage: StageExecution, task: TaskExecution, m: CompleteTask): TaskExecution | undefined {
  if (shouldCompleteStage(task, task.status, m.originalStatus)) return undefined;
  return stage.tasks[stage.tasks.indexOf(taskById(stage, task.id)!) + 1];
}

/** CompleteTask: record the status; REDIRECT restarts the loop; else the next task or the stage's completion. */
export async function completeTaskHandler(rt: Runtime, m: CompleteTask): Promise<void> {
  const loaded = rt.load(m.executionId);
  const session = loaded instanceof Promise ? await loaded : loaded;
  if (!session) return;
  const found = locate(session.execution, m.stageId, m.taskId);
  if (!found) return;
  if (found.task.status !== "RUNNING") {
    // redelivered after it was recorded: route again (idempotent)
    if (isComplete(found.task.status) && found.task.status === m.status) await routeAfterTask(rt, session.execution, found.stage, found.task, m);
    return;
  }
  const recorded = recordCompletion(rt, session, m);
  if (recorded !== undefined) await recorded;
}

/** CompleteTask's work once its task is found RUNNING: record the status, commit, route. */
function recordCompletion(rt: Runtime, session: ExecutionSession, m: CompleteTask): Promise<void> | undefined {
  const s = session.mutableStage(m.stageId);
  const t = taskById(s, m.taskId)!;
  const index = s.tasks.indexOf(t);
  t.status = m.status;
  t.endTime = rt.now();
  if (m.status === "REDIRECT") {
    let start = index;
    while (start > 0 && !s.tasks[start]!.loopStart) start--;
    let end = index;
    while (end < s.tasks.length - 1 && !s.tasks[end]!.loopEnd) end++;
    for (let i = start; i <= end; i++) {
      const lt = s.tasks[i]!;
      lt.status = "NOT_STARTED";
      lt.startTime = null;
      lt.endTime = null;
    }
    const startId = s.tasks[start]!.id;
    return andThen(rt.commit(session), (written) => {
      const w = locate(written, m.stageId, startId)!;
      return rt.push(taskMessage("StartTask", written, w.stage, w.task));
    });
  }
  rt.evaluateStage(session, m.stageId);
  if (rt.turn !== undefined) {
    // in a turn, a task that ends its stage completes the stage at once (CompleteStage would be
    // the turn's next message for it), when only the engine's own code runs for that
    const stage = session.stage(m.stageId);
    const task = taskById(stage, m.taskId)!;
    if (!isManuallySkipped(session.execution, stage) && nextTask(stage, task, m) === undefined && completesWithoutHooks(rt.definition(stage.type))) {
      return completeStageIn(rt, session, stage);
    }
  }
  return andThen(rt.commit(session), (written) => {
    const w = locate(written, m.stageId, m.taskId)!;
    return routeAfterTask(rt, written, w.stage, w.task, m);
  });
}

/** PauseTask: the task and its stage (and parents) become PAUSED. */
export async function pauseTask(rt: Runtime, m: PauseTask): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const found = locate(session.execution, m.stageId, m.taskId);
  if (!found || found.task.status !== "RUNNING") return;
  const s = session.mutableStage(m.stageId);
  s.tasks.find((t) => t.id === m.taskId)!.status = "PAUSED";
  const written = await rt.commit(session);
  await rt.push(stageMessage("PauseStage", written, s));
}

/** ResumeTask: RUNNING again and run now. */
export async function resumeTask(rt: Runtime, m: ResumeTask): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const found = locate(session.execution, m.stageId, m.taskId);
  if (!found || found.task.status !== "PAUSED") return;
  const s = session.mutableStage(m.stageId);
  const t = s.tasks.find((x) => x.id === m.taskId)!;
  t.status = "RUNNING";
  const written = await rt.commit(session);
  const w = locate(written, m.stageId, m.taskId)!;
  await rt.push(runTask(written, w.stage, w.task));
}

void parentOf;
