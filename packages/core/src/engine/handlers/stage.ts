/**
 * Stage-level handlers: StartStage, ContinueParentStage, CompleteStage, SkipStage, AbortStage,
 * CancelStage, PauseStage and ResumeStage (spec section 3.3).
 * @module
 */
import { evaluateStageEnabled } from "@gennaker/expressions";
import { isComplete, isHalt, type ExecutionStatus } from "../../execution/status.js";
import type { PipelineExecution, StageExecution } from "../../execution/types.js";
import type { Message } from "../../queue/messages.js";
import type {
  AbortStage,
  CancelStage,
  CompleteStage,
  ContinueParentStage,
  PauseStage,
  ResumeStage,
  SkipStage,
  StartStage,
} from "../../queue/messages.js";
import {
  allUpstreamComplete,
  anyUpstreamFailed,
  childrenOf,
  descendantsOf,
  failureStatus,
  findStage,
  parentOf,
} from "../graph.js";
import { completeExecution, runTask, stageMessage, taskMessage } from "../message-builders.js";
import { buildTasks, planBeforeStages, planSynthetic } from "../planning.js";
import { andThen, type Runtime } from "../runtime.js";
import type { StageDefinition } from "../../spi/stage-definition.js";
import type { ExecutionSession } from "../session.js";
import { startNext } from "./start-next.js";
import { FusedRunFailed, NOT_RUN, runStartedTask } from "./task.js";
import { exceptionDetails } from "./task-errors.js";

function firstChildren(e: PipelineExecution, stage: StageExecution, owner: "STAGE_BEFORE" | "STAGE_AFTER"): StageExecution[] {
  const children = childrenOf(e, stage, owner);
  return children.length === 0 ? children : children.filter((s) => s.requisiteStageRefIds.length === 0);
}

/** Orca's `shouldSkip`: a `stageEnabled` expression that does not evaluate to true (pipelines only). */
function shouldSkip(rt: Runtime, e: PipelineExecution, stage: StageExecution): boolean {
  if (e.type !== "pipeline") return false;
  const se = stage.context["stageEnabled"];
  if (se === null || typeof se !== "object") return false;
  const { type, expression: raw } = se as Record<string, unknown>;
  // a `${...}` expression may already have been evaluated at launch (to a boolean, say): Orca maps
  // the value to a string before wrapping it again, so `"${false}"` still skips the stage
  const expression = typeof raw === "boolean" || typeof raw === "number" ? String(raw) : raw;
  if (typeof type !== "string" || type.toLowerCase() !== "expression" || typeof expression !== "string" || expression.trim() === "") return false;
  try {
    return evaluateStageEnabled(expression, stage as never, e as never, rt.config.evaluator).decision === "skip";
  } catch (error) {
    rt.config.logger.warn(`stageEnabled of stage ${stage.refId} failed; skipping the stage`, { error: String(error) });
    return true;
  }
}

/** What a started stage runs first: before-stages, else its first task, else completion. */
function kickOff(rt: Runtime, e: PipelineExecution, stage: StageExecution): Promise<void> | undefined {
  const before = firstChildren(e, stage, "STAGE_BEFORE");
  if (before.length > 0) {
    const starts: Message[] = [];
    for (const b of before) if (b.status === "NOT_STARTED") starts.push(stageMessage("StartStage", e, b));
    return rt.pushAll(starts);
  }
  const first = stage.tasks[0];
  if (first) return first.status === "NOT_STARTED" ? rt.push(taskMessage("StartTask", e, stage, first)) : undefined;
  return rt.push(stageMessage("CompleteStage", e, stage));
}

/**
 * StartStage. Joins need no polling: the last upstream to finish sends the StartStage that starts
 * them. (Not async: in a turn it finishes without a promise, as the other hot handlers do; see
 * task.ts.)
 */
export function startStage(rt: Runtime, m: StartStage): Promise<void> | undefined {
  const loaded = rt.load(m.executionId);
  if (loaded instanceof Promise) return loaded.then((session) => (session === undefined ? undefined : startLoaded(rt, m, session)));
  return loaded === undefined ? undefined : startLoaded(rt, m, loaded);
}

