/**
 * The `gennaker` CLI (core's built dist/cli.js) on a PostgreSQL store: `run --store --no-wait`
 * starts an execution in one process, `gennaker worker --store` processes run it, `run --store`
 * starts and runs one itself. (The error when @gennaker/postgres is missing: core's test/cli/store.test.ts.)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresServer } from "./pg-server.mjs";
import { waitUntil } from "./processes.js";

const require = createRequire(import.meta.url);
const CLI = join(require.resolve("@gennaker/core/package.json"), "..", "dist", "cli.js");

let server: PostgresServer | undefined;
let pool: pg.Pool;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 3 });
  dir = mkdtempSync(join(tmpdir(), "gennaker-cli-"));
  writeFileSync(
    join(dir, "deploy.json"),
    JSON.stringify({
      application: "payments",
      name: "Deploy payments",
      stages: [
        { refId: "1", type: "wait", name: "Bake", waitTime: 0.2 },
        { refId: "2a", type: "wait", name: "Canary", waitTime: 0.3, requisiteStageRefIds: ["1"] },
        { refId: "2b", type: "evaluateVariables", name: "Record", requisiteStageRefIds: ["1"], variables: [{ key: "region", value: "eu" }] },
        { refId: "3", type: "wait", name: "Promote", waitTime: 0.1, requisiteStageRefIds: ["2a", "2b"] },
      ],
    }),
  );
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await pool?.end();
  await server?.stop();
});

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function gennaker(args: string[]): { child: ChildProcess; done: Promise<Ran>; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Ran>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

const storeUrl = () => server!.connectionString;

describe("gennaker CLI with --store postgres://", () => {
  it("run --no-wait starts an execution and prints its id; a `gennaker worker` process runs it; SIGTERM stops the worker", async () => {
    const started = await gennaker(["run", "deploy.json", "--store", storeUrl(), "--no-wait"]).done;
    expect(started.code, started.stderr).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    expect(started.stderr).toContain(`started Deploy payments ${id}`);
    // nobody has run it yet
    const before = await pool.query(`SELECT status FROM gennaker.executions WHERE id = $1`, [id]);
    expect(before.rows[0].status).toBe("NOT_STARTED");

    const worker = gennaker(["worker", "--store", storeUrl(), "--concurrency", "2"]);
    await waitUntil(async () => worker.stderr().includes("worker running"), 20_000, "the worker to start");
    const status = await waitUntil(async () => {
      const r = await pool.query(`SELECT status FROM gennaker.executions WHERE id = $1`, [id]);
      return r.rows[0].status === "SUCCEEDED" ? r.rows[0].status : undefined;
    }, 20_000, "the execution to succeed");
    expect(status).toBe("SUCCEEDED");
    const stages = await pool.query(`SELECT body->>'name' AS name, body->>'status' AS status FROM gennaker.stages WHERE execution_id = $1 ORDER BY 1`, [id]);
    expect(stages.rows).toEqual([
      { name: "Bake", status: "SUCCEEDED" },
      { name: "Canary", status: "SUCCEEDED" },
      { name: "Promote", status: "SUCCEEDED" },
      { name: "Record", status: "SUCCEEDED" },
    ]);

    worker.child.kill("SIGTERM");
    const stopped = await worker.done;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/SIGTERM: stopping after the messages in hand[\s\S]*worker stopped/);
  });

  it("run --store starts the execution and runs it to the end in the same process (exit 0, --json)", async () => {
    const r = await gennaker(["run", "deploy.json", "--store", storeUrl(), "--json"]).done;
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.status).toBe("SUCCEEDED");
    const stored = await pool.query(`SELECT status FROM gennaker.executions WHERE id = $1`, [e.id]);
    expect(stored.rows[0].status).toBe("SUCCEEDED");
    expect(r.stderr).toContain("Promote (wait) SUCCEEDED");
  });

  it("refuses bad store arguments with exit code 2", async () => {
    const noStore = await gennaker(["run", "deploy.json", "--no-wait"]).done;
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain("--no-wait needs --store");
    const virtual = await gennaker(["run", "deploy.json", "--store", storeUrl(), "--virtual-time"]).done;
    expect(virtual.code).toBe(2);
    expect(virtual.stderr).toContain("--virtual-time cannot be combined with --store");
    const mysql = await gennaker(["worker", "--store", "mysql://root:secret@localhost/db"]).done;
    expect(mysql.code).toBe(2);
    expect(mysql.stderr).toContain('unsupported store "mysql"');
    expect(mysql.stderr).not.toContain("secret");
    const noUrl = await gennaker(["worker"]).done;
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("--store postgres://... is required");
  });
});
