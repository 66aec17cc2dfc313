/**
 * Several worker PROCESSES (forked, on the built dist) share one database: 20 pipelines with
 * parallel branches, waits, retryable failures and monitors all complete, every worker does part
 * of the work, and SIGTERM stops a worker gracefully.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPostgresEngine, type PostgresEngine } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";
import { createRunsTable, forkWorker, statusCounts, waitUntil, type WorkerProcess } from "./processes.js";
import { branchyPipeline, testStages } from "./test-stages.mjs";

let server: PostgresServer | undefined;
let pool: pg.Pool;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 5 });
});

afterAll(async () => {
  for (const w of workers) if (w.alive) w.child.kill("SIGKILL");
  await pool?.end();
  await server?.stop();
});

it("three worker processes share 20 pipelines with parallel branches, waits and retries; SIGTERM stops them gracefully", async () => {
  const schema = "multi";
  const starter: PostgresEngine = createPostgresEngine({ pool, schema, stages: testStages });
  await starter.ready();
  await createRunsTable(pool, schema);

  for (const name of ["w1", "w2", "w3"]) {
    workers.push(forkWorker({ connectionString: server!.connectionString, schema, name, concurrency: 4, leaseMs: 10_000 }));
  }
  await Promise.all(workers.map((w) => w.ready));

  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await starter.start(branchyPipeline(`pipeline ${i}`))).id);

  await waitUntil(async () => (await statusCounts(pool, schema))["SUCCEEDED"] === 20, 60_000, "20 SUCCEEDED executions").catch(async (error) => {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(await statusCounts(pool, schema))}\n${workers.map((w) => w.output.join("\n")).join("\n")}`);
  });

  for (const id of ids) {
    const e = (await starter.get(id))!;
    expect(e.status).toBe("SUCCEEDED");
    expect(e.stages.map((s) => s.status)).toEqual(e.stages.map(() => "SUCCEEDED"));
    // the retryable task really retried, the monitor really polled
    expect(e.stages.find((s) => s.name === "flaky")!.context["lastRetryableError"]).toBe("not yet: attempt 2 of 2 fails");
    expect(e.stages.find((s) => s.name === "monitor")!.outputs["polls"]).toBe(3);
  }

  // every worker ran a fair part of the task bodies
  const perWorker = await pool.query<{ worker: string; n: number }>(
    `SELECT worker, count(*)::int AS n FROM "${schema}".runs WHERE phase = 'begin' GROUP BY worker ORDER BY worker`,
  );
  const counts = Object.fromEntries(perWorker.rows.map((r) => [r.worker, r.n]));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  expect(Object.keys(counts).sort()).toEqual(["w1", "w2", "w3"]);
  for (const n of Object.values(counts)) expect(n).toBeGreaterThan(total / 10);
  expect(await starter.queue.deadLetters()).toEqual([]);
  expect(await starter.queue.size()).toBe(0);

  // SIGTERM: each worker finishes what it holds, closes and exits 0
  for (const w of workers) w.child.kill("SIGTERM");
  const exits = await Promise.all(workers.map((w) => w.exited));
  for (const [i, exit] of exits.entries()) {
    expect(exit, workers[i]!.output.join("\n")).toEqual({ code: 0, signal: null });
    expect(workers[i]!.output.join("\n")).toMatch(/SIGTERM: stopping after the messages in hand[\s\S]*worker stopped/);
  }
  // nothing of theirs is left behind: no locks, no connections
  expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".stage_locks`)).rows[0].n).toBe(0);
  const left = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'gennaker-test-%'`);
  expect(left.rows[0].n).toBe(0);
  await starter.close();
});
