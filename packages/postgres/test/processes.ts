/**
 * Helpers for tests that run workers in other processes: fork `worker-process.mjs` (which runs on
 * the built dist), wait for it to poll, collect its output, wait for PostgreSQL state.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type pg from "pg";

const WORKER_SCRIPT = fileURLToPath(new URL("./worker-process.mjs", import.meta.url));

/** Configuration a worker process reads from $GENNAKER_TEST_WORKER. */
export interface WorkerConfig {
  connectionString: string;
  schema: string;
  name: string;
  concurrency?: number;
  leaseMs?: number;
  lockLeaseMs?: number;
  maxAttempts?: number;
  zombieCheckEveryMs?: number;
  maxIdleMs?: number;
  poolSize?: number;
}

/** A forked worker process. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** stderr and stdout lines so far. */
  readonly output: string[];
  /** Resolves when the worker says it is polling (rejects if it exits first). */
  readonly ready: Promise<void>;
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
}

/** Forks a worker process running `worker-process.mjs` with `config`. */
export function forkWorker(config: WorkerConfig): WorkerProcess {
  const child = fork(WORKER_SCRIPT, [], {
    env: { ...process.env, GENNAKER_TEST_WORKER: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") output.push(line);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on("message", (m: { type?: string }) => {
      if (m?.type === "ready") resolve();
    });
    void exited.then(({ code, signal }) => reject(new Error(`worker ${config.name} exited (${code ?? signal}) before it was ready:\n${output.join("\n")}`)));
  });
  ready.catch(() => undefined);
  return {
    name: config.name,
    child,
    output,
    ready,
    exited,
    get alive() {
      return alive;
    },
  };
}

/** Polls `fn` every `everyMs` until it returns a truthy value; throws after `timeoutMs`. */
export async function waitUntil<T>(fn: () => Promise<T>, timeoutMs: number, what: string, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Executions by status, e.g. `{ SUCCEEDED: 20 }`. */
export async function statusCounts(pool: pg.Pool, schema: string): Promise<Record<string, number>> {
  const rows = await pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM "${schema}".executions GROUP BY status`);
  return Object.fromEntries(rows.rows.map((r) => [r.status, r.n]));
}

/** Creates the table worker processes record their task runs in. */
export async function createRunsTable(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS "${schema}".runs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker text NOT NULL, pid integer NOT NULL, execution_id text NOT NULL, stage_id text NOT NULL,
      task_id text NOT NULL, task text NOT NULL, phase text NOT NULL, at bigint NOT NULL)`);
}
