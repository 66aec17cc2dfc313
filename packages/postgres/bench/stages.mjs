// Stage types of the benchmark: a task that succeeds at once (a "task run" as in core's
// benchmark: one task through its whole life — StartTask, RunTask, CompleteTask — inside a stage
// that starts and completes), and a monitor that polls `polls` times before it succeeds.
import { defineStage, defineTask } from "@gennaker/core";

const counters = (ctx) => ctx.services["counters"] ?? { runs: 0, completions: 0 };

export const noopTask = defineTask({
  type: "bench.noop",
  execute(ctx) {
    const c = counters(ctx);
    c.runs++;
    c.completions++;
    return { status: "SUCCEEDED" };
  },
});

/** RUNNING (re-run at once, nothing written) until it ran `polls` times; the run count lives in memory. */
const seen = new Map();
export const pollTask = defineTask({
  type: "bench.poll",
  execute(ctx) {
    const c = counters(ctx);
    c.runs++;
    const key = `${ctx.execution.id}:${ctx.stage.id}`;
    const n = (seen.get(key) ?? 0) + 1;
    const target = Number(ctx.stage.context["polls"] ?? 5);
    // a redelivery to another process starts counting anew: harmless for a benchmark
    if (n < target) {
      seen.set(key, n);
      return { status: "RUNNING" };
    }
    seen.delete(key);
    c.completions++;
    return { status: "SUCCEEDED" };
  },
  backoffMs: () => 0,
  timeoutMs: () => 3_600_000,
});

export const benchStages = [
  defineStage({ type: "benchNoop", tasks: [noopTask], taskGraph: (_s, g) => void g.task("noop", noopTask) }),
  defineStage({ type: "benchPoll", tasks: [pollTask], taskGraph: (_s, g) => void g.task("poll", pollTask) }),
];

/** `width` parallel stages of `type` between a first and a last one. */
export function benchPipeline(type, width, extra = {}) {
  const stages = [{ refId: "start", type, name: "start", ...extra }];
  for (let i = 0; i < width; i++) stages.push({ refId: `b${i}`, type, name: `branch ${i}`, requisiteStageRefIds: ["start"], ...extra });
  stages.push({ refId: "end", type, name: "end", requisiteStageRefIds: stages.slice(1).map((s) => s.refId), ...extra });
  return { application: "bench", name: `${type} x${width + 2}`, stages };
}
