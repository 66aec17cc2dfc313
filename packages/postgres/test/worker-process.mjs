// A worker process for the multi-process and crash tests, on the BUILT packages (dist of
// @gennaker/core and @gennaker/postgres): runWorker with the test stages, every task body
// recorded in the `runs` table under this worker's name. Configured by the JSON in
// $GENNAKER_TEST_WORKER: { connectionString, schema, name, concurrency, leaseMs, lockLeaseMs,
// maxAttempts, zombieCheckEveryMs }. Tells its parent (IPC) { type: "ready" } once it polls.
import pg from "pg";
import { runWorker } from "../dist/index.js";
import { testStages } from "./test-stages.mjs";

const config = JSON.parse(process.env.GENNAKER_TEST_WORKER ?? "{}");
const name = String(config.name ?? `w${process.pid}`);
const say = (level, message, details) =>
  process.stderr.write(`[${name} ${level}] ${message}${details ? ` ${JSON.stringify(details)}` : ""}\n`);

const pool = new pg.Pool({ connectionString: config.connectionString, max: config.poolSize ?? 8, application_name: `gennaker-test-${name}` });
pool.on("error", (err) => say("warn", "idle connection lost", { error: err.message }));
const table = `"${config.schema}".runs`;

const worker = await runWorker({
  pool,
  schema: config.schema,
  concurrency: config.concurrency ?? 4,
  zombieCheckEveryMs: config.zombieCheckEveryMs ?? 2_000,
  maxIdleMs: config.maxIdleMs ?? 250,
  ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
  ...(config.lockLeaseMs ? { lockLeaseMs: config.lockLeaseMs } : {}),
  ...(config.maxAttempts ? { maxAttempts: config.maxAttempts } : {}),
  stages: testStages,
  services: {
    async record(r) {
      await pool.query(`INSERT INTO ${table} (worker, pid, execution_id, stage_id, task_id, task, phase, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        name,
        process.pid,
        r.executionId,
        r.stageId,
        r.taskId,
        r.task,
        r.phase,
        Date.now(),
      ]);
    },
  },
  logger: {
    warn: (m, d) => say("warn", m, d),
    error: (m, d) => say("error", m, d),
  },
});
process.send?.({ type: "ready", pid: process.pid });
say("info", "worker running");
await worker.stopped;
await pool.end();
say("info", "worker stopped");
process.disconnect?.();
