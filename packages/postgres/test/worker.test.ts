/**
 * createPostgresEngine and runWorker in this process: a worker survives its connections being
 * terminated mid-run, a poison message goes to the dead letters without blocking anything, a
 * message for an unknown execution is dropped, and the stalled-execution check repairs only what
 * is really stalled.
 */
import { isComplete, type Logger } from "@gennaker/core";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPostgresEngine, runWorker, StalledExecutionCheck, type PostgresEngine } from "../src/index.js";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";
import { statusCounts, waitUntil } from "./processes.js";
import { branchyPipeline, testStages } from "./test-stages.mjs";

let server: PostgresServer | undefined;
let pool: pg.Pool;
let schemas = 0;
const newSchema = () => `w_${process.pid}_${++schemas}`;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 10 });
});

/** Engines and workers to close after each test, even a failed one. */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!().catch(() => undefined);
});

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (m, d) => void lines.push(`warn ${m}${d ? ` ${JSON.stringify(d)}` : ""}`),
    error: (m, d) => void lines.push(`error ${m}${d ? ` ${JSON.stringify(d)}` : ""}`),
  };
}

function starter(schema: string, extra: Partial<Parameters<typeof createPostgresEngine>[0]> = {}): PostgresEngine {
  const engine = createPostgresEngine({ pool, schema, stages: testStages, logger: recordingLogger(), ...extra } as Parameters<typeof createPostgresEngine>[0]);
  cleanups.push(() => engine.close());
  return engine;
}

async function worker(options: Parameters<typeof runWorker>[0]): Promise<Awaited<ReturnType<typeof runWorker>>> {
  const w = await runWorker({ signals: false, ...options });
  cleanups.push(() => w.stop());
  return w;
}

describe("createPostgresEngine", () => {
  it("runs a pipeline end to end on PostgreSQL, with the stage lock in the database", async () => {
    const schema = newSchema();
    const engine = starter(schema);
    engine.startWorker({ concurrency: 4 });
    const e = await engine.start(branchyPipeline("solo"));
    const done = await waitUntil(async () => {
      const x = await engine.get(e.id);
      return x && isComplete(x.status) ? x : undefined;
    }, 20_000, "the execution to complete");
    expect(done.status).toBe("SUCCEEDED");
    expect(engine.stageLock.heldKeys).toEqual([]);
    await engine.close();
    expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".stage_locks`)).rows[0].n).toBe(0);
  });
});

describe("worker loops (unit of work)", () => {
  /** Runs 5 branchy pipelines on one engine whose pool counts statements by name. */
  async function countStatements(messagesPerTurn: number): Promise<{ messages: number; total: number; byKind: Record<string, number> }> {
    const schema = newSchema();
    const counted = new pg.Pool({ connectionString: server!.connectionString, max: 10 });
    const statements = new Map<string, number>();
    const query = counted.query.bind(counted) as (...args: unknown[]) => unknown;
    (counted as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const q = args[0] as string | { name?: string; text: string };
      const key = typeof q === "string" ? q.trim().split(/\s+/).slice(0, 2).join(" ") : (q.name ?? q.text.trim().split(/\s+/).slice(0, 2).join(" ")).replace(/_[0-9a-z]+$/, "");
      statements.set(key, (statements.get(key) ?? 0) + 1);
      return query(...args);
    };
    const engine = createPostgresEngine({ pool: counted, schema, stages: testStages, logger: recordingLogger(), messagesPerTurn });
    cleanups.push(async () => {
      await engine.close();
      await counted.end();
    });
    await engine.ready();
    for (let i = 0; i < 5; i++) await engine.start(branchyPipeline(`counted ${i}`));
    statements.clear();
    engine.startWorker({ concurrency: 8 });
    await waitUntil(async () => (await statusCounts(pool, schema))["SUCCEEDED"] === 5, 30_000, "5 SUCCEEDED executions");
    await engine.stop();
    // queue messages written after the 5 StartExecution messages
    const messages = Number((await pool.query(`SELECT last_value FROM "${schema}".messages_id_seq`)).rows[0].last_value) - 5;
    return { messages, total: [...statements.values()].reduce((a, b) => a + b, 0), byKind: Object.fromEntries(statements) };
  }

  it("send a little over one statement per message: polls, acks, pushes, locks and reads share one work() call", async () => {
    const { messages, total, byKind } = await countStatements(1);
    // every handled message writes its execution at most once (gk_update_*), and the rest of its
    // round trips (poll, ack, pushes, stage lock, read) ride on shared work() calls
    expect(byKind["gk_ack"] ?? 0).toBe(0);
    expect(byKind["gk_push"] ?? 0).toBe(0);
    expect(byKind["gk_poll"] ?? 0).toBe(0);
    expect(byKind["gk_lock_acquire"] ?? 0).toBe(0);
    expect(byKind["gk_retrieve"] ?? 0).toBeLessThan(messages * 0.1);
    expect(total / messages, JSON.stringify({ messages, byKind })).toBeLessThan(2.5);
  });

  it("turns (the default) cut the statements of the same work by more than half: follow-ups never touch the database", async () => {
    const oneByOne = await countStatements(1);
    const turns = await countStatements(100);
    expect(turns.messages, "queue messages written").toBeLessThan(oneByOne.messages / 2);
    expect(turns.total, JSON.stringify({ oneByOne, turns })).toBeLessThan(oneByOne.total / 2);
    expect(turns.byKind["gk_push"] ?? 0).toBe(0);
    expect(turns.byKind["gk_lock_acquire"] ?? 0).toBe(0);
  });
});

