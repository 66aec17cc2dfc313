// Benchmark of the engine on PostgreSQL: task runs per second with 1, 2 and 4 worker PROCESSES on
// one server, next to pgbench's simple-update TPS (-N) measured in the same run against the same
// server (durable settings: fsync and synchronous_commit on; pgbench in a database of its own).
//
// Workloads (pipelines of 10 stages: a start stage, 8 parallel branches, an end stage):
// - "task runs (one-shot tasks)": what core's benchmark counts as a task run — one task through
//   its whole life (StartStage, StartTask, RunTask, CompleteTask, CompleteStage: five messages,
//   four of them read-modify-writes of the execution; in turns, the default, a worker handles a
//   message and its follow-ups on the same execution back to back and writes once per turn);
// - "monitor runs (5 polls/task)": tasks that return RUNNING and are re-run at once, 5 runs each
//   (Orca's monitor tasks: one message per run);
// - "one-shot, one message a turn": the one-shot workload with messagesPerTurn 1 (Orca's way: one
//   queue round trip and one write per message), 2 workers, for comparison in the same run.
// A backlog of executions is started before the workers (so starting them costs the measured
// processes nothing); the rate is task runs / time from the last worker being ready until the
// backlog is done (its ramp-up and tail included). Usage: npm run bench -w @gennaker/postgres
//   BENCH_WORKERS=1,2,4  BENCH_CONCURRENCY=16  BENCH_BACKLOG=400 (executions per worker, one-shot)
//   BENCH_SECONDS=5 (pgbench duration)  BENCH_ASYNC_COMMIT=1 (extra rows with synchronous_commit=off)
//   BENCH_PROFILE=1 (statements per run and their latency)  BENCH_PGSS=1 (server time by statement)
import { execFileSync, fork } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
// GENNAKER_BENCH_DIST: another build of src/index.ts to measure (default: this package's dist/)
const { createPostgresEngine } = await import(process.env.GENNAKER_BENCH_DIST ?? new URL("../dist/index.js", import.meta.url).href);
import { findPostgresBin, startPostgres } from "../test/pg-server.mjs";
import { benchPipeline, benchStages } from "./stages.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 400);
const PGSS = process.env.BENCH_PGSS === "1";
const PROFILE = process.env.BENCH_PROFILE === "1";
const WORKER_SCRIPT = fileURLToPath(new URL("./worker.mjs", import.meta.url));

