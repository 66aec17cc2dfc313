/**
 * The crash test. Four worker processes run pipelines with parallel branches, waits, retryable
 * failures and monitors while the test kills them with SIGKILL at 110 random (seeded) moments and
 * restarts them. Afterwards:
 *
 * - every execution completed (SUCCEEDED, every stage and task SUCCEEDED), nothing was
 *   dead-lettered, the queue is empty;
 * - each task's completion was recorded exactly once and no completed task, stage or execution
 *   ever changed status again. The record is the database's own: triggers on `executions` and
 *   `stages` log every status transition (of executions, stages and each task inside a stage's
 *   body) into an audit table, in the same transaction as the write, so nothing a worker did can
 *   escape it.
 *
 * Leases are short (2 s) so a killed worker's messages are redelivered quickly; waits and
 * backoffs are 100–300 ms on the real clock. `CRASH_SEED` and `CRASH_KILLS` override the seed and
 * the number of kills.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPostgresEngine } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";
import { createRunsTable, forkWorker, statusCounts, waitUntil, type WorkerProcess } from "./processes.js";
import { branchyPipeline, testStages } from "./test-stages.mjs";

const SEED = Number(process.env.CRASH_SEED ?? 20_260_101);
const KILLS = Number(process.env.CRASH_KILLS ?? 110);
const EXECUTIONS = 40;
const WORKERS = 4;
const SCHEMA = "crash";
const COMPLETE = ["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"];

let server: PostgresServer | undefined;
let pool: pg.Pool;
const spawned: WorkerProcess[] = [];

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 5 });
});

afterAll(async () => {
  for (const w of spawned) if (w.alive) w.child.kill("SIGKILL");
  await pool?.end();
  await server?.stop();
});

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Audit of every status transition, written by triggers in the writing transaction. */
async function installAudit(schema: string): Promise<void> {
  const s = `"${schema}"`;
  await pool.query(`
    CREATE TABLE ${s}.audit (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      execution_id text NOT NULL,
      stage_id text,
      task_id text,
      old_status text,
      new_status text NOT NULL,
      txid bigint NOT NULL DEFAULT txid_current(),
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE FUNCTION ${s}.audit_execution() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
        INSERT INTO ${s}.audit (kind, execution_id, old_status, new_status)
        VALUES ('execution', NEW.id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER audit AFTER INSERT OR UPDATE ON ${s}.executions FOR EACH ROW EXECUTE FUNCTION ${s}.audit_execution();
    CREATE FUNCTION ${s}.audit_stage() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      before_status text;
      task json;
      before_task text;
    BEGIN
      before_status := CASE WHEN TG_OP = 'UPDATE' THEN OLD.body->>'status' END;
      IF before_status IS DISTINCT FROM NEW.body->>'status' THEN
        INSERT INTO ${s}.audit (kind, execution_id, stage_id, old_status, new_status)
        VALUES ('stage', NEW.execution_id, NEW.id, before_status, NEW.body->>'status');
      END IF;
      FOR task IN SELECT * FROM json_array_elements(NEW.body->'tasks') LOOP
        before_task := NULL;
        IF TG_OP = 'UPDATE' THEN
          SELECT t->>'status' INTO before_task FROM json_array_elements(OLD.body->'tasks') t WHERE t->>'id' = task->>'id';
        END IF;
        IF before_task IS DISTINCT FROM task->>'status' THEN
          INSERT INTO ${s}.audit (kind, execution_id, stage_id, task_id, old_status, new_status)
          VALUES ('task', NEW.execution_id, NEW.id, task->>'id', before_task, task->>'status');
        END IF;
      END LOOP;
      IF TG_OP = 'UPDATE' AND json_array_length(OLD.body->'tasks') > json_array_length(NEW.body->'tasks') THEN
        INSERT INTO ${s}.audit (kind, execution_id, stage_id, old_status, new_status)
        VALUES ('tasks-removed', NEW.execution_id, NEW.id, NULL, 'REMOVED');
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER audit AFTER INSERT OR UPDATE ON ${s}.stages FOR EACH ROW EXECUTE FUNCTION ${s}.audit_stage();
    CREATE FUNCTION ${s}.audit_stage_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${s}.audit (kind, execution_id, stage_id, old_status, new_status)
      VALUES ('stage-deleted', OLD.execution_id, OLD.id, OLD.body->>'status', 'DELETED');
      RETURN NULL;
    END $$;
    CREATE TRIGGER audit_delete AFTER DELETE ON ${s}.stages FOR EACH ROW EXECUTE FUNCTION ${s}.audit_stage_delete();
  `);
}

