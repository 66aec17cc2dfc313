/**
 * The README's example, run against a real PostgreSQL: a pipeline started by one engine is run to
 * completion by another engine's worker (as if in another process) on the same database.
 */
import { createEngine, isComplete } from "@gennaker/core";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PostgresExecutionRepository, PostgresQueue } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

it("starts a pipeline in one engine and runs it in another", async () => {
  const connectionString = server!.connectionString;

  // --- README example: start ---
  const pool = new pg.Pool({ connectionString });
  const engine = createEngine({
    repository: new PostgresExecutionRepository({ pool }),
    queue: new PostgresQueue({ pool }),
  });
  const execution = await engine.start({
    application: "payments",
    name: "Deploy payments",
    stages: [
      { refId: "1", type: "wait", name: "Soak", waitTime: 1 },
      { refId: "2", type: "evaluateVariables", name: "Record", requisiteStageRefIds: ["1"], variables: [{ key: "done", value: "yes" }] },
    ],
  });
  // --- README example: end ---

  // a worker elsewhere (here: another engine on its own connections) runs it
  const workerEngine = createEngine({
    repository: new PostgresExecutionRepository({ connectionString }),
    queue: new PostgresQueue({ connectionString }),
  });
  const worker = workerEngine.startWorker({ concurrency: 4 });
  let done = await engine.get(execution.id);
  const deadline = Date.now() + 30_000;
  while (done && !isComplete(done.status) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    done = await engine.get(execution.id);
  }
  await worker.stop?.();
  await workerEngine.stop();
  await engine.stop();
  expect(done?.status).toBe("SUCCEEDED");
  expect(done?.stages.map((s) => s.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  await (workerEngine.queue as PostgresQueue).close();
  await (workerEngine.repository as PostgresExecutionRepository).close();
  await pool.end();
});
