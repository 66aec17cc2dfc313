// Benchmark: task runs per second through the engine, in memory on a virtual clock (no timers),
// for a 1,000-stage linear pipeline, a 100-wide fan-out/fan-in, and 10,000 small pipelines, each
// against a baseline measured in the same run: the same task functions called directly, in a
// loop, over the same stage objects ("the same work without the engine"). Engine overhead per
// task run is (engine − baseline) / task runs. Each scenario runs a few times (after a warm-up);
// the median is reported, in wall-clock time and in CPU time of the process (the fairer figure for
// "one core" on a machine other work is loading). The 10,000 pipelines are all started first and
// then run, so 10,000 executions are in flight at once. Run after `npm run build` (it uses dist/).
//
//   node bench/run.mjs [--runs N] [--quick] [--only linear|fan|pipelines]
import { cpus, loadavg } from "node:os";

// GENNAKER_BENCH_DIST: another build of src/index.ts to measure (default: this package's dist/)
const { createEngine, defineStage, defineTask, VirtualClock } = await import(
  process.env.GENNAKER_BENCH_DIST ?? new URL("../dist/index.js", import.meta.url).href
);

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const runsArg = args.indexOf("--runs");
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : quick ? 3 : 5;
const onlyArg = args.indexOf("--only");
const ONLY = onlyArg >= 0 ? args[onlyArg + 1] : undefined;

/** Task runs of engine work before the samples of a scenario are taken (see `measure`). */
const WARM_UP_RUNS = 30_000;

// Targets (issue 4): engine overhead <= 20 µs per task run; >= 20,000 task runs per second.
const TARGET_OVERHEAD_US = 20;
const TARGET_RUNS_PER_S = 20_000;

// ---- the trivial custom stage: one task that succeeds -------------------------------------------
const noopTask = defineTask({
  type: "bench.noop",
  execute: () => ({ status: "SUCCEEDED" }),
});
const noopStage = defineStage({
  type: "benchNoop",
  tasks: [noopTask],
  taskGraph(_stage, graph) {
    graph.task("noop", noopTask);
  },
});

// ---- pipelines ---------------------------------------------------------------------------------
const stageJson = (refId, requisiteStageRefIds) => ({ type: "benchNoop", name: `s${refId}`, refId, requisiteStageRefIds });

function linear(n) {
  const stages = [];
  for (let i = 1; i <= n; i++) stages.push(stageJson(String(i), i === 1 ? [] : [String(i - 1)]));
  return { application: "bench", name: `linear-${n}`, limitConcurrent: false, stages };
}

function fanOutIn(width) {
  const stages = [stageJson("root", [])];
  const mids = [];
  for (let i = 1; i <= width; i++) {
    stages.push(stageJson(`p${i}`, ["root"]));
    mids.push(`p${i}`);
  }
  stages.push(stageJson("join", mids));
  return { application: "bench", name: `fan-${width}`, limitConcurrent: false, stages };
}

// Wall-clock and CPU time (this process, all threads: includes GC helpers) of a stretch of work, in ns.
function startTimer() {
  const w0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  return {
    stop() {
      const c = process.cpuUsage(c0);
      return { wall: Number(process.hrtime.bigint() - w0), cpu: (c.user + c.system) * 1000 };
    },
  };
}
const add = (a, b) => ({ wall: a.wall + b.wall, cpu: a.cpu + b.cpu });

const silent = { warn() {}, error() {} };
const newEngine = (extra = {}) => createEngine({ clock: new VirtualClock(), stages: [noopStage], logger: silent, ...extra });

function check(execution, stageCount) {
  if (execution.status !== "SUCCEEDED") throw new Error(`execution ${execution.name} ended ${execution.status}`);
  if (execution.stages.length !== stageCount) throw new Error(`expected ${stageCount} stages, got ${execution.stages.length}`);
  for (const s of execution.stages) {
    if (s.status !== "SUCCEEDED" || s.tasks.length !== 1 || s.tasks[0].status !== "SUCCEEDED") {
      throw new Error(`stage ${s.refId} ended ${s.status}`);
    }
  }
}

