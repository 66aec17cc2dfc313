/**
 * RestartStage (spec section 3.3): reset a top-level stage and every completed stage downstream
 * of it, and run it again — or queue the restart behind a running execution of the same pipeline.
 * A restart requested while another restart of the execution is queued is never lost (QUIRK
 * fixed): its stage is reset at once, and whichever restart then runs the execution starts every
 * top-level stage that is ready (NOT_STARTED, all upstream complete), and drops the other waiting
 * restarts of that execution (they are satisfied by it, and must not re-run a stage later).
 * @module
 */
import type { PipelineExecution } from "../../execution/types.js";
import { isComplete } from "../../execution/status.js";
import type { Message, RestartStage } from "../../queue/messages.js";
import { allDownstreamOf, allUpstreamComplete, anyUpstreamFailed, topLevelOf, topLevelStages } from "../graph.js";
import { stageMessage } from "../message-builders.js";
import type { Runtime } from "../runtime.js";
import { shouldQueue } from "./execution.js";
import { resetStage } from "./stage.js";

/** RestartStage. */
export async function restartStage(rt: Runtime, m: RestartStage): Promise<void> {
  const session = await rt.load(m.executionId);
  if (!session) return;
  const e = session.execution;
  const requested = e.stages.find((s) => s.id === m.stageId);
  if (!requested) return;
  const top = topLevelOf(e, requested);
  if (!(isComplete(top.status) || top.status === "NOT_STARTED")) return;
  if (isComplete(top.status)) {
    const s = session.mutableStage(top.id);
    const previousException = s.context["exception"];
    delete s.context["exception"];
    s.context["restartDetails"] = {
      restartedBy: m.user ?? "anonymous",
      restartTime: rt.now(),
      ...(previousException !== undefined ? { previousException } : {}),
    };
    resetStage(rt, session, top.id);
    for (const d of allDownstreamOf(session.execution, session.stage(top.id))) {
      if (isComplete(d.status)) resetStage(rt, session, d.id);
    }
  }
  if (await shouldQueue(rt, session.execution)) {
    if (session.execution.status !== "NOT_STARTED") session.setExecution({ status: "NOT_STARTED" });
    await rt.commit(session);
    // one waiting restart per execution: it starts this stage too when it runs
    const waiting = (await rt.repository.pending(e.pipelineConfigId!)).some(isRestartOf(e));
    if (!waiting) await rt.repository.pushPending(e.pipelineConfigId!, m);
    return;
  }
  session.setExecution({ status: "RUNNING", startTime: rt.now(), endTime: null, canceled: false, canceledBy: null, cancellationReason: null });
  const written = await rt.commit(session);
  await dropWaitingRestarts(rt, written);
  const restarted = written.stages.find((s) => s.id === top.id)!;
  const ready = topLevelStages(written).filter(
    (s) => s.id !== restarted.id && s.status === "NOT_STARTED" && allUpstreamComplete(written, s) && !anyUpstreamFailed(written, s),
  );
  for (const s of [restarted, ...ready]) await rt.push(stageMessage("StartStage", written, s));
}

function isRestartOf(e: PipelineExecution): (m: Message) => boolean {
  return (m) => m.kind === "RestartStage" && m.executionId === e.id;
}

/** Remove this execution's waiting restarts from its pipeline's pending store (others keep their order). */
async function dropWaitingRestarts(rt: Runtime, e: PipelineExecution): Promise<void> {
  const id = e.pipelineConfigId;
  if (id === null || !(await rt.repository.pending(id)).some(isRestartOf(e))) return;
  for (const p of await rt.repository.purgePending(id)) if (!isRestartOf(e)(p)) await rt.repository.pushPending(id, p);
}
