/**
 * RestartStage (spec section 3.3): reset a top-level stage and every completed stage downstream
 * of it, and run it again — or queue the restart behind a running execution of the same pipeline.
 * A restart requested while another restart is queued is queued too, never lost (QUIRK fixed).
 * @module
 */
import { isComplete } from "../../execution/status.js";
import type { RestartStage } from "../../queue/messages.js";
import { allDownstreamOf, topLevelOf } from "../graph.js";
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
    await rt.repository.pushPending(e.pipelineConfigId!, m);
    return;
  }
  session.setExecution({ status: "RUNNING", startTime: rt.now(), endTime: null, canceled: false, canceledBy: null, cancellationReason: null });
  const written = await rt.commit(session);
  await rt.push(stageMessage("StartStage", written, written.stages.find((s) => s.id === top.id)!));
}