describe("runWorker", () => {
  it("logs, retries and resumes when its database connections are terminated mid-run", async () => {
    const schema = newSchema();
    const engine = starter(schema);
    await engine.ready();
    const logger = recordingLogger();
    const running = await worker({
      connectionString: server!.connectionString,
      applicationName: "gennaker-drop-test",
      schema,
      concurrency: 4,
      maxIdleMs: 200,
      stages: testStages,
      logger,
      signals: false,
    });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await engine.start(branchyPipeline(`drop ${i}`))).id);
    // terminate the worker's connections again and again (at least 6 rounds) until one statement
    // was cut off mid-flight and retried (work is quick, so most kills hit idle connections)
    let terminated = 0;
    for (let round = 0; round < 400 && (round < 6 || !/database reachable again/.test(logger.lines.join("\n"))); round++) {
      await new Promise((r) => setTimeout(r, round < 6 ? 250 : 25));
      const killed = await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gennaker-drop-test' AND pid <> pg_backend_pid()`,
      );
      terminated += killed.rowCount ?? 0;
    }
    await waitUntil(async () => (await statusCounts(pool, schema))["SUCCEEDED"] === 10, 45_000, "10 SUCCEEDED executions").catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await statusCounts(pool, schema))}\n${logger.lines.join("\n")}`);
    });
    expect(terminated).toBeGreaterThan(6);
    const log = logger.lines.join("\n");
    expect(log).toMatch(/terminating connection due to administrator command.*; retrying|connection.*lost/i);
    expect(log).toMatch(/database reachable again/);
    expect(await engine.queue.deadLetters()).toEqual([]);
    await running.stop();
    await running.stopped;
    await engine.close();
  });

  it("moves a poison message to the dead letters without blocking other executions, and drops messages for unknown executions", async () => {
    const schema = newSchema();
    const engine = starter(schema, { maxAttempts: 3 });
    await engine.ready();
    const logger = recordingLogger();
    const running = await worker({ pool, schema, concurrency: 2, maxIdleMs: 200, maxAttempts: 3, stages: testStages, logger, signals: false });

    // a message about an execution nobody knows: handled (ignored with a warning), never retried
    await engine.queue.push({ kind: "StartStage", executionType: "pipeline", executionId: "no-such-execution", application: "x", stageId: "s" });
    // a pipeline whose second stage's task handler throws every time
    const poisoned = await engine.start({
      application: "crashtest",
      name: "poisoned",
      stages: [
        { refId: "1", type: "wait", name: "first", waitTime: 0.1 },
        { refId: "2", type: "testPoison", name: "poison", requisiteStageRefIds: ["1"] },
      ],
    });
    const healthy: string[] = [];
    for (let i = 0; i < 6; i++) healthy.push((await engine.start(branchyPipeline(`healthy ${i}`))).id);

    const done = await waitUntil(async () => {
      const all = await Promise.all([poisoned.id, ...healthy].map((id) => engine.get(id)));
      return all.every((x) => x && isComplete(x.status)) ? all : undefined;
    }, 30_000, "every execution to complete");
    const letters = await engine.queue.deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message).toMatchObject({ kind: "RunTask", executionId: poisoned.id });
    expect(letters[0]!.attempts).toBe(3);
    expect(letters[0]!.reason).toMatch(/poison: this task's timeout cannot be computed/);
    // the dead letter's follow-up (CompleteTask TERMINAL) failed the task, the stage and the execution
    const p = done[0]!;
    expect(p.status).toBe("TERMINAL");
    expect(p.stages.find((s) => s.name === "poison")!.status).toBe("TERMINAL");
    expect(p.stages.find((s) => s.name === "poison")!.tasks[0]!.status).toBe("TERMINAL");
    // healthy executions never waited for the poison message's retries
    for (const h of done.slice(1)) {
      expect(h!.status).toBe("SUCCEEDED");
      expect(h!.endTime!).toBeLessThan(letters[0]!.at);
    }
    expect(logger.lines.join("\n")).toMatch(/warn handling RunTask failed \(attempt 1\)/);
    expect(logger.lines.join("\n")).toMatch(/error RunTask moved to the dead letters after 3 attempts/);
    await waitUntil(async () => (await engine.queue.size()) === 0, 5_000, "an empty queue");
    await running.stop();
    await engine.close();
  });
});

describe("StalledExecutionCheck", () => {
  it("repairs an execution only after two checks saw it RUNNING with nothing queued at the same version", async () => {
    const schema = newSchema();
    const engine = starter(schema);
    await engine.ready();
    const stalled = await engine.start(branchyPipeline("stalled"));
    // run a few messages here, then lose the rest of the queue (as if a crash lost them)
    for (let i = 0; i < 4; i++) await engine.processNext();
    expect((await engine.get(stalled.id))!.status).toBe("RUNNING");
    await pool.query(`DELETE FROM "${schema}".messages WHERE execution_id = $1`, [stalled.id]);

    // another execution with a message in flight (leased by a worker that is still handling it)
    const busy = await engine.start({ application: "crashtest", name: "busy", stages: [{ refId: "1", type: "wait", name: "w", waitTime: 60 }] });
    while ((await engine.get(busy.id))!.stages[0]!.status !== "RUNNING") await engine.processNext();
    await pool.query(`UPDATE "${schema}".messages SET leased = true, due_at = due_at + 600000 WHERE execution_id = $1`, [busy.id]);

    const check = new StalledExecutionCheck(engine);
    expect(await check.run()).toEqual([]); // first sighting only
    expect(await check.run()).toEqual([stalled.id]);
    expect(await check.run()).toEqual([]); // repaired: it has messages again

    engine.startWorker({ concurrency: 4 });
    const done = await waitUntil(async () => {
      const x = await engine.get(stalled.id);
      return x && isComplete(x.status) ? x : undefined;
    }, 20_000, "the repaired execution to complete");
    expect(done.status).toBe("SUCCEEDED");
    expect((await engine.get(busy.id))!.status).toBe("RUNNING");
    await engine.close();
  });

  it("does not repair an execution that moved on between two checks", async () => {
    const schema = newSchema();
    const engine = starter(schema);
    await engine.ready();
    const e = await engine.start(branchyPipeline("moving"));
    for (let i = 0; i < 3; i++) await engine.processNext();
    await pool.query(`DELETE FROM "${schema}".messages WHERE execution_id = $1`, [e.id]);
    const check = new StalledExecutionCheck(engine);
    expect(await check.run()).toEqual([]);
    // someone writes the execution (its version moves) between the checks
    await engine.updateStage(e.id, "soak", { note: "touched" });
    expect(await check.run()).toEqual([]);
    expect(await check.run()).toEqual([e.id]);
    await engine.close();
  });
});
