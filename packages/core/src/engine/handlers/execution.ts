/**
 * Execution-level handlers: StartExecution, CompleteExecution, CancelExecution,
 * RescheduleExecution, ResumeExecution and StartWaitingExecutions (spec sections 3.3 and 5).
 * @module
 */
import { isComplete, isUpstreamComplete, type ExecutionStatus } from "../../execution/status.js";
import type { PipelineExecution, StageExecution } from "../../execution/types.js";
import type {
  CancelExecution,
  CompleteExecution,
  Message,
  RescheduleExecution,
  ResumeExecution,
  StartExecution,
  StartWaitingExecutions,
} from "../../queue/messages.js";
import { upstreamOf, topLevelStages } from "../graph.js";
import { completeExecution, executionMessage, runTask, stageMessage } from "../message-builders.js";
import { mayHaveDependents, startDependentPipelines } from "../dependent-pipelines.js";
import type { Runtime } from "../runtime.js";

/** Orca's `shouldQueue`: does a concurrency limit hold this execution back (spec section 5)? */
export async function shouldQueue(rt: Runtime, e: PipelineExecution): Promise<boolean> {
  if (!isLimited(e)) return false;
  const running = (await rt.repository.list({ pipelineConfigId: e.pipelineConfigId!, statuses: ["RUNNING", "PAUSED"] })).filter(
    (x) => x.id !== e.id && x.status === "RUNNING",
  );
  if (e.limitConcurrent) return running.length > 0;
  return running.length >= e.maxConcurrentExecutions;
}

/** Whether a concurrency limit applies to the execution at all (spec section 5). */
function isLimited(e: PipelineExecution): boolean {
  return e.pipelineConfigId !== null && (e.limitConcurrent || e.maxConcurrentExecutions > 0);
}

function initialStages(e: PipelineExecution): StageExecution[] {
  return e.stages.filter((s) => s.parentStageId === null && s.requisiteStageRefIds.length === 0);
}

/** StartExecution. */
export async function startExecution(rt: Runtime, m: StartExecution): Promise<void> {
  // (awaits only what is a promise: see task.ts)
  const loaded = rt.load(m.executionId);
  const session = loaded instanceof Promise ? await loaded : loaded;
  if (!session) return;
  const e = session.execution;
  if (e.status === "NOT_STARTED" && !e.canceled) {
    if (isLimited(e) && (await shouldQueue(rt, e))) {
      await rt.repository.pushPending(e.pipelineConfigId!, m);
      return;
    }
    if (e.startTimeExpiry !== null && rt.now() > e.startTimeExpiry) {
      await rt.push({ ...executionMessage("StartExecution", e), kind: "CancelExecution", user: "spinnaker", reason: "Could not begin execution before start time expiry" } as Message);
      return;
    }
    const initial = initialStages(e);
    if (initial.length === 0) {
      session.setExecution({ status: "TERMINAL", endTime: rt.now() });
      await rt.commit(session);
      return;
    }
    session.setExecution({ status: "RUNNING", startTime: rt.now(), canceled: false });
    const committed = rt.commit(session);
    const written = committed instanceof Promise ? await committed : committed;
    const pushed = rt.pushAll(initial.map((s) => stageMessage("StartStage", written, s)));
    if (pushed !== undefined) await pushed;
    return;
  }
  if (e.status === "CANCELED" || e.canceled) {
    if (e.pipelineConfigId !== null && isComplete(e.status)) {
      await rt.push({ kind: "StartWaitingExecutions", pipelineConfigId: e.pipelineConfigId, purgeQueue: !e.keepWaitingPipelines });
    }
    return;
  }
  if (e.status === "RUNNING") {
    // redelivered after the write: make sure the first stages were asked to start (idempotent)
    for (const s of initialStages(e)) if (s.status === "NOT_STARTED") await rt.push(stageMessage("StartStage", e, s));
  }
}

/** Orca's `determineFinalStatus` over top-level stages; undefined while branches are still running. */
export function determineFinalStatus(e: PipelineExecution): ExecutionStatus | undefined {
  const top = topLevelStages(e);
  const statuses = top.map((s) => s.status);
  if (statuses.every((s) => s === "SUCCEEDED" || s === "SKIPPED" || s === "FAILED_CONTINUE")) return "SUCCEEDED";
  if (statuses.includes("TERMINAL")) return "TERMINAL";
  if (statuses.includes("CANCELED")) return "CANCELED";
  if (statuses.includes("STOPPED")) {
    const otherBranchIncomplete = top.some(
      (s) =>
        s.status === "RUNNING" ||
        s.status === "PAUSED" ||
        (s.status === "NOT_STARTED" && upstreamOf(e, s).every((u) => isUpstreamComplete(u.status))),
    );
    if (otherBranchIncomplete) return undefined;
    return top.some((s) => s.status === "STOPPED" && s.context["completeOtherBranchesThenFail"] === true) ? "TERMINAL" : "SUCCEEDED";
  }
  if (e.canceled && !top.some((s) => s.status === "RUNNING" || s.status === "PAUSED")) return "CANCELED";
  return undefined;
}