function startLoaded(rt: Runtime, m: StartStage, session: ExecutionSession): Promise<void> | undefined {
  const e = session.execution;
  const stage = findStage(e, m.stageId);
  if (!stage) return undefined;
  if (stage.requisiteStageRefIds.length > 0) {
    if (anyUpstreamFailed(e, stage)) return rt.push(completeExecution(e));
    if (!allUpstreamComplete(e, stage)) return undefined;
  }
  if (stage.status !== "NOT_STARTED") return stage.status === "RUNNING" ? kickOff(rt, e, stage) : undefined;
  if (e.canceled || isComplete(e.status)) return rt.push(completeExecution(e));
  if (shouldSkip(rt, e, stage) || (stage.startTimeExpiry !== null && rt.now() > stage.startTimeExpiry)) {
    return rt.push(stageMessage("SkipStage", e, stage));
  }
  let started: Promise<void> | undefined;
  try {
    started = startNotStarted(rt, session, stage.id);
  } catch (error) {
    return startFailed(rt, m, stage.id, error);
  }
  return started === undefined ? undefined : started.catch((error: unknown) => startFailed(rt, m, stage.id, error));
}

/** StartStage's work on a NOT_STARTED stage: plan it, start it, commit, and start what it runs first. */
function startNotStarted(rt: Runtime, session: ExecutionSession, stageId: string): Promise<void> | undefined {
  const s = session.mutableStage(stageId);
  s.startTime = rt.now();
  rt.evaluateStage(session, stageId);
  const def = rt.definition(s.type);
  if (def?.canManuallySkip?.(s)) s.context["canManuallySkip"] = true;
  s.tasks = buildTasks(rt, s, session);
  const planned = planBeforeStages(rt, session, stageId);
  s.status = "RUNNING";
  // In a turn, a stage without before-stages starts its first task itself, as StartTask would
  // (RUNNING, its start time, the stage's expressions evaluated again): StartTask would be handled
  // in this turn anyway, and this saves it a read, a copy of the stage and a commit.
  const first = rt.turn !== undefined && planned.length === 0 ? s.tasks[0] : undefined;
  const startsTask = first !== undefined && first.status === "NOT_STARTED" && childrenOf(session.execution, s, "STAGE_BEFORE").length === 0;
  if (startsTask) {
    first.status = "RUNNING";
    first.startTime = rt.now();
    rt.evaluateStage(session, stageId);
    // and runs it, as RunTask would, when it can (see runStartedTask)
    const ran = runStartedTask(rt, session, stageId);
    if (ran !== NOT_RUN) return ran;
  }
  const committed = rt.commit(session);
  if (committed instanceof Promise) return committed.then((written) => afterStart(rt, written, stageId, startsTask));
  return afterStart(rt, committed, stageId, startsTask);
}

function afterStart(rt: Runtime, written: PipelineExecution, stageId: string, startsTask: boolean): Promise<void> | undefined {
  const started = findStage(written, stageId)!;
  return startsTask ? rt.push(runTask(written, started, started.tasks[0]!)) : kickOff(rt, written, started);
}

/** Planning or starting the stage threw: record it on the stage (if still NOT_STARTED) and complete it. */
async function startFailed(rt: Runtime, m: StartStage, stageId: string, error: unknown): Promise<void> {
  if (isConflict(error) || error instanceof FusedRunFailed) throw error;
  const fresh = await rt.load(m.executionId);
  if (!fresh) return;
  const s = fresh.mutableStage(stageId);
  if (s.status !== "NOT_STARTED") return;
  s.context["exception"] = exceptionDetails(error, "startStage");
  s.context["beforeStagePlanningFailed"] = true;
  const written = await rt.commit(fresh);
  await rt.push(stageMessage("CompleteStage", written, s));
}

function isConflict(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === "VERSION_CONFLICT";
}

/** ContinueParentStage: all before-stages done ⇒ the parent's tasks; all after-stages done ⇒ complete the parent. */
export async function continueParentStage(rt: Runtime, m: ContinueParentStage): Promise<void> {
  const e = await rt.repository.retrieve(m.executionId);
  if (!e) return;
  const parent = findStage(e, m.stageId);
  if (!parent) return;
  const children = childrenOf(e, parent, m.phase);
  if (m.phase === "STAGE_BEFORE") {
    if (children.every((c) => c.status === "SUCCEEDED" || c.status === "FAILED_CONTINUE" || c.status === "SKIPPED")) {
      const first = parent.tasks[0];
      if (first) {
        if (first.status === "NOT_STARTED") await rt.push(taskMessage("StartTask", e, parent, first));
      } else {
        await rt.push(stageMessage("CompleteStage", e, parent));
      }
    }
    return;
  }
  if (children.every((c) => isComplete(c.status))) await rt.push(stageMessage("CompleteStage", e, parent));
}

