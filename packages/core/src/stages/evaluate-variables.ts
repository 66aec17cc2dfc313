/**
 * The `evaluateVariables` stage (spec section 4.8): each variable becomes a stage output.
 * With SpEL v4 variables are evaluated in order and may use earlier ones.
 * @module
 */
import { evaluateVariables } from "@gennaker/expressions";
import { defineStage } from "../spi/stage-definition.js";
import { defineTask } from "../spi/task.js";

/** The `evaluateVariables` task. */
export const evaluateVariablesTask = defineTask({
  type: "evaluateVariables",
  execute(ctx) {
    const r = evaluateVariables(ctx.stage as never, ctx.execution as never, ctx.engine.evaluator);
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.outputs)) if (k !== "") outputs[k] = v;
    const context: Record<string, unknown> = { variables: r.variables };
    const summary = r.context["expressionEvaluationSummary"];
    if (summary && typeof summary === "object" && Object.keys(summary).length > 0) context["expressionEvaluationSummary"] = summary;
    return { status: "SUCCEEDED", context, outputs };
  },
});

/** The `evaluateVariables` stage. */
export const evaluateVariablesStage = defineStage({
  type: "evaluateVariables",
  tasks: [evaluateVariablesTask],
  expressionExcludedKeys: ["variables"],
  taskGraph(_stage, graph) {
    graph.task("evaluateVariables", evaluateVariablesTask);
  },
});