/** CompleteExecution: decided at once by whichever message finishes the last branch (no polling). */
export async function completeExecutionHandler(rt: Runtime, m: CompleteExecution): Promise<void> {
  // (awaits only what is a promise: see task.ts)
  const loaded = rt.load(m.executionId);
  const session = loaded instanceof Promise ? await loaded : loaded;
  if (!session) return;
  let e = session.execution;
  if (!isComplete(e.status)) {
    const status = determineFinalStatus(e);
    if (status === undefined) return;
    session.setExecution({ status, endTime: rt.now() });
    const committed = rt.commit(session);
    e = committed instanceof Promise ? await committed : committed;
    const completed = e;
    // once the completion is stored (in a turn: after the turn's write, so a retried turn starts nothing twice)
    if (mayHaveDependents(rt, completed)) {
      const after = rt.afterWrite(async (now) => {
        try {
          await startDependentPipelines(now, completed);
        } catch (error) {
          rt.config.logger.error(`starting pipelines that follow ${completed.id} failed`, { error: String(error) });
        }
      });
      if (after !== undefined) await after;
    }
  }
  // on first completion and on redelivery alike (both idempotent)
  if (e.status !== "SUCCEEDED") {
    for (const s of topLevelStages(e)) if (s.status === "RUNNING") await rt.push(stageMessage("CancelStage", e, s));
  }
  if (e.pipelineConfigId !== null) {
    const pushed = rt.push({ kind: "StartWaitingExecutions", pipelineConfigId: e.pipelineConfigId, purgeQueue: !e.keepWaitingPipelines });
    if (pushed !== undefined) await pushed;
  }
}

/** CancelExecution. */
export async function cancelExecution(rt: Runtime, m: CancelExecution): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const before = session.execution;
  if (isComplete(before.status)) return;
  const patch: Partial<PipelineExecution> = { canceled: true };
  if (m.user) patch.canceledBy = m.user;
  if (m.reason) patch.cancellationReason = m.reason;
  if (before.status === "NOT_STARTED") {
    patch.status = "CANCELED";
    patch.endTime = rt.now();
  }
  session.setExecution(patch);
  const e = await rt.commit(session);
  for (const s of e.stages) if (s.status === "PAUSED") await rt.push(stageMessage("ResumeStage", e, s));
  await rt.push(executionMessage("RescheduleExecution", e));
  if (e.status === "CANCELED" && e.pipelineConfigId !== null) {
    await rt.push({ kind: "StartWaitingExecutions", pipelineConfigId: e.pipelineConfigId, purgeQueue: !e.keepWaitingPipelines });
  }
  if (e.status === "RUNNING" || e.status === "PAUSED") {
    // nothing running at all (e.g. between stages): let the roll-up decide now
    const anyRunningTask = e.stages.some((s) => s.tasks.some((t) => t.status === "RUNNING" || t.status === "PAUSED"));
    if (!anyRunningTask) await rt.push(completeExecution(e));
  }
}

/** RescheduleExecution: every running task runs again now. */
export async function rescheduleExecution(rt: Runtime, m: RescheduleExecution): Promise<void> {
  const e = await rt.repository.retrieve(m.executionId);
  if (!e) return;
  for (const s of e.stages) {
    if (s.status !== "RUNNING") continue;
    for (const t of s.tasks) {
      if (t.status !== "RUNNING") continue;
      const msg = runTask(e, s, t);
      await rt.config.queue.ensure(msg);
      await rt.config.queue.reschedule(msg, 0);
    }
  }
}

/** ResumeExecution: resume every paused stage. */
export async function resumeExecution(rt: Runtime, m: ResumeExecution): Promise<void> {
  const e = await rt.repository.retrieve(m.executionId);
  if (!e) return;
  for (const s of e.stages) if (s.status === "PAUSED") await rt.push(stageMessage("ResumeStage", e, s));
}

/**
 * StartWaitingExecutions: once a slot is free, start the newest waiting execution and cancel the
 * older ones (`purgeQueue`), or start the oldest (`keepWaitingPipelines`). Nothing is popped while
 * the config is still at its limit, so a duplicated message cannot reorder the waiting list.
 */
export async function startWaitingExecutions(rt: Runtime, m: StartWaitingExecutions): Promise<void> {
  const waiting = await rt.repository.pending(m.pipelineConfigId);
  if (waiting.length === 0) return;
  const recent = await rt.repository.list({ pipelineConfigId: m.pipelineConfigId, limit: 1 });
  const latest = recent[0];
  if (latest) {
    const running = (await rt.repository.list({ pipelineConfigId: m.pipelineConfigId, statuses: ["RUNNING"] })).length;
    const limit = latest.limitConcurrent ? 1 : latest.maxConcurrentExecutions > 0 ? latest.maxConcurrentExecutions : Infinity;
    if (running >= limit) return;
  }
  if (m.purgeQueue) {
    const newest = await rt.repository.popPending(m.pipelineConfigId, "newest");
    const others = await rt.repository.purgePending(m.pipelineConfigId);
    for (const o of others) {
      if (o.kind === "StartExecution") {
        await rt.push({
          kind: "CancelExecution",
          executionType: o.executionType,
          executionId: o.executionId,
          application: o.application,
          user: "spinnaker",
          reason:
            "This execution was queued but then canceled because a newer queued execution superceded it. This pipeline is configured to automatically cancel waiting executions.",
        });
      }
    }
    if (newest) await rt.push(newest);
  } else {
    const oldest = await rt.repository.popPending(m.pipelineConfigId, "oldest");
    if (oldest) await rt.push(oldest);
  }
}
