// Pipeline expressions as Spinnaker evaluates them: predicates, templates, helper functions and
// the walk over a stage's JSON that leaves failures in place with a summary.
import { ExpressionEvaluator, processExpressions } from "@gennaker/expressions";

const ev = new ExpressionEvaluator();

const execution = {
  id: "01HV7J8K2M",
  application: "orders",
  trigger: { type: "docker", tag: "v1.4.2", buildInfo: { number: 142 }, parameters: { env: "prod", replicas: "3" } },
  parameters: { env: "prod", replicas: "3" },
  stages: [
    { id: "s1", refId: "1", type: "bake", name: "Bake", status: "SUCCEEDED", context: { region: "us-west-2" } },
    { id: "s2", refId: "2", type: "manualJudgment", name: "Approve", status: "SUCCEEDED", context: { judgmentInput: "Ship it" } },
  ],
};

const show = (label, value) => console.log(`${label.padEnd(58)} -> ${JSON.stringify(value)}`);

show("parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'", ev.evaluate("parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'", execution));
show("#stage('Bake').context.region", ev.evaluate("#stage('Bake').context.region", execution));
show("#judgment('Approve')", ev.evaluate("#judgment('Approve')", execution));
show("7 / 2 (Java int division)", ev.evaluate("7 / 2"));
show("parameters.replicas + 1 (parameters are strings)", ev.evaluate("parameters.replicas + 1", execution));
show("orders-${parameters.env}-v${trigger.buildInfo.number}", ev.evaluateTemplate("orders-${parameters.env}-v${trigger.buildInfo.number}", execution));

// Spinnaker's walk over a stage's JSON: typed whole-string results, composite strings, and a
// failure left in place with an expressionEvaluationSummary entry.
const stage = {
  replicas: "${#toInt(parameters.replicas) * 2}",
  image: "orders:${trigger.tag}",
  tags: ["${parameters.env}", "build-${trigger.buildInfo.number}"],
  broken: "${ 1 / 0 }",
};
const processed = processExpressions(stage, execution, true, ev);
const { expressionEvaluationSummary, ...rest } = processed;
show("processExpressions(stage)", rest);
show("failed expressions", Object.keys(expressionEvaluationSummary ?? {}));