it(`survives ${KILLS} SIGKILLs of its worker processes: every execution completes, every completion recorded once, nothing revived`, async () => {
  const random = prng(SEED);
  const starter = createPostgresEngine({ pool, schema: SCHEMA, stages: testStages });
  await starter.ready();
  await createRunsTable(pool, SCHEMA);
  await installAudit(SCHEMA);

  // --- worker slots, restarted whenever their process dies ---
  let stopping = false;
  let generation = 0;
  const slots: WorkerProcess[] = [];
  const ready = new Set<WorkerProcess>();
  const launch = (slot: number) => {
    const w = forkWorker({
      connectionString: server!.connectionString,
      schema: SCHEMA,
      name: `slot${slot}.${++generation}`,
      concurrency: 4,
      leaseMs: 2_000,
      lockLeaseMs: 1_000,
      maxAttempts: 10,
      zombieCheckEveryMs: 1_000,
      maxIdleMs: 250,
      poolSize: 6,
    });
    spawned.push(w);
    slots[slot] = w;
    void w.ready.then(() => ready.add(w)).catch(() => undefined);
    void w.exited.then(() => {
      ready.delete(w);
      if (!stopping) setTimeout(() => launch(slot), Math.floor(random() * 200));
    });
  };
  for (let i = 0; i < WORKERS; i++) launch(i);
  await Promise.all(slots.map((w) => w.ready));

  // --- pipelines: a first wave, then more while the killing goes on ---
  const ids: string[] = [];
  const startOne = async () => ids.push((await starter.start(branchyPipeline(`crash ${ids.length}`))).id);
  for (let i = 0; i < 10; i++) await startOne();

  // --- the kills ---
  const started = Date.now();
  let kills = 0;
  let killsWhileRunning = 0;
  const startEvery = Math.max(1, Math.floor(KILLS / (EXECUTIONS - 10)));
  while (kills < KILLS) {
    await new Promise((r) => setTimeout(r, 50 + Math.floor(random() * 250)));
    const candidates = [...ready];
    if (candidates.length === 0) continue;
    const victim = candidates[Math.floor(random() * candidates.length)]!;
    const running = (await statusCounts(pool, SCHEMA))["RUNNING"] ?? 0;
    victim.child.kill("SIGKILL");
    ready.delete(victim);
    kills++;
    if (running > 0) killsWhileRunning++;
    if (kills % startEvery === 0 && ids.length < EXECUTIONS) await startOne();
  }
  while (ids.length < EXECUTIONS) await startOne();
  const killPhaseMs = Date.now() - started;

  // --- let the survivors finish ---
  await waitUntil(async () => {
    const counts = await statusCounts(pool, SCHEMA);
    return (counts["SUCCEEDED"] ?? 0) + (counts["TERMINAL"] ?? 0) + (counts["CANCELED"] ?? 0) === EXECUTIONS;
  }, 90_000, `${EXECUTIONS} completed executions`).catch(async (error) => {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(await statusCounts(pool, SCHEMA))}`);
  });
  const totalMs = Date.now() - started;
  stopping = true;
  for (const w of slots) w.child.kill("SIGTERM");
  const exits = await Promise.all(slots.map((w) => w.exited));

  // 1. every execution completed successfully, nothing dead-lettered, nothing left queued
  const executions = await Promise.all(ids.map((id) => starter.get(id)));
  let tasks = 0;
  for (const e of executions) {
    expect(e?.status).toBe("SUCCEEDED");
    for (const s of e!.stages) {
      expect(s.status).toBe("SUCCEEDED");
      for (const t of s.tasks) {
        expect(t.status).toBe("SUCCEEDED");
        tasks++;
      }
    }
  }
  expect(await starter.queue.deadLetters()).toEqual([]);
  expect(await starter.queue.size()).toBe(0);

  // 2. the audit: no transition ever left a completed status...
  const revived = await pool.query(`SELECT * FROM "${SCHEMA}".audit WHERE old_status = ANY($1::text[]) OR kind IN ('tasks-removed', 'stage-deleted')`, [COMPLETE]);
  expect(revived.rows).toEqual([]);
  // ...and every task, stage and execution entered a completed status exactly once
  const completions = await pool.query<{ kind: string; execution_id: string; stage_id: string | null; task_id: string | null; n: number }>(
    `SELECT kind, execution_id, stage_id, task_id, count(*)::int AS n FROM "${SCHEMA}".audit
     WHERE new_status = ANY($1::text[]) GROUP BY kind, execution_id, stage_id, task_id`,
    [COMPLETE],
  );
  const duplicates = completions.rows.filter((r) => r.n !== 1);
  expect(duplicates).toEqual([]);
  const byKind = (k: string) => completions.rows.filter((r) => r.kind === k).length;
  const stages = executions.reduce((n, e) => n + e!.stages.length, 0);
  expect(byKind("execution")).toBe(EXECUTIONS);
  expect(byKind("stage")).toBe(stages);
  expect(byKind("task")).toBe(tasks);

  // what the kills did: task bodies cut off mid-run, bodies run again after a crash, work spread
  const runs = await pool.query<{ interrupted: number; bodies: number; rerun: number; processes: number; repaired: number }>(`
    WITH per AS (
      SELECT pid, execution_id, stage_id, task_id,
             count(*) FILTER (WHERE phase = 'begin') AS begins,
             count(*) FILTER (WHERE phase <> 'begin') AS ends
      FROM "${SCHEMA}".runs GROUP BY 1, 2, 3, 4
    ),
    finished AS (
      SELECT execution_id, stage_id, task_id, count(*) AS n FROM "${SCHEMA}".runs
      WHERE phase = 'end' AND task IN ('first', 'second', 'flaky') GROUP BY 1, 2, 3
    )
    SELECT (SELECT coalesce(sum(greatest(begins - ends, 0)), 0)::int FROM per) AS interrupted,
           (SELECT count(*)::int FROM "${SCHEMA}".runs WHERE phase = 'begin') AS bodies,
           (SELECT count(*)::int FROM finished WHERE n > 1) AS rerun,
           (SELECT count(DISTINCT pid)::int FROM "${SCHEMA}".runs) AS processes,
           0 AS repaired`);
  const r = runs.rows[0]!;
  const output = spawned.flatMap((w) => w.output);
  const repairedLines = output.filter((l) => /re-drove/.test(l)).length;
  const summary = {
    seed: SEED,
    kills,
    killsWhileRunning,
    workerProcesses: generation,
    processesThatRanTasks: r.processes,
    executions: EXECUTIONS,
    stages,
    tasks,
    taskCompletionsRecorded: byKind("task"),
    duplicateCompletions: duplicates.length,
    transitionsOutOfCompleted: revived.rowCount,
    taskBodiesRun: r.bodies,
    taskBodiesCutOffBySigkill: r.interrupted,
    tasksWhoseBodyFinishedTwice: r.rerun,
    stalledExecutionRepairs: repairedLines,
    deadLetters: 0,
    killPhaseSeconds: Math.round(killPhaseMs / 100) / 10,
    totalSeconds: Math.round(totalMs / 100) / 10,
  };
  console.log(`crash test: ${JSON.stringify(summary)}`);
  expect(kills).toBeGreaterThanOrEqual(100);
  expect(killsWhileRunning).toBeGreaterThanOrEqual(100);
  expect(r.interrupted).toBeGreaterThan(0); // the kills really landed mid-task
  for (const exit of exits) expect(exit).toEqual({ code: 0, signal: null });

  // negative control: the audit does catch a revival (a completed stage flipped back to RUNNING)
  await pool.query(
    `UPDATE "${SCHEMA}".stages SET body = json_build_object('id', id, 'status', 'RUNNING', 'tasks', body->'tasks') WHERE execution_id = $1 AND id = $2`,
    [ids[0], executions[0]!.stages[0]!.id],
  );
  const caught = await pool.query(`SELECT kind, old_status, new_status FROM "${SCHEMA}".audit WHERE old_status = ANY($1::text[])`, [COMPLETE]);
  expect(caught.rows).toEqual([{ kind: "stage", old_status: "SUCCEEDED", new_status: "RUNNING" }]);
  await starter.close();
}, 240_000);
