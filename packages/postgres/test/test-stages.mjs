// Custom stage types used by the multi-process, crash and worker tests (in the test process and
// in the worker processes it forks). Every task body reports itself to `services.record` (when
// the host provides it), which the worker processes write to a `runs` table.
import { defineStage, defineTask, RetryableTaskError } from "@gennaker/core";

/** @param {import("@gennaker/core").TaskContext} ctx @param {string} phase */
async function record(ctx, phase) {
  const fn = /** @type {((r: Record<string, string>) => Promise<void>) | undefined} */ (ctx.services["record"]);
  if (fn) await fn({ executionId: ctx.execution.id, stageId: ctx.stage.id, taskId: ctx.task.id, task: ctx.task.name, phase });
}

/** Fails with a retryable error `failures` times (default 2; counted in `lastRetryableError`), retrying every 100 ms. */
export const flakyTask = defineTask({
  type: "test.flaky",
  async execute(ctx) {
    await record(ctx, "begin");
    const failures = Number(ctx.stage.context["failures"] ?? 2);
    const last = /attempt (\d+)/.exec(String(ctx.stage.context["lastRetryableError"] ?? ""));
    const failed = last ? Number(last[1]) : 0;
    if (failed < failures) {
      await record(ctx, "retry");
      throw new RetryableTaskError(`not yet: attempt ${failed + 1} of ${failures} fails`);
    }
    await record(ctx, "end");
    return { status: "SUCCEEDED", outputs: { flakyDone: true } };
  },
  backoffMs: () => 100,
  timeoutMs: () => 120_000,
});

/** A monitor: RUNNING (counting polls in its context) until it has polled `polls` times (default 3), every 100 ms. */
export const pollTask = defineTask({
  type: "test.poll",
  async execute(ctx) {
    await record(ctx, "begin");
    const done = Number(ctx.stage.context["polled"] ?? 0) + 1;
    const target = Number(ctx.stage.context["polls"] ?? 3);
    await record(ctx, "end");
    if (done < target) return { status: "RUNNING", context: { polled: done } };
    return { status: "SUCCEEDED", context: { polled: done }, outputs: { polls: done } };
  },
  backoffMs: () => 100,
  timeoutMs: () => 120_000,
});

/** @param {string} name */
function stepTask(name) {
  return defineTask({
    type: `test.${name}`,
    async execute(ctx) {
      await record(ctx, "begin");
      await record(ctx, "end");
      return { status: "SUCCEEDED", outputs: { [name]: ctx.now() } };
    },
  });
}
const firstTask = stepTask("first");
const secondTask = stepTask("second");

export const flakyStage = defineStage({
  type: "testFlaky",
  tasks: [flakyTask],
  taskGraph: (_s, g) => void g.task("flaky", flakyTask),
});

export const pollStage = defineStage({
  type: "testPoll",
  tasks: [pollTask],
  taskGraph: (_s, g) => void g.task("poll", pollTask),
});

/** Two tasks in a row. */
export const recordStage = defineStage({
  type: "testRecord",
  tasks: [firstTask, secondTask],
  taskGraph: (_s, g) => void g.task("first", firstTask).task("second", secondTask),
});

/**
 * A task whose handler always throws (its `timeoutMs` hook fails, outside the task's own error
 * handling): every RunTask of it fails, a poison message.
 */
export const poisonTask = defineTask({
  type: "test.poison",
  execute: () => ({ status: "RUNNING" }),
  timeoutMs() {
    throw new Error("poison: this task's timeout cannot be computed");
  },
});

export const poisonStage = defineStage({
  type: "testPoison",
  tasks: [poisonTask],
  taskGraph: (_s, g) => void g.task("poison", poisonTask),
});

export const testStages = [flakyStage, pollStage, recordStage, poisonStage];

/**
 * A pipeline with parallel branches, a wait, retries and a monitor:
 *   1 prepare ─┬─ 2a flaky (fails twice, retryable) ─┬─ 3 join (two tasks) ─┬─ 4a wait 0.2 s ─┬─ 5 finish
 *              ├─ 2b wait 0.3 s ─────────────────────┤                      └─ 4b poll ×2 ───┘
 *              └─ 2c poll ×3 ────────────────────────┘
 * @param {string} name
 */
export function branchyPipeline(name) {
  return {
    application: "crashtest",
    name,
    stages: [
      { refId: "1", type: "evaluateVariables", name: "prepare", variables: [{ key: "who", value: name }] },
      { refId: "2a", type: "testFlaky", name: "flaky", requisiteStageRefIds: ["1"], failures: 2 },
      { refId: "2b", type: "wait", name: "soak", requisiteStageRefIds: ["1"], waitTime: 0.3 },
      { refId: "2c", type: "testPoll", name: "monitor", requisiteStageRefIds: ["1"], polls: 3 },
      { refId: "3", type: "testRecord", name: "join", requisiteStageRefIds: ["2a", "2b", "2c"] },
      { refId: "4a", type: "wait", name: "settle", requisiteStageRefIds: ["3"], waitTime: 0.2 },
      { refId: "4b", type: "testPoll", name: "verify", requisiteStageRefIds: ["3"], polls: 2 },
      { refId: "5", type: "testRecord", name: "finish", requisiteStageRefIds: ["4a", "4b"] },
    ],
  };
}