// ---- the baseline: the same task function over the same stage objects, no engine ---------------
// Each task gets a context of the shape the engine gives it (its stage with a private context
// copy), and its result is awaited and inspected, as the engine does.
async function baseline(pipelines) {
  let ok = 0;
  for (const p of pipelines) {
    for (const stage of p.stages) {
      const ctx = { stage: { ...stage, context: { ...stage } }, now: () => 0 };
      const result = await noopTask.execute(ctx);
      if (result.status === "SUCCEEDED") ok++;
    }
  }
  return ok;
}

// ---- scenarios -----------------------------------------------------------------------------------
/** Start one pipeline and run it to the end; `stageCount` stages expected. */
async function onePipeline(engine, pipeline, stageCount) {
  const t0 = startTimer();
  const e = await engine.start(pipeline);
  await engine.runUntilIdle();
  const t = t0.stop();
  check(await engine.get(e.id), stageCount);
  return t;
}

/** Start every pipeline, then run them all: 3-stage pipelines, all in flight at once. */
async function manyPipelines(engine, pipelines) {
  const t0 = startTimer();
  const ids = [];
  for (const p of pipelines) ids.push((await engine.start(p)).id);
  await engine.runUntilIdle();
  const t = t0.stop();
  for (const id of ids) check(await engine.get(id), 3);
  return t;
}

const scenarios = [
  {
    name: "linear 1,000 stages",
    pipelines: () => [linear(1_000)],
    engine: (pipelines) => onePipeline(newEngine(), pipelines[0], 1_000),
  },
  {
    name: "fan-out/fan-in 1→100→1",
    pipelines: () => [fanOutIn(100)],
    engine: (pipelines) => onePipeline(newEngine(), pipelines[0], 102),
    // a small pipeline: repeat it so one sample lasts long enough to measure (~100 ms: with 20,
    // a sample lasted ~20 ms, and one garbage collection in it could double it)
    repeat: 100,
  },
  {
    name: "10,000 pipelines × 3 stages",
    executions: 10_000,
    pipelines: () => Array.from({ length: 10_000 }, () => linear(3)),
    engine: (pipelines) => manyPipelines(newEngine(), pipelines),
  },
  {
    // the same work as Orca does it: one message per queue round trip, one write per message
    name: "  the same, 1 message a turn",
    comparison: true,
    executions: 10_000,
    pipelines: () => Array.from({ length: 10_000 }, () => linear(3)),
    engine: (pipelines) => manyPipelines(newEngine({ messagesPerTurn: 1 }), pipelines),
  },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measure(scenario) {
  const pipelines = scenario.pipelines();
  const tasks = pipelines.reduce((n, p) => n + p.stages.length, 0);
  const repeat = scenario.repeat ?? 1;
  const engineOnce = async () => {
    let t = { wall: 0, cpu: 0 };
    for (let r = 0; r < repeat; r++) t = add(t, await scenario.engine(pipelines));
    return t;
  };
  const baselineOnce = async () => {
    const t0 = startTimer();
    let ok = 0;
    for (let r = 0; r < repeat; r++) ok += await baseline(pipelines);
    const t = t0.stop();
    if (ok !== tasks * repeat) throw new Error("baseline: a task did not succeed");
    return t;
  };
  // warm-up (JIT, heap growth), then interleaved samples. No forced GC between samples: a full
  // collection shrinks the heap, and the next sample then pays for growing it again (about twice
  // the steady-state time of a 1,000-stage run), which no long-running engine does. The warm-up
  // is at least WARM_UP_RUNS task runs: one 1,000-stage pipeline is not enough for V8 to optimise
  // what runs once per turn (the first ten runs of it took 263 → 28 µs per task run, falling).
  const warmRounds = Math.max(1, Math.ceil(WARM_UP_RUNS / (tasks * repeat)));
  for (let w = 0; w < warmRounds; w++) await engineOnce();
  await baselineOnce();
  const engine = [];
  const base = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await baselineOnce());
    engine.push(await engineOnce());
  }
  const runs = tasks * repeat;
  const per = (xs, k) => median(xs.map((x) => x[k])) / runs; // ns per task run
  return {
    name: scenario.name,
    comparison: scenario.comparison === true,
    runs,
    executions: (scenario.executions ?? pipelines.length) * repeat,
    wall: { engine: per(engine, "wall"), base: per(base, "wall"), min: Math.min(...engine.map((x) => x.wall)) / runs, max: Math.max(...engine.map((x) => x.wall)) / runs },
    cpu: { engine: per(engine, "cpu"), base: per(base, "cpu") },
  };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(`@gennaker/core engine benchmark (Node ${process.version}, ${cpus().length} CPUs, load ${load()})`);
