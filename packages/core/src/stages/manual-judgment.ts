/**
 * The `manualJudgment` stage (spec section 4.5): waits for `judgmentStatus` (`continue` ⇒
 * SUCCEEDED, `stop` ⇒ TERMINAL, subject to the failure options), with notifications and
 * re-notification as engine events. Who may judge is decided by the engine's
 * `authorizeJudgment` hook when the stage names `requiredJudgmentRoles`.
 * @module
 */
import { defineStage } from "../spi/stage-definition.js";
import { defineTask, type TaskContext, type TaskResult } from "../spi/task.js";

type State = "manualJudgment" | "manualJudgmentContinue" | "manualJudgmentStop";

/** Default manual judgment timeout: 3 days (a stage's `stageTimeoutMs` overrides it). */
export const MANUAL_JUDGMENT_TIMEOUT_MS = 3 * 24 * 3_600_000;

function notify(ctx: TaskContext, state: State): Record<string, number> | undefined {
  const list = ctx.stage.context["notifications"];
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const last = { ...((ctx.stage.context["lastNotifiedByNotificationState"] as Record<string, number> | undefined) ?? {}) };
  const now = ctx.now();
  let sent = false;
  list.forEach((n: Record<string, unknown>, i) => {
    if (!n || typeof n !== "object") return;
    const when = Array.isArray(n["when"]) ? (n["when"] as unknown[]) : [];
    if (when.length > 0 && !when.includes(state)) return;
    const key = `${i}:${state}`;
    const previous = last[key];
    const every = typeof n["notifyEveryMs"] === "number" ? n["notifyEveryMs"] : 0;
    if (previous !== undefined && !(every > 0 && now - previous >= every)) return;
    last[key] = now;
    sent = true;
    ctx.engine.events.emit("manualJudgment.notification", {
      state,
      notification: n,
      execution: ctx.execution,
      stage: ctx.stage,
      additionalContext: {
        stageName: ctx.stage.name,
        stageId: ctx.stage.refId,
        restrictExecutionDuringTimeWindow: ctx.stage.context["restrictExecutionDuringTimeWindow"] ?? false,
        execution: ctx.execution,
        instructions: ctx.stage.context["instructions"] ?? null,
        message: (n["message"] as Record<string, unknown> | undefined)?.[state] ?? null,
        judgmentInputs: ctx.stage.context["judgmentInputs"] ?? [],
        judgmentInput: ctx.stage.context["judgmentInput"] ?? null,
        judgedBy: ctx.stage.context["lastModifiedBy"] ?? null,
      },
    });
  });
  return sent ? last : undefined;
}

function withNotified(result: TaskResult, last: Record<string, number> | undefined): TaskResult {
  return last ? { ...result, context: { ...(result.context ?? {}), lastNotifiedByNotificationState: last } } : result;
}

/** The `waitForJudgment` task. */
export const waitForJudgmentTask = defineTask({
  type: "waitForJudgment",
  overridableTimeout: true,
  timeoutMs: () => MANUAL_JUDGMENT_TIMEOUT_MS,
  // react, don't poll: a judgment re-runs the task at once; otherwise wake for the next
  // re-notification or the timeout, whichever comes first
  backoffMs(ctx, taskDurationMs) {
    const own = ctx.stage.context["stageTimeoutMs"];
    const limit = typeof own === "number" ? own : MANUAL_JUDGMENT_TIMEOUT_MS;
    let wake = limit - taskDurationMs + 1;
    const list = ctx.stage.context["notifications"];
    if (Array.isArray(list)) {
      for (const n of list) {
        const every = n && typeof n === "object" ? (n as Record<string, unknown>)["notifyEveryMs"] : undefined;
        if (typeof every === "number" && every > 0) wake = Math.min(wake, every);
      }
    }
    return Math.max(1_000, wake);
  },
  execute(ctx) {
    const status = String(ctx.stage.context["judgmentStatus"] ?? "").toLowerCase();
    const sendOutcome = ctx.stage.context["sendNotifications"] === true;
    if (status === "continue") {
      return withNotified({ status: "SUCCEEDED" }, sendOutcome ? notify(ctx, "manualJudgmentContinue") : undefined);
    }
    if (status === "stop") {
      return withNotified({ status: "TERMINAL" }, sendOutcome ? notify(ctx, "manualJudgmentStop") : undefined);
    }
    return withNotified({ status: "RUNNING" }, notify(ctx, "manualJudgment"));
  },
});

/** The `manualJudgment` stage. */
export const manualJudgmentStage = defineStage({
  type: "manualJudgment",
  tasks: [waitForJudgmentTask],
  taskGraph(_stage, graph) {
    graph.task("waitForJudgment", waitForJudgmentTask);
  },
  prepareForRestart(stage) {
    delete stage.context["judgmentStatus"];
    delete stage.context["judgmentInput"];
    delete stage.context["lastModifiedBy"];
    delete stage.context["lastNotifiedByNotificationState"];
    stage.lastModified = null;
  },
});