function pgbench(server, clients) {
  const bin = findPostgresBin();
  const url = new URL(server.connectionString);
  const args = ["-h", url.hostname, "-p", url.port, "-U", url.username, "pgbench"];
  const out = execFileSync(join(bin, "pgbench"), ["-N", "-c", String(clients), "-j", String(Math.min(clients, 2)), "-T", String(SECONDS), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const m = /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read pgbench output:\n${out}`);
  return Number(m[1]);
}

function startWorker(config) {
  const child = fork(WORKER_SCRIPT, [], {
    execArgv: process.env.BENCH_WORKER_ARGS ? process.env.BENCH_WORKER_ARGS.split(" ") : [],
    env: { ...process.env, GENNAKER_BENCH_WORKER: JSON.stringify(config) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const w = { child, stats: { runs: 0, completions: 0, conflicts: 0, statements: {}, latency: {} } };
  w.ready = new Promise((resolve, reject) => {
    child.on("message", (m) => {
      if (m?.type === "ready") resolve();
      if (m?.type === "stats") w.stats = m;
    });
    child.once("exit", (code) => reject(new Error(`bench worker exited with ${code}`)));
  });
  w.ready.catch(() => undefined);
  w.stop = () =>
    new Promise((resolve) => {
      child.once("exit", resolve);
      child.send({ type: "stop" });
    });
  return w;
}

const sum = (workers, f) => workers.reduce((n, w) => n + f(w.stats), 0);
const statementTotal = (s) => Object.values(s.statements).reduce((a, b) => a + b, 0);

async function scenario(server, pool, { name, type, extra, runsPerExecution, backlogPerWorker, workers: n, sessionSettings, messagesPerTurn }) {
  const schema = `bench_${type.toLowerCase()}_${n}_${sessionSettings ? "async" : "sync"}${messagesPerTurn ? `_t${messagesPerTurn}` : ""}`;
  const starter = createPostgresEngine({ pool, schema, stages: benchStages, logger: { warn: () => undefined, error: () => undefined } });
  await starter.ready();
  const backlog = backlogPerWorker * n;
  for (let i = 0; i < backlog; i += 8) {
    await Promise.all(Array.from({ length: Math.min(8, backlog - i) }, () => starter.start(benchPipeline(type, 8, extra))));
  }
  const connectionString = sessionSettings ? `${server.connectionString}?options=${encodeURIComponent(sessionSettings)}` : server.connectionString;
  const workers = Array.from({ length: n }, () => startWorker({ connectionString, schema, concurrency: CONCURRENCY, ...(messagesPerTurn ? { messagesPerTurn } : {}) }));
  await Promise.all(workers.map((w) => w.ready));
  const t0 = performance.now();
  const before = { runs: sum(workers, (s) => s.runs), statements: sum(workers, statementTotal), perStatement: workers.map((w) => ({ ...w.stats.statements })) };
  const firstId = Number((await pool.query(`SELECT coalesce(max(id), 0)::text AS id FROM "${schema}".messages`)).rows[0].id);
  for (;;) {
    const left = (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".executions WHERE status IN ('NOT_STARTED', 'RUNNING')`)).rows[0].n;
    if (left === 0) break;
    if (performance.now() - t0 > 300_000) throw new Error(`${name}: the backlog did not drain in 5 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const elapsed = (performance.now() - t0) / 1_000;
  const lastId = Number((await pool.query(`SELECT coalesce(max(id), 0)::text AS id FROM "${schema}".dead_letters`)).rows[0].id);
  if (lastId > 0) console.warn(`warning: ${name}: ${lastId} dead letters`);
  await new Promise((r) => setTimeout(r, 300)); // last stats reports
  const perStatement = {};
  workers.forEach((w, i) => {
    for (const [k, v] of Object.entries(w.stats.statements)) perStatement[k] = (perStatement[k] ?? 0) + v - (before.perStatement[i][k] ?? 0);
  });
  if (PGSS) {
    const top = await pool.query(
      `SELECT calls, round(total_exec_time::numeric, 0) AS ms, round(mean_exec_time::numeric, 3) AS mean, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 14`,
    );
    console.log(`\n${name}, ${n} worker(s): server time by statement (pg_stat_statements)`);
    for (const r of top.rows) console.log(`${String(r.calls).padStart(8)} ${String(r.ms).padStart(7)} ms ${String(r.mean).padStart(8)} ms/call  ${r.q}`);
    await pool.query("SELECT pg_stat_statements_reset()");
  }
  const runs = sum(workers, (s) => s.runs) - before.runs;
  const conflicts = sum(workers, (s) => s.conflicts);
  const messages = await (async () => {
    // every message ever pushed got an id; the backlog's StartExecution messages came before t0
    const r = await pool.query(`SELECT last_value::text AS v FROM pg_sequences WHERE schemaname = $1 AND sequencename LIKE 'messages_id_seq'`, [schema]);
    return Number(r.rows[0]?.v ?? firstId) - firstId + backlog;
  })();
  await Promise.all(workers.map((w) => w.stop()));
  await starter.close();
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  if (runs !== backlog * runsPerExecution) console.warn(`note: ${name}: ${runs} task runs counted, ${backlog * runsPerExecution} expected (runs before the last worker was ready are not counted, nor timed; redeliveries re-run tasks)`);
  return {
    name,
    workers: n,
    backlog,
    seconds: elapsed,
    runsPerSecond: runs / elapsed,
    messagesPerSecond: messages / elapsed,
    conflictsPerRun: conflicts / Math.max(1, runs),
    statementsPerRun: (sum(workers, statementTotal) - before.statements) / Math.max(1, runs),
    perStatement: Object.fromEntries(Object.entries(perStatement).map(([k, v]) => [k, v / Math.max(1, runs)]).sort((a, b) => b[1] - a[1])),
    latency: Object.fromEntries(Object.keys(perStatement).map((k) => [k, sum(workers, (s) => s.latency?.[k] ?? 0) / Math.max(1, sum(workers, (s) => s.statements[k] ?? 0))])),
  };
}

const server = await startPostgres({ durable: true, settings: PGSS ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" } : {} });
try {
  const pool = new pg.Pool({ connectionString: server.connectionString, max: 8 });
  await pool.query("CREATE DATABASE pgbench");
  if (PGSS) await pool.query("CREATE EXTENSION pg_stat_statements");
  {
    const url = new URL(server.connectionString);
    execFileSync(join(findPostgresBin(), "pgbench"), ["-i", "-q", "-s", "1", "-h", url.hostname, "-p", url.port, "-U", url.username, "pgbench"], { stdio: "ignore" });
  }
  const load = loadavg()[0];
  const tps2 = pgbench(server, 2);
  const tps8 = pgbench(server, 8);
  const workloads = [
    { name: "task runs (one-shot tasks)", type: "benchNoop", extra: {}, runsPerExecution: 10, backlogPerWorker: BACKLOG },
    { name: "monitor runs (5 polls/task)", type: "benchPoll", extra: { polls: 5 }, runsPerExecution: 50, backlogPerWorker: Math.ceil(BACKLOG / 2) },
  ];
  const rows = [];
  for (const w of workloads) for (const n of WORKER_COUNTS) rows.push(await scenario(server, pool, { ...w, workers: n }));
  // the same work as Orca does it, one message per queue round trip and one write per message
  rows.push(await scenario(server, pool, { ...workloads[0], name: "one-shot, one message a turn", workers: 2, messagesPerTurn: 1, backlogPerWorker: Math.ceil(BACKLOG / 4) }));
  if (process.env.BENCH_ASYNC_COMMIT === "1") {
    for (const n of WORKER_COUNTS) rows.push(await scenario(server, pool, { ...workloads[0], name: "one-shot, synchronous_commit=off", workers: n, sessionSettings: "-c synchronous_commit=off" }));
  }
  await pool.end();

  const fmt = (n, w) => n.toFixed(0).padStart(w);
  console.log(`PostgreSQL 15, durable (fsync on, synchronous_commit on), one server for everything; worker concurrency ${CONCURRENCY}; load average before the run ${load.toFixed(1)}`);
  console.log(`pgbench -N simple-update (${SECONDS} s): ${tps2.toFixed(0)} TPS with 2 clients, ${tps8.toFixed(0)} TPS with 8 clients`);
  console.log("");
  console.log(`${"workload".padEnd(34)}${"workers".padStart(8)}${"task runs/s".padStart(13)}${"msgs/s".padStart(9)}${"stmts/run".padStart(11)}${"conflicts/run".padStart(15)}${"vs pgbench(2)".padStart(15)}`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)}${fmt(r.workers, 8)}${fmt(r.runsPerSecond, 13)}${fmt(r.messagesPerSecond, 9)}${r.statementsPerRun.toFixed(1).padStart(11)}${r.conflictsPerRun.toFixed(2).padStart(15)}${(r.runsPerSecond / tps2).toFixed(2).padStart(15)}`,
    );
  }
  const two = rows.find((r) => r.workers === 2 && r.name.startsWith("task runs ("));
  if (two) console.log(`\ntarget >= 1,000 task runs/s with 2 workers: ${two.runsPerSecond >= 1_000 ? "met" : "NOT met"} (${two.runsPerSecond.toFixed(0)} one-shot task runs/s)`);
  if (PROFILE) {
    for (const r of rows) {
      console.log(`\n${r.name}, ${r.workers} worker(s), ${r.backlog} executions in ${r.seconds.toFixed(1)} s: statements per task run, mean latency`);
      for (const [k, v] of Object.entries(r.perStatement)) console.log(`  ${v.toFixed(2).padStart(6)}  ${(r.latency[k] ?? 0).toFixed(2).padStart(7)} ms  ${k}`);
    }
  }
} finally {
  await server.stop();
}
