/**
 * The `checkPreconditions` stage (spec section 4.7): one parallel before-stage per precondition,
 * each checking an `expression` or a `stageStatus` and failing per its own `failPipeline`.
 * @module
 */
import { evaluateExpressionPrecondition } from "@gennaker/expressions";
import { defineStage } from "../spi/stage-definition.js";
import { defineTask, type TaskResult } from "../spi/task.js";

function failed(message: string, context: Record<string, unknown> = {}): TaskResult {
  return { status: "TERMINAL", context: { ...context, exception: { details: { error: "Precondition failed", errors: [message] } } } };
}

/** The `checkPrecondition` task of one precondition child stage. */
export const checkPreconditionTask = defineTask({
  type: "checkPrecondition",
  execute(ctx) {
    const type = ctx.stage.context["preconditionType"];
    const inner = (ctx.stage.context["context"] as Record<string, unknown> | undefined) ?? {};
    if (type === "expression") {
      // usually already evaluated at stage start (`${1 == 1}` arrives as true): back to text, as Orca
      const raw = inner["expression"];
      const expression = raw === undefined || raw === null ? "false" : typeof raw === "string" ? raw : String(raw);
      const r = evaluateExpressionPrecondition(expression, ctx.stage as never, ctx.execution as never, ctx.engine.evaluator);
      const context = { context: { ...inner, expressionResult: r.expressionResult } };
      if (r.status === "SUCCEEDED") return { status: "SUCCEEDED", context };
      return failed(`Expression check failed: ${expression} evaluated to ${r.expressionResult}`, context);
    }
    if (type === "stageStatus") {
      const name = inner["stageName"];
      const expected = inner["stageStatus"];
      if (typeof name !== "string" || typeof expected !== "string") throw new Error("stageStatus precondition needs context.stageName and context.stageStatus");
      const stage = ctx.execution.stages.find((s) => s.name === name);
      if (!stage) return failed(`no stage named ${name}`);
      if (stage.status !== expected.toUpperCase()) return failed(`stage ${name} is ${stage.status}, expected ${expected.toUpperCase()}`);
      return { status: "SUCCEEDED" };
    }
    throw new Error(`unsupported precondition type ${JSON.stringify(type)} (supported: expression, stageStatus)`);
  },
});

/** The `checkPreconditions` stage. */
export const checkPreconditionsStage = defineStage({
  type: "checkPreconditions",
  tasks: [checkPreconditionTask],
  beforeStages(stage, graph) {
    if (stage.context["preconditionType"] !== undefined) return;
    const list = stage.context["preconditions"];
    if (!Array.isArray(list)) return;
    for (const p of list as Record<string, unknown>[]) {
      const type = String(p["type"]);
      const context: Record<string, unknown> = { ...stage.context, ...p, preconditionType: type };
      delete context["preconditions"];
      if (p["failPipeline"] === undefined) context["failPipeline"] = true;
      graph.add({ type: "checkPreconditions", name: `Check precondition (${type})`, context });
    }
  },
  taskGraph(stage, graph) {
    if (stage.context["preconditionType"] !== undefined) graph.task("checkPrecondition", checkPreconditionTask);
  },
});
