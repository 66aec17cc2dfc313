/**
 * The README's examples, run against a real PostgreSQL: a pipeline started by one engine is run to
 * completion by a worker (as if in another process) on the same database.
 */
import { createEngine, isComplete } from "@gennaker/core";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPostgresEngine, PostgresExecutionRepository, PostgresQueue, PostgresStageLock, runWorker } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";
import { waitUntil } from "./processes.js";

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
  process.env.DATABASE_URL = server.connectionString;
});
afterAll(async () => {
  await server?.stop();
});

const pipeline = {
  application: "payments",
  name: "Deploy payments",
  stages: [
    { refId: "1", type: "wait", name: "Soak", waitTime: 1 },
    { refId: "2", type: "evaluateVariables", name: "Record", requisiteStageRefIds: ["1"], variables: [{ key: "done", value: "yes" }] },
  ],
};

it("starts a pipeline with createPostgresEngine and runs it with runWorker", async () => {
  // --- README example: start ---
  // anywhere: start a pipeline (it is stored; this process need not run it)
  const engine = createPostgresEngine({ connectionString: process.env.DATABASE_URL! });
  const execution = await engine.start({
    application: "payments",
    name: "Deploy payments",
    stages: [
      { refId: "1", type: "wait", name: "Soak", waitTime: 1 },
      { refId: "2", type: "evaluateVariables", name: "Record", requisiteStageRefIds: ["1"], variables: [{ key: "done", value: "yes" }] },
    ],
  });
  await engine.close();

  // in each worker process: run whatever is queued, until SIGTERM
  const worker = await runWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 8, signals: false });
  // --- README example: end --- (the test stops the worker instead of waiting for SIGTERM)

  const reader = createPostgresEngine({ connectionString: process.env.DATABASE_URL! });
  const done = await waitUntil(async () => {
    const e = await reader.get(execution.id);
    return e && isComplete(e.status) ? e : undefined;
  }, 20_000, "the execution to complete");
  expect(done.status).toBe("SUCCEEDED");
  expect(done.stages.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  expect(done.stages[1]!.outputs).toEqual({ done: "yes" });
  await worker.stop();
  await worker.stopped;
  await reader.close();
});

it("wires the repository, queue and stage lock by hand", async () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  const engine = createEngine({
    repository: new PostgresExecutionRepository({ pool }),
    queue: new PostgresQueue({ pool }),
    stageLock: new PostgresStageLock({ pool }),
  });
  const execution = await engine.start(pipeline);
  engine.startWorker({ concurrency: 4 });
  const done = await waitUntil(async () => {
    const e = await engine.get(execution.id);
    return e && isComplete(e.status) ? e : undefined;
  }, 20_000, "the execution to complete");
  expect(done.status).toBe("SUCCEEDED");
  await engine.stop();
  await (engine.queue as PostgresQueue).close();
  await pool.end();
});
