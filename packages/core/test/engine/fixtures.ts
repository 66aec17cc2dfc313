import { defineStage, defineTask, type StageDefinition, type TaskResult } from "../../src/index.js";

/**
 * `scripted`: a stage whose single task returns the statuses listed in `context.script` in turn
 * (the last one repeats), with `context.backoffMs` between runs.
 */
export const scriptedTask = defineTask({
  type: "scripted",
  backoffMs: (ctx) => (typeof ctx.stage.context["backoffMs"] === "number" ? ctx.stage.context["backoffMs"] : 1_000),
  timeoutMs: (ctx) => (typeof ctx.stage.context["taskTimeoutMs"] === "number" ? ctx.stage.context["taskTimeoutMs"] : Number.MAX_SAFE_INTEGER),
  execute(ctx): TaskResult {
    const script = (ctx.stage.context["script"] as string[] | undefined) ?? ["SUCCEEDED"];
    const runs = (ctx.stage.context["runs"] as number | undefined) ?? 0;
    const status = (script[Math.min(runs, script.length - 1)] ?? "SUCCEEDED") as TaskResult["status"];
    if (status === ("THROW" as never)) throw new Error(`scripted failure on run ${runs + 1}`);
    return { status, context: { runs: runs + 1 }, outputs: { [`${ctx.stage.refId}-done`]: status } };
  },
});

/** The `scripted` stage. */
export const scriptedStage: StageDefinition = defineStage({
  type: "scripted",
  tasks: [scriptedTask],
  taskGraph(_stage, graph) {
    graph.task("scripted", scriptedTask);
  },
});

/** Every stage these tests add. */
export const testStages: StageDefinition[] = [scriptedStage];