console.log(`in memory, virtual clock, no timers; median of ${RUNS} runs after a warm-up of at least ${WARM_UP_RUNS.toLocaleString("en")} task runs; baseline = the same task functions called directly`);
const results = [];
for (const s of scenarios) if (!ONLY || s.name.includes(ONLY)) results.push(await measure(s));

const us = (ns) => ns / 1000;
const f1 = (x) => x.toFixed(1);
const rate = (x) => (x < 100 ? x.toFixed(2) : x.toFixed(0));
const verdicts = [];
for (const clock of ["wall", "cpu"]) {
  console.log("");
  console.log(
    clock === "wall"
      ? "wall-clock time"
      : "CPU time of this process (all threads, GC included): what one core would take if the machine were otherwise idle",
  );
  console.log("scenario                      | task runs | engine runs/s | engine µs/run | baseline µs/run | overhead µs/run |   ratio | executions/s");
  for (const r of results) {
    const t = r[clock];
    const runsPerS = 1e9 / t.engine;
    const overhead = us(t.engine - t.base);
    const execPerS = r.executions / ((t.engine * r.runs) / 1e9);
    const cellEngine = clock === "wall" ? `${f1(us(t.engine))} (${f1(us(t.min))}–${f1(us(t.max))})` : f1(us(t.engine));
    console.log(
      [
        r.name.padEnd(29),
        String(r.runs).padStart(9),
        runsPerS.toFixed(0).padStart(13),
        cellEngine.padStart(13),
        us(t.base).toFixed(3).padStart(15),
        f1(overhead).padStart(15),
        `${(t.engine / t.base).toFixed(0)}x`.padStart(7),
        rate(execPerS).padStart(12),
      ].join(" | "),
    );
    if (!r.comparison) verdicts.push({ clock, name: r.name, overhead, runsPerS });
  }
}
console.log("");
console.log(`targets: engine overhead <= ${TARGET_OVERHEAD_US} µs per task run, >= ${TARGET_RUNS_PER_S.toLocaleString("en")} task runs per second`);
const met = { wall: true, cpu: true };
for (const v of verdicts) {
  const okOverhead = v.overhead <= TARGET_OVERHEAD_US;
  const okRate = v.runsPerS >= TARGET_RUNS_PER_S;
  met[v.clock] &&= okOverhead && okRate;
  console.log(
    `  ${v.clock.padEnd(4)} ${v.name.padEnd(29)} overhead ${f1(v.overhead).padStart(7)} µs ${okOverhead ? "met    " : "NOT met"}   ${v.runsPerS.toFixed(0).padStart(7)} runs/s ${okRate ? "met" : "NOT met"}`,
  );
}
console.log(`all targets met: wall-clock ${met.wall ? "yes" : "no"}, CPU time ${met.cpu ? "yes" : "no"} (load after: ${load()})`);
