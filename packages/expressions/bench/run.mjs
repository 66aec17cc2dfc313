// Benchmark: ns per evaluation of representative pipeline expressions under Gennaker, jexl,
// expr-eval and a hand-written JS closure (the baseline), measured in the same run and printed as
// ratios to the closure. Also: parse + first evaluation of a new, never-seen expression, cold (the
// first ones of the process) and in a steady state (after 5,000 others, untimed, for each library).
import jexlPkg from "jexl";
import exprEval from "expr-eval";
import { ExpressionEvaluator } from "../dist/index.js";

const root = {
  parameters: { env: "prod", replicas: "3", region: "us-west-2" },
  trigger: { tag: "v1.4.2", buildInfo: { number: 142, result: "SUCCESS" } },
  stages: [
    { name: "Build", status: "SUCCEEDED", context: { region: "us-west-2" } },
    { name: "Bake", status: "SUCCEEDED", context: { region: "us-west-2" } },
    { name: "Deploy", status: "RUNNING", context: { region: "us-east-1" } },
  ],
};

// [name, Gennaker (SpEL), jexl, expr-eval (null when it has no equivalent), closure]
const cases = [
  [
    "predicate",
    "parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'",
    "parameters.env == 'prod' && stages[0].status == 'SUCCEEDED'",
    "parameters.env == \"prod\" and stages[0].status == \"SUCCEEDED\"",
    (r) => r.parameters.env === "prod" && r.stages[0].status === "SUCCEEDED",
  ],
  [
    "concat",
    "'app-' + parameters.env + '-v' + trigger.buildInfo.number",
    "'app-' + parameters.env + '-v' + trigger.buildInfo.number",
    "\"app-\" || parameters.env || \"-v\" || trigger.buildInfo.number",
    (r) => "app-" + r.parameters.env + "-v" + r.trigger.buildInfo.number,
  ],
  [
    "ternary",
    "trigger.buildInfo.result == 'SUCCESS' ? 'ok' : 'failed'",
    "trigger.buildInfo.result == 'SUCCESS' ? 'ok' : 'failed'",
    "trigger.buildInfo.result == \"SUCCESS\" ? \"ok\" : \"failed\"",
    (r) => (r.trigger.buildInfo.result === "SUCCESS" ? "ok" : "failed"),
  ],
  [
    "selection",
    "stages.?[status == 'SUCCEEDED'].size()",
    "stages|succeeded|length",
    null,
    (r) => r.stages.filter((s) => s.status === "SUCCEEDED").length,
  ],
];

const ev = new ExpressionEvaluator();
// the same evaluator without specialized member chains (what an expression runs before its chains
// have run `specializeAfter` = 256 times, and always where code generation is disallowed)
const evClosures = new ExpressionEvaluator({ specializeAfter: Infinity });
const jexl = new jexlPkg.Jexl();
jexl.addTransform("succeeded", (a) => a.filter((s) => s.status === "SUCCEEDED"));
jexl.addTransform("length", (a) => a.length);
const parser = new exprEval.Parser();

// Each sample runs a function in a tight loop (so harness overhead is amortised); the median of
// the samples is reported. Baseline and contenders are measured in the same run, interleaved.
function measure(fn, loops) {
  const samples = [];
  for (let s = 0; s < 15; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < loops; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / loops);
  }
  samples.sort((a, b) => a - b);
  return samples[7];
}
let sink;
const rows = [];
for (const [name, spel, jx, ee, fn] of cases) {
  const compiled = ev.compile(spel);
  const closuresOnly = evClosures.compile(spel);
  const jexlExpr = jexl.compile(jx);
  const eeExpr = ee ? parser.parse(ee) : null;
  const check = [compiled.evaluate(root), jexlExpr.evalSync(root), fn(root), closuresOnly.evaluate(root)];
  if (String(check[0]) !== String(check[2]) || String(check[1]) !== String(check[2]) || String(check[3]) !== String(check[2])) {
    throw new Error(`${name}: results differ ${JSON.stringify(check)}`);
  }
  const row = { name };
  row.closure = measure(() => { sink = fn(root); }, 200_000);
  row.gennaker = measure(() => { sink = compiled.evaluate(root); }, 50_000);
  row.closures = measure(() => { sink = closuresOnly.evaluate(root); }, 50_000);
  row.jexl = measure(() => { sink = jexlExpr.evalSync(root); }, 5_000);
  row.expreval = eeExpr ? measure(() => { sink = eeExpr.evaluate(root); }, 20_000) : null;
  rows.push(row);
}
let n = 0;
// a new source text every time, so nothing comes from the cache; both parsers first see 5,000 new
// expressions untimed (a host's steady state: its parser's code is optimised by then)
const newGennaker = () => {
  sink = ev.evaluate(`parameters.env == 'prod' && stages[0].status == 'SUCCEEDED' && ${n++} >= 0`, root);
};
const newJexl = () => {
  sink = jexl.evalSync(`parameters.env == 'prod' && stages[0].status == 'SUCCEEDED' && ${n++} >= 0`, root);
};
// cold: the first new expressions this process parses (as the benchmark measured before)
const coldFirst = measure(newGennaker, 500);
const coldFirstJexl = measure(newJexl, 200);
for (let i = 0; i < 5_000; i++) newGennaker();
for (let i = 0; i < 5_000; i++) newJexl();
const parseFirst = measure(newGennaker, 1_000);
const parseFirstJexl = measure(newJexl, 300);

console.log(`@gennaker/expressions benchmark (Node ${process.version}): median ns per evaluation, ratio to a hand-written closure`);
console.log("expression   | closure ns | gennaker ns (x)    | gennaker, chains not specialized | jexl ns (x)        | expr-eval ns (x)");
const cell = (v, base) => (v === null ? "n/a" : `${v.toFixed(0)} (${(v / base).toFixed(1)}x)`);
for (const r of rows) {
  console.log(`${r.name.padEnd(12)} | ${r.closure.toFixed(1).padStart(10)} | ${cell(r.gennaker, r.closure).padEnd(18)} | ${cell(r.closures, r.closure).padEnd(32)} | ${cell(r.jexl, r.closure).padEnd(18)} | ${cell(r.expreval, r.closure)}`);
}
console.log(`parse + first evaluation of a new expression: gennaker ${(parseFirst / 1000).toFixed(1)} µs, jexl ${(parseFirstJexl / 1000).toFixed(1)} µs (steady state: after 5,000 others)`);
console.log(`  cold (the first new expressions of the process): gennaker ${(coldFirst / 1000).toFixed(1)} µs, jexl ${(coldFirstJexl / 1000).toFixed(1)} µs`);
void sink;
