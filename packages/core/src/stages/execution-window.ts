/**
 * The execution-window stage (`restrictExecutionDuringTimeWindow`, spec section 4.4), planned by
 * the engine as the first before-stage of any stage with `restrictExecutionDuringTimeWindow: true`.
 * It waits for the true next allowed window (Orca's extra-day QUIRK fixed) in the window's own
 * `timezone` or the engine's, then for the optional jitter. The task wakes exactly when the window
 * opens (no 30 s polling); `skipRemainingWait` ends the wait at once.
 * @module
 */
import { defineStage } from "../spi/stage-definition.js";
import { defineTask, type TaskContext } from "../spi/task.js";
import { jitterDelaySeconds, nextWindowStart, type ExecutionWindow } from "../window/index.js";

function windowOf(ctx: TaskContext): ExecutionWindow {
  return (ctx.stage.context["restrictedExecutionWindow"] as ExecutionWindow | undefined) ?? {};
}

function scheduled(ctx: TaskContext): number {
  return nextWindowStart(ctx.now(), windowOf(ctx), ctx.engine.timeZone);
}

/** The `suspendExecutionDuringTimeWindow` task. */
export const suspendExecutionDuringTimeWindowTask = defineTask({
  type: "suspendExecutionDuringTimeWindow",
  timeoutMs: () => Number.MAX_SAFE_INTEGER,
  backoffMs(ctx) {
    try {
      return Math.max(1_000, scheduled(ctx) - ctx.now());
    } catch {
      return 1_000;
    }
  },
  execute(ctx) {
    if (ctx.stage.context["skipRemainingWait"] === true) return { status: "SUCCEEDED" };
    let at: number;
    try {
      at = scheduled(ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: "TERMINAL", context: { failureReason: message, exception: { details: { error: "Execution window", errors: [message] } } } };
    }
    if (ctx.now() >= at) return { status: "SUCCEEDED" };
    return { status: "RUNNING", context: { scheduledTime: at } };
  },
});

/** The `waitForJitter` task: a uniform random delay in [minDelay, maxDelay] seconds, drawn once. */
export const waitForJitterTask = defineTask({
  type: "waitForJitter",
  timeoutMs: () => Number.MAX_SAFE_INTEGER,
  backoffMs(ctx) {
    const until = ctx.stage.context["jitterUntil"];
    return typeof until === "number" ? Math.max(0, until - ctx.now()) : 0;
  },
  execute(ctx) {
    if (ctx.stage.context["skipRemainingWait"] === true) return { status: "SUCCEEDED" };
    const until = ctx.stage.context["jitterUntil"];
    if (typeof until === "number") return ctx.now() >= until ? { status: "SUCCEEDED" } : { status: "RUNNING" };
    const seconds = jitterDelaySeconds(
      (windowOf(ctx) as { jitter?: Parameters<typeof jitterDelaySeconds>[0] }).jitter,
      ctx.execution.trigger.type,
      () => ctx.random(),
    );
    if (seconds <= 0) return { status: "SUCCEEDED" };
    return { status: "RUNNING", context: { waitTime: seconds, jitterUntil: ctx.now() + seconds * 1_000 } };
  },
});

/** The execution-window stage type. */
export const executionWindowStage = defineStage({
  type: "restrictExecutionDuringTimeWindow",
  tasks: [suspendExecutionDuringTimeWindowTask, waitForJitterTask],
  taskGraph(stage, graph) {
    graph.task("suspendExecutionDuringTimeWindow", suspendExecutionDuringTimeWindowTask);
    const jitter = (stage.context["restrictedExecutionWindow"] as { jitter?: { enabled?: boolean; maxDelay?: number } } | undefined)?.jitter;
    if (jitter?.enabled === true && (jitter.maxDelay ?? 0) > 0) graph.task("waitForJitter", waitForJitterTask);
  },
});
