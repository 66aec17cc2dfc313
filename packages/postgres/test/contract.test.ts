/**
 * The engine's contract suites, unchanged, against a real PostgreSQL 15 started for this file.
 */
import { queueContract, repositoryContract } from "@gennaker/core/testing";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { PostgresExecutionRepository, PostgresQueue } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";

let server: PostgresServer | undefined;
let pool: pg.Pool;
let schemas = 0;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 20 });
});

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

/** Every test gets a schema of its own (migrated on first use) and drops it afterwards. */
function freshSchema(): { schema: string; drop(): Promise<void> } {
  const schema = `contract_${process.pid}_${++schemas}`;
  return { schema, drop: async () => void (await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)) };
}

queueContract("PostgresQueue", async (clock) => {
  const { schema, drop } = freshSchema();
  const queue = new PostgresQueue({ pool, clock, maxAttempts: 3, schema });
  await queue.ready();
  return {
    queue,
    async close() {
      await queue.close();
      await drop();
    },
  };
});

repositoryContract("PostgresExecutionRepository", async () => {
  const { schema, drop } = freshSchema();
  const repository = new PostgresExecutionRepository({ pool, schema });
  await repository.ready();
  return {
    repository,
    async close() {
      await repository.close();
      await drop();
    },
  };
});