/** Orca's `determineStatus` (spec section 2.1). */
export function determineStatus(e: PipelineExecution, stage: StageExecution): ExecutionStatus {
  // one pass over the synthetic children's and the tasks' statuses (no list of them)
  const seen = new StatusSeen();
  for (const s of childrenOf(e, stage)) seen.add(s.status);
  for (const t of stage.tasks) seen.add(t.status);
  if (stage.context["beforeStagePlanningFailed"] === true) seen.add(failureStatus(stage));
  let status: ExecutionStatus;
  if (!seen.any) status = "NOT_STARTED";
  else if (seen.terminal) status = failureStatus(stage);
  else if (seen.stopped) status = "STOPPED";
  else if (seen.canceled) status = "CANCELED";
  else if (seen.failedContinue) status = "FAILED_CONTINUE";
  else if (seen.onlySucceededOrSkipped) status = "SUCCEEDED";
  else if (childrenOf(e, stage, "STAGE_AFTER").some((s) => s.status === "NOT_STARTED")) status = "RUNNING";
  else status = "TERMINAL";
  if (stage.context["failOnFailedExpressions"] === true && hasSummary(stage.context)) status = "TERMINAL";
  return status;
}

/** Which statuses a roll-up saw. */
class StatusSeen {
  any = false;
  terminal = false;
  stopped = false;
  canceled = false;
  failedContinue = false;
  onlySucceededOrSkipped = true;
  add(status: ExecutionStatus): void {
    this.any = true;
    if (status === "TERMINAL") this.terminal = true;
    else if (status === "STOPPED") this.stopped = true;
    else if (status === "CANCELED") this.canceled = true;
    else if (status === "FAILED_CONTINUE") this.failedContinue = true;
    if (status !== "SUCCEEDED" && status !== "SKIPPED") this.onlySucceededOrSkipped = false;
  }
}

function hasSummary(context: Record<string, unknown>): boolean {
  const s = context["expressionEvaluationSummary"];
  return s !== null && typeof s === "object" && Object.keys(s).length > 0;
}

function taskErrors(stage: StageExecution): string[] {
  const out: string[] = [];
  for (const t of stage.tasks) {
    const ex = t.taskExceptionDetails["exception"] as { details?: { errors?: unknown } } | undefined;
    const errs = ex?.details?.errors;
    if (Array.isArray(errs)) for (const x of errs) if (typeof x === "string") out.push(x);
  }
  return out;
}

function summaryErrors(context: Record<string, unknown>): string[] {
  const out: string[] = [];
  const s = context["expressionEvaluationSummary"];
  if (s && typeof s === "object") {
    for (const list of Object.values(s)) {
      if (Array.isArray(list)) for (const r of list) if (r && typeof r.description === "string") out.push(r.description);
    }
  }
  return out;
}

/** After a stage completed (now or earlier): route to what comes next. Idempotent. */
function routeCompleted(rt: Runtime, e: PipelineExecution, stage: StageExecution): Promise<void> | undefined {
  const status = stage.status;
  if (status === "FAILED_CONTINUE" && stage.syntheticStageOwner !== null && stage.context["allowSiblingStagesToContinueOnFailure"] !== true) {
    const parent = parentOf(e, stage);
    return parent ? rt.push(stageMessage("CompleteStage", e, parent)) : undefined;
  }
  if (status === "SUCCEEDED" || status === "FAILED_CONTINUE" || status === "SKIPPED") return startNext(rt, e, stage);
  const parent = parentOf(e, stage);
  return rt.pushAll([stageMessage("CancelStage", e, stage), parent ? stageMessage("CompleteStage", e, parent) : completeExecution(e)]);
}

/** CompleteStage: roll up, plan after / on-failure stages, record, route. */
export async function completeStage(rt: Runtime, m: CompleteStage): Promise<void> {
  // (awaits only what is a promise: see task.ts)
  const loaded = rt.load(m.executionId);
  const session = loaded instanceof Promise ? await loaded : loaded;
  if (!session) return;
  const e = session.execution;
  const current = findStage(e, m.stageId);
  if (!current) return;
  if (current.status !== "RUNNING" && current.status !== "NOT_STARTED") {
    if (isComplete(current.status)) await routeCompleted(rt, e, current);
    return;
  }
  // a stale message must not complete a stage that never ran in a finished execution (no resurrection)
  if (current.status === "NOT_STARTED" && isComplete(e.status)) return;
  const completed = completeStageIn(rt, session, current);
  if (completed !== undefined) await completed;
}

/**
 * Whether {@link completeStageIn} runs only the engine's own code for a stage of this type (no
 * after- or on-failure-stage hook of the stage type, which may throw).
 */
export function completesWithoutHooks(def: StageDefinition | undefined): boolean {
  return def === undefined || (def.afterStages === undefined && def.onFailureStages === undefined);
}

