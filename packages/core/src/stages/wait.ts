/**
 * The `wait` stage (Orca's `WaitStage` / `WaitTask`, spec section 4.6): `waitTime` seconds, or
 * until `skipRemainingWait`. Paused time does not count towards the wait (Gennaker decision).
 * @module
 */
import { defineStage } from "../spi/stage-definition.js";
import { defineTask, type TaskContext } from "../spi/task.js";

function seconds(v: unknown): number {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : 0;
}

function pausedSince(ctx: TaskContext, since: number): number {
  const p = ctx.execution.paused;
  if (!p || p.pauseTime === null || p.pauseTime < since) return 0;
  return Math.max(0, (p.resumeTime ?? ctx.now()) - p.pauseTime);
}

function remaining(ctx: TaskContext): number {
  const start = ctx.task.startTime ?? ctx.now();
  const waitMs = seconds(ctx.stage.context["waitTime"]) * 1_000;
  return start + waitMs + pausedSince(ctx, start) - ctx.now();
}

/** The `wait` task: done once `waitTime` seconds have passed since it started (re-checked exactly then). */
export const waitTask = defineTask({
  type: "wait",
  execute(ctx) {
    if (ctx.stage.context["skipRemainingWait"] === true) return { status: "SUCCEEDED" };
    return remaining(ctx) <= 0 ? { status: "SUCCEEDED" } : { status: "RUNNING" };
  },
  backoffMs: (ctx) => Math.max(0, remaining(ctx)),
  timeoutMs: () => Number.MAX_SAFE_INTEGER,
});

/** The `wait` stage. */
export const waitStage = defineStage({
  type: "wait",
  tasks: [waitTask],
  taskGraph(_stage, graph) {
    graph.task("wait", waitTask);
  },
  prepareForRestart(stage) {
    delete stage.context["skipRemainingWait"];
  },
});
