/**
 * PostgreSQL-specific behaviour beyond the contract suites: migrations, partial stage writes,
 * retention, LISTEN/NOTIFY across instances (and after a lost connection), several queue
 * instances sharing one schema, stale retries.
 */
import { VirtualClock, type Delivery, type Message, type PipelineExecution } from "@gennaker/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS, PostgresExecutionRepository, PostgresQueue, type PostgresLogger } from "../src/index.js";
import { executionFixture, stageFixture } from "@gennaker/core/testing";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";

let server: PostgresServer | undefined;
let pool: pg.Pool;
let schemas = 0;
const newSchema = () => `t_${process.pid}_${++schemas}`;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 20 });
});

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

const runTask = (executionId: string, stageId: string): Message => ({
  kind: "RunTask",
  executionType: "pipeline",
  executionId,
  application: "payments",
  stageId,
  taskId: "1",
  taskType: "wait",
});

async function waitFor(predicate: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function quietLogger(): PostgresLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => void warnings.push(message) };
}

describe("migrate", () => {
  it("applies every migration once, even when many processes start at the same time", async () => {
    const schema = newSchema();
    const results = await Promise.all(Array.from({ length: 6 }, () => migrate(pool, { schema })));
    const applied = results.flatMap((r) => r.applied);
    expect(applied).toEqual(MIGRATIONS.map((m) => m.version));
    for (const r of results) expect(r.version).toBe(MIGRATIONS.at(-1)!.version);
    const rows = await pool.query(`SELECT version, name FROM "${schema}".gennaker_migrations ORDER BY version`);
    expect(rows.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect((await migrate(pool, { schema })).applied).toEqual([]);
  });

  it("applies only the migrations a schema lacks", async () => {
    const schema = newSchema();
    const extra = { version: MIGRATIONS.length + 1, name: "test: extra column", sql: (s: string) => `ALTER TABLE ${s}.executions ADD COLUMN note text` };
    expect((await migrate(pool, { schema })).applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect((await migrate(pool, { schema, migrations: [...MIGRATIONS, extra] })).applied).toEqual([extra.version]);
    expect((await migrate(pool, { schema, migrations: [...MIGRATIONS, extra] })).applied).toEqual([]);
  });

  it("rolls back a failing migration completely", async () => {
    const schema = newSchema();
    await migrate(pool, { schema });
    const broken = { version: 99, name: "broken", sql: (s: string) => `ALTER TABLE ${s}.executions ADD COLUMN x text; SELECT no_such_function()` };
    await expect(migrate(pool, { schema, migrations: [...MIGRATIONS, broken] })).rejects.toThrow(/no_such_function/);
    const cols = await pool.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'executions' AND column_name = 'x'`, [schema]);
    expect(cols.rowCount).toBe(0);
    expect((await pool.query(`SELECT max(version) AS v FROM "${schema}".gennaker_migrations`)).rows[0].v).toBe(MIGRATIONS.at(-1)!.version);
  });

  it("refuses a schema name that is not a plain identifier", () => {
    expect(() => new PostgresQueue({ pool, schema: 'x"; DROP TABLE y; --' })).toThrow(TypeError);
    expect(() => new PostgresExecutionRepository({ pool, schema: "" })).toThrow(TypeError);
  });
});

describe("PostgresExecutionRepository", () => {
  it("opens and closes its own pool from a connection string", async () => {
    const schema = newSchema();
    const repository = new PostgresExecutionRepository({ connectionString: server!.connectionString, schema, poolSize: 2 });
    const e = await repository.create(executionFixture());
    expect((await repository.retrieve(e.id))?.version).toBe(1);
    await repository.close();
    expect(repository.pool.ended).toBe(true);
  });

  it("leaves a host's pool open on close", async () => {
    const repository = new PostgresExecutionRepository({ pool, schema: newSchema() });
    await repository.ready();
    await repository.close();
    expect(pool.ended).toBe(false);
  });

  it("rewrites only the stages named in the changes", async () => {
    const schema = newSchema();
    const repository = new PostgresExecutionRepository({ pool, schema });
    const created = await repository.create(executionFixture());
    const xmins = async () =>
      new Map(
        (await pool.query<{ id: string; xmin: string }>(`SELECT id, xmin::text FROM "${schema}".stages WHERE execution_id = $1`, [created.id])).rows.map(
          (r) => [r.id, r.xmin],
        ),
      );
    const before = await xmins();
    const target = created.stages[2]!;
    const next: PipelineExecution = { ...created, stages: created.stages.map((s) => (s.id === target.id ? { ...s, status: "SUCCEEDED" } : s)) };
    await repository.update(next, { stages: new Set([target.id]), removedStages: new Set(), execution: false, order: false });
    const after = await xmins();
    for (const s of created.stages) {
      if (s.id === target.id) expect(after.get(s.id)).not.toBe(before.get(s.id));
      else expect(after.get(s.id)).toBe(before.get(s.id));
    }
  });

  it("indexes the list queries", async () => {
    const schema = newSchema();
    const repository = new PostgresExecutionRepository({ pool, schema });
    await repository.ready();
    const plan = async (where: string) => {
      const client = await pool.connect();
      try {
        await client.query("SET enable_seqscan = off");
        const r = await client.query(`EXPLAIN SELECT id FROM "${schema}".executions e WHERE ${where} ORDER BY build_time DESC, id DESC LIMIT 10`);
        return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
      } finally {
        await client.query("RESET enable_seqscan");
        client.release();
      }
    };
    expect(await plan("application = 'payments'")).toMatch(/executions_application/);
    expect(await plan("pipeline_config_id = 'cfg'")).toMatch(/executions_pipeline_config/);
    expect(await plan("status = 'RUNNING'")).toMatch(/executions_status/);
    expect(await plan("build_time >= 5")).toMatch(/executions_build_time/);
  });

  it("purges old completed executions with their stages, in batches, and nothing else", async () => {
    const schema = newSchema();
    const repository = new PostgresExecutionRepository({ pool, schema });
    const T = Date.UTC(2026, 0, 1);
    const old = [];
    for (let i = 0; i < 7; i++) old.push(await repository.create(executionFixture({ status: i % 2 ? "SUCCEEDED" : "TERMINAL", buildTime: T - 10_000 + i })));
    const oldRunning = await repository.create(executionFixture({ status: "RUNNING", buildTime: T - 10_000 }));
    const recent = await repository.create(executionFixture({ status: "SUCCEEDED", buildTime: T + 1 }));
    expect(await repository.purgeExecutions({ olderThan: T, batchSize: 3 })).toBe(7);
    expect((await repository.list()).map((e) => e.id).sort()).toEqual([oldRunning.id, recent.id].sort());
    const stages = await pool.query(`SELECT DISTINCT execution_id FROM "${schema}".stages`);
    expect(stages.rows.map((r) => r.execution_id).sort()).toEqual([oldRunning.id, recent.id].sort());
    expect(await repository.purgeExecutions({ olderThan: T, statuses: ["RUNNING"] })).toBe(1);
    expect(await repository.purgeExecutions({ olderThan: T })).toBe(0);
  });

  it("keeps stages of an execution whose top-level fields alone change", async () => {
    const repository = new PostgresExecutionRepository({ pool, schema: newSchema() });
    const created = await repository.create(executionFixture({ stages: [stageFixture(), stageFixture({ refId: "2" })] }));
    const updated = await repository.update({ ...created, status: "SUCCEEDED" }, { stages: new Set(), removedStages: new Set(), execution: true, order: false });
    expect(await repository.retrieve(created.id)).toEqual(updated);
  });
});

describe("PostgresQueue", () => {
  it("wakes onPush listeners of another instance (another process) through NOTIFY", async () => {
    const schema = newSchema();
    const a = new PostgresQueue({ connectionString: server!.connectionString, schema });
    const b = new PostgresQueue({ connectionString: server!.connectionString, schema });
    try {
      let calls = 0;
      b.onPush(() => void calls++);
      await b.listening();
      await a.push(runTask("e1", "s1"));
      await waitFor(() => calls > 0);
      // ensure of a message already queued writes nothing and wakes nobody; a new one does
      const seen = calls;
      await a.ensure(runTask("e1", "s1"));
      await a.ensure(runTask("e1", "s2"));
      await waitFor(() => calls > seen);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("re-opens a lost LISTEN connection, logs it, and wakes listeners again", async () => {
    const schema = newSchema();
    const logger = quietLogger();
    const a = new PostgresQueue({ pool, schema });
    const b = new PostgresQueue({ connectionString: server!.connectionString, schema, logger });
    try {
      let calls = 0;
      b.onPush(() => void calls++);
      await b.listening();
      const killed = await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN "gennaker_queue_${schema}"`],
      );
      expect(killed.rowCount).toBe(1);
      // the reconnect itself wakes listeners once (pushes may have been missed)
      await waitFor(() => calls > 0);
      expect(logger.warnings.join("\n")).toMatch(/LISTEN connection .* lost/);
      await b.listening();
      const seen = calls;
      await a.push(runTask("e1", "s1"));
      await waitFor(() => calls > seen);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("stops listening when the last listener unsubscribes", async () => {
    const schema = newSchema();
    const q = new PostgresQueue({ pool, schema });
    const listeners = async () =>
      (await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1`, [`LISTEN "gennaker_queue_${schema}"`])).rows[0].n as number;
    const off1 = q.onPush(() => {});
    const off2 = q.onPush(() => {});
    await q.listening();
    expect(await listeners()).toBe(1);
    off1();
    expect(await listeners()).toBe(1);
    off2();
    const deadline = Date.now() + 5_000;
    while ((await listeners()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await listeners()).toBe(0);
    await q.close();
  });

  it("shares the work between several instances: every message handled exactly once", async () => {
    const schema = newSchema();
    const clock = new VirtualClock();
    const queues = Array.from({ length: 4 }, () => new PostgresQueue({ connectionString: server!.connectionString, schema, clock, poolSize: 4 }));
    try {
      const producer = queues[0]!;
      for (let i = 0; i < 200; i++) await producer.push(runTask(`e${i % 7}`, `s${i}`));
      const handled: string[] = [];
      await Promise.all(
        queues.flatMap((q) =>
          Array.from({ length: 3 }, async () => {
            for (let d = await q.poll(600_000); d; d = await q.poll(600_000)) {
              handled.push((d.message as { stageId: string }).stageId);
              await q.ack(d);
            }
          }),
        ),
      );
      expect(handled).toHaveLength(200);
      expect(new Set(handled).size).toBe(200);
      expect(await producer.size()).toBe(0);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
  });

  it("ignores a retry from a worker whose lease expired and whose message went to another worker", async () => {
    const schema = newSchema();
    const clock = new VirtualClock();
    const q = new PostgresQueue({ pool, schema, clock, maxAttempts: 3 });
    await q.push(runTask("e1", "s1"));
    const first = (await q.poll(1_000)) as Delivery;
    clock.advance(1_000);
    const second = (await q.poll(60_000)) as Delivery;
    expect(second.attempts).toBe(2);
    expect(await q.retry(first, "late failure", 0)).toBe(false);
    expect(await q.poll(60_000)).toBeUndefined(); // still leased by the second worker
    await q.ack(second);
    expect(await q.size()).toBe(0);
    await q.close();
  });

  it("runs on fractional clocks without delivering early", async () => {
    const schema = newSchema();
    let now = 1_000.6;
    const q = new PostgresQueue({ pool, schema, clock: { now: () => now, setTimer: () => ({ cancel() {} }) } });
    await q.push(runTask("e1", "s1"), 10.2);
    now = 1_010.7;
    expect(await q.poll()).toBeUndefined();
    now = 1_011;
    expect(await q.poll()).toBeDefined();
    await q.close();
  });
});