/**
 * CompleteStage's work on a RUNNING or NOT_STARTED stage of the session: roll up, plan after /
 * on-failure stages, record, route. Returns a promise only when it had to wait.
 */
export function completeStageIn(rt: Runtime, session: ExecutionSession, current: StageExecution): Promise<void> | undefined {
  const e = session.execution;
  let status = determineStatus(e, current);
  const def = rt.definition(current.type);
  if (status === "RUNNING" || status === "NOT_STARTED" || (isComplete(status) && !isHalt(status))) {
    if (def?.afterStages && childrenOf(e, current, "STAGE_AFTER").length === 0) {
      const env = rt.stageEnv(e);
      try {
        planSynthetic(rt, session, current.id, "STAGE_AFTER", (graph) => def.afterStages!(session.stage(current.id), graph, env));
      } catch (error) {
        const s = session.mutableStage(current.id);
        s.context["exception"] = exceptionDetails(error, "planAfterStages");
        status = "TERMINAL";
      }
    }
    if (status !== "TERMINAL") {
      const pending = firstChildren(session.execution, session.stage(current.id), "STAGE_AFTER").filter((s) => s.status === "NOT_STARTED");
      if (pending.length > 0) {
        if (current.status === "NOT_STARTED") session.mutableStage(current.id).status = "RUNNING";
        return andThen(rt.commit(session), (written) => rt.pushAll(pending.map((p) => stageMessage("StartStage", written, p))));
      }
      if (status === "NOT_STARTED") status = "SKIPPED";
      if (status === "RUNNING") return andThen(rt.commit(session), () => undefined);
    }
  } else if (def?.onFailureStages) {
    const env = rt.stageEnv(e);
    const stage = session.stage(current.id);
    const completedAfterNames = new Set(
      childrenOf(session.execution, stage, "STAGE_AFTER").filter((s) => isComplete(s.status)).map((s) => s.name),
    );
    let planned: StageExecution[] = [];
    const specs: { type: string; name?: string; context?: Record<string, unknown> }[] = [];
    def.onFailureStages(stage, { add: (s) => (specs.push(s), { id: "", refId: "" }), append: (s) => (specs.push(s), { id: "", refId: "" }), connect: () => {} }, env);
    if (specs.length > 0 && !specs.some((s) => completedAfterNames.has(s.name ?? s.type))) {
      for (const c of childrenOf(session.execution, stage)) if (c.status === "NOT_STARTED") session.removeStage(c.id);
      planned = planSynthetic(rt, session, current.id, "STAGE_AFTER", (graph) => {
        for (const spec of specs) graph.append(spec);
      });
    }
    if (planned.length > 0) {
      const first = planned[0]!;
      return andThen(rt.commit(session), (written) => rt.push(stageMessage("StartStage", written, first)));
    }
  }
  const s = session.mutableStage(current.id);
  s.status = status;
  s.endTime = rt.now();
  if (status === "FAILED_CONTINUE") {
    const errors = taskErrors(s);
    if (errors.length > 0) s.context["exception"] = mergeErrors(s.context["exception"], errors);
  }
  const exprErrors = summaryErrors(s.context);
  if (exprErrors.length > 0) s.context["exception"] = mergeErrors(s.context["exception"], exprErrors, "Failed Expression Evaluation");
  return andThen(rt.commit(session), (written) => routeCompleted(rt, written, findStage(written, current.id)!));
}

function mergeErrors(existing: unknown, errors: string[], title = "Unexpected Task Failure"): Record<string, unknown> {
  const ex = (existing && typeof existing === "object" ? { ...(existing as Record<string, unknown>) } : {}) as Record<string, unknown>;
  const details = (ex["details"] && typeof ex["details"] === "object" ? { ...(ex["details"] as Record<string, unknown>) } : { error: title }) as Record<
    string,
    unknown
  >;
  const prior = Array.isArray(details["errors"]) ? (details["errors"] as unknown[]) : [];
  details["errors"] = [...prior, ...errors.filter((x) => !prior.includes(x))];
  ex["details"] = details;
  return ex;
}

