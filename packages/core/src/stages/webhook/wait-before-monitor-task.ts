/**
 * `waitBeforeMonitorWebhook`: the pause between creating a webhook and polling its status
 * (Orca plans a `WaitTask` with `waitTime = waitBeforeMonitor`).
 * @module
 */
import { defineTask, type TaskContext } from "../../spi/task.js";
import { asBoolean, readWebhookConfig } from "./config.js";

/** Milliseconds still to wait, measured from the task's start (or the stage's, or now, if unset). */
export function remainingWaitMs(ctx: TaskContext): number {
  const waitMs = readWebhookConfig(ctx.stage.context).waitBeforeMonitor * 1000;
  const now = ctx.now();
  const start = ctx.task.startTime ?? ctx.stage.startTime ?? now;
  return Math.max(0, start + waitMs - now);
}

/**
 * The `waitBeforeMonitorWebhook` task: RUNNING until `waitBeforeMonitor` seconds have passed since
 * the task started (time from `ctx.now()`), then SUCCEEDED; the backoff is the remaining time, so
 * it usually runs twice. `skipRemainingWait: true` in the context (the "skip wait" API) ends it at
 * once. Unlike Orca's `WaitTask`, which counts from the stage's start, the wait counts from the end
 * of the create call, which is what `waitBeforeMonitor` means.
 */
export const waitBeforeMonitorWebhookTask = defineTask({
  type: "waitBeforeMonitorWebhook",
  backoffMs: (ctx) => remainingWaitMs(ctx),
  timeoutMs: () => Number.MAX_SAFE_INTEGER,
  execute(ctx) {
    if (asBoolean(ctx.stage.context.skipRemainingWait)) return { status: "SUCCEEDED" };
    return { status: remainingWaitMs(ctx) > 0 ? "RUNNING" : "SUCCEEDED" };
  },
});
