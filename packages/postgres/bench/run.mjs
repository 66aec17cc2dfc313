// Benchmark of the PostgreSQL queue and store against pgbench's simple-update TPS (-N), all
// measured in the same run against the same throw-away server (durable settings: fsync on).
// Phase 1: queue cycles (push + poll + ack) and stage writes per second from 1, 2 and 4 concurrent
// loops in one process. Usage: npm run bench -w @gennaker/postgres
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import pg from "pg";
import { PostgresExecutionRepository, PostgresQueue } from "../dist/index.js";
import { findPostgresBin, startPostgres } from "../test/pg-server.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function pgbenchTps(server) {
  const bin = findPostgresBin();
  const url = new URL(server.connectionString);
  const args = ["-h", url.hostname, "-p", url.port, "-U", url.username, url.pathname.slice(1)];
  execFileSync(join(bin, "pgbench"), ["-i", "-q", "-s", "1", ...args], { stdio: "ignore" });
  const out = execFileSync(join(bin, "pgbench"), ["-N", "-c", "2", "-j", "2", "-T", String(SECONDS), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const m = /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read pgbench output:\n${out}`);
  return Number(m[1]);
}

async function forSeconds(loops, body) {
  let count = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      for (let i = 0; Date.now() < until; i++) {
        await body(loop, i);
        count++;
      }
    }),
  );
  return count / SECONDS;
}

const server = await startPostgres({ durable: true });
try {
  const tps = pgbenchTps(server);
  const pool = new pg.Pool({ connectionString: server.connectionString, max: 16 });
  const rows = [];
  for (const loops of [1, 2, 4]) {
    const queue = new PostgresQueue({ pool, schema: `bench_q${loops}`, notify: true });
    const perSecond = await forSeconds(loops, async (loop, i) => {
      await queue.push({ kind: "StartStage", executionType: "pipeline", executionId: `e${loop}`, application: "bench", stageId: `s${i}` });
      const d = await queue.poll();
      if (d) await queue.ack(d);
    });
    rows.push({ what: "queue push+poll+ack", loops, perSecond });
  }
  for (const loops of [1, 2, 4]) {
    const repository = new PostgresExecutionRepository({ pool, schema: `bench_r${loops}` });
    const executions = [];
    for (let l = 0; l < loops; l++) {
      executions.push(await repository.create(benchExecution(`x${loops}-${l}`, 50)));
    }
    const perSecond = await forSeconds(loops, async (loop, i) => {
      const e = executions[loop];
      const stage = e.stages[i % e.stages.length];
      const next = { ...e, stages: e.stages.map((s) => (s === stage ? { ...s, context: { ...s.context, i } } : s)) };
      executions[loop] = await repository.update(next, { stages: new Set([stage.id]), removedStages: new Set(), execution: false, order: false });
    });
    rows.push({ what: "repository stage write", loops, perSecond });
  }
  await pool.end();
  console.log(`pgbench -N (2 clients, ${SECONDS} s): ${tps.toFixed(0)} TPS`);
  console.log("operation                 loops   per second   vs pgbench TPS");
  for (const r of rows) {
    console.log(`${r.what.padEnd(26)}${String(r.loops).padStart(5)}${r.perSecond.toFixed(0).padStart(13)}${(r.perSecond / tps).toFixed(2).padStart(17)}`);
  }
} finally {
  await server.stop();
}

function benchExecution(id, stages) {
  const stageList = Array.from({ length: stages }, (_, i) => ({
    id: `${id}-s${i}`,
    refId: String(i + 1),
    type: "wait",
    name: `Wait ${i}`,
    status: "NOT_STARTED",
    context: { waitTime: 30 },
    outputs: {},
    startTime: null,
    endTime: null,
    startTimeExpiry: null,
    requisiteStageRefIds: i ? [String(i)] : [],
    parentStageId: null,
    syntheticStageOwner: null,
    tasks: [],
    scheduledTime: null,
    lastModified: null,
  }));
  return {
    id, type: "pipeline", application: "bench", name: "bench", pipelineConfigId: "cfg", status: "RUNNING", buildTime: Date.now(),
    startTime: null, endTime: null, startTimeExpiry: null, canceled: false, canceledBy: null, cancellationReason: null,
    limitConcurrent: false, maxConcurrentExecutions: 0, keepWaitingPipelines: false, paused: null, origin: "bench",
    trigger: { type: "manual", user: "bench", parameters: {}, artifacts: [] }, notifications: [], spelEvaluator: "v4",
    initialConfig: {}, authentication: { user: null, allowedAccounts: [] }, templateVariables: null, description: null,
    stages: stageList, version: 0,
  };
}