/** SkipStage: SKIPPED (with unfinished synthetic children when skipped manually), then downstream. */
export async function skipStage(rt: Runtime, m: SkipStage): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const e = session.execution;
  const stage = findStage(e, m.stageId);
  if (!stage) return;
  const manual = stage.context["manualSkip"] === true;
  if (stage.status === "NOT_STARTED" && isComplete(e.status)) return; // stale: the execution is over
  if (stage.status === "RUNNING" || stage.status === "NOT_STARTED" || manual) {
    if (isComplete(stage.status) && stage.status !== "SKIPPED" && !manual) return;
    if (stage.status === "SKIPPED") {
      await startNext(rt, e, stage);
      return;
    }
    const now = rt.now();
    if (manual) {
      for (const d of descendantsOf(e, stage)) {
        if (d.status === "SUCCEEDED" || d.status === "TERMINAL" || d.status === "FAILED_CONTINUE") continue;
        const md = session.mutableStage(d.id);
        md.status = "SKIPPED";
        md.endTime = now;
      }
    }
    const s = session.mutableStage(stage.id);
    for (const t of s.tasks) {
      if (t.status === "RUNNING" || t.status === "PAUSED") {
        t.status = "SKIPPED";
        t.endTime = now;
      }
    }
    s.status = "SKIPPED";
    s.endTime = now;
    const written = await rt.commit(session);
    await startNext(rt, written, findStage(written, stage.id)!);
  }
}

/** AbortStage (dead-letter path): TERMINAL at once. */
export async function abortStage(rt: Runtime, m: AbortStage): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const stage = findStage(session.execution, m.stageId);
  if (!stage || (stage.status !== "RUNNING" && stage.status !== "NOT_STARTED")) return;
  if (stage.status === "NOT_STARTED" && isComplete(session.execution.status)) return; // stale: the execution is over
  const s = session.mutableStage(stage.id);
  s.status = "TERMINAL";
  s.endTime = rt.now();
  s.context["exception"] = { details: { error: "Stage aborted", errors: ["a message of this stage could not be processed and was dead-lettered"] } };
  const written = await rt.commit(session);
  await routeCompleted(rt, written, findStage(written, stage.id)!);
}

/** CancelStage: wake the stage's running tasks, and run the stage type's cancel hook once it has halted. */
export async function cancelStage(rt: Runtime, m: CancelStage): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const e = session.execution;
  const stage = findStage(e, m.stageId);
  if (!stage) return;
  if (stage.status === "RUNNING") {
    for (const s of [stage, ...descendantsOf(e, stage)]) {
      for (const t of s.tasks) if (t.status === "RUNNING") await rt.config.queue.reschedule(runTask(e, s, t), 0);
    }
    return;
  }
  if (!isHalt(stage.status)) return;
  const def = rt.definition(stage.type);
  if (!def?.cancel || stage.context["cancelHookDone"] === true) return;
  let result: Awaited<ReturnType<NonNullable<typeof def.cancel>>>;
  try {
    result = await def.cancel(stage, rt.stageEnv(e));
  } catch (error) {
    result = { status: stage.status, context: { cancelException: exceptionDetails(error, "cancel") } };
  }
  const s = session.mutableStage(stage.id);
  s.context["cancelHookDone"] = true;
  if (result && typeof result === "object") {
    Object.assign(s.context, result.context ?? {});
    Object.assign(s.outputs, withoutTimeout(result.outputs ?? {}));
  }
  await rt.commit(session);
}

function withoutTimeout(o: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(o, "stageTimeoutMs")) return o;
  const c = { ...o };
  delete c["stageTimeoutMs"];
  return c;
}

/** PauseStage: PAUSED, and the parents up to the top-level stage. */
export async function pauseStage(rt: Runtime, m: PauseStage): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const e = session.execution;
  for (let s = findStage(e, m.stageId); s; s = parentOf(e, s)) {
    if (s.status === "RUNNING") session.mutableStage(s.id).status = "PAUSED";
  }
  await rt.commit(session);
}

/** ResumeStage: RUNNING again, and each paused task resumes. */
export async function resumeStage(rt: Runtime, m: ResumeStage): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const e = session.execution;
  const stage = findStage(e, m.stageId);
  if (!stage || stage.status !== "PAUSED") return;
  session.mutableStage(stage.id).status = "RUNNING";
  const written = await rt.commit(session);
  const s = findStage(written, stage.id)!;
  for (const t of s.tasks) if (t.status === "PAUSED") await rt.push(taskMessage("ResumeTask", written, s, t));
}

/** Shared by the restart handler: reset a stage (in the session) so it can run again. */
export function resetStage(rt: Runtime, session: ExecutionSession, stageId: string): void {
  const e = session.execution;
  const stage = session.stage(stageId);
  for (const d of descendantsOf(e, stage)) session.removeStage(d.id);
  const s = session.mutableStage(stageId);
  s.status = "NOT_STARTED";
  s.startTime = null;
  s.endTime = null;
  s.tasks = [];
  s.scheduledTime = null;
  delete s.context["beforeStagePlanningFailed"];
  delete s.context["cancelHookDone"];
  delete s.context["expressionEvaluationSummary"];
  rt.definition(s.type)?.prepareForRestart?.(s);
}
