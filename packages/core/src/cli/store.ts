/**
 * `--store postgres://...` and `gennaker worker`: the CLI on a shared PostgreSQL store. Core does
 * not depend on `pg`: `@gennaker/postgres` is loaded with a dynamic `import()` only when a store
 * is given, and a clear error says how to install it when it is missing.
 * @module
 */
import type { Engine, EngineOptions } from "../engine/engine.js";
import type { Logger } from "../engine/runtime.js";
import type { StageDefinition } from "../spi/stage-definition.js";

/** What the CLI uses of `@gennaker/postgres` (declared here: core has no dependency on it). */
export interface PostgresModule {
  createPostgresEngine(options: EngineOptions & { connectionString: string; applicationName?: string }): Engine & { close(): Promise<void>; ready(): Promise<void> };
  runWorker(
    options: EngineOptions & {
      connectionString: string;
      applicationName?: string;
      concurrency?: number;
      signals?: readonly NodeJS.Signals[] | false;
      signal?: AbortSignal;
    },
  ): Promise<{ stopped: Promise<void>; stop(): Promise<void> }>;
}

/** The store is unusable (package missing, bad URL): the message says what to do; exit code 2. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreError";
  }
}

/** The package `--store postgres://` needs. */
export const POSTGRES_PACKAGE = "@gennaker/postgres";

/** Checks a `--store` value: a `postgres://` or `postgresql://` URL. @throws StoreError */
export function checkStoreUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreError(`--store ${JSON.stringify(url)}: not a URL (expected postgres://user:password@host:port/database)`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StoreError(`--store ${redact(url)}: unsupported store ${JSON.stringify(parsed.protocol.replace(/:$/, ""))} (expected postgres://user:password@host:port/database)`);
  }
  return url;
}

/** The URL with its password masked, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Loads `@gennaker/postgres`. `importer` is replaceable for tests.
 * @throws StoreError when the package is not installed.
 */
export async function loadPostgres(importer: (specifier: string) => Promise<unknown> = (s) => import(s)): Promise<PostgresModule> {
  let mod: unknown;
  try {
    mod = await importer(POSTGRES_PACKAGE);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    // only the package itself missing, not a dependency of an installed one
    if ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && new RegExp(`Cannot find (package|module) '${POSTGRES_PACKAGE}'`).test(message)) {
      throw new StoreError(
        `--store postgres://... needs the ${POSTGRES_PACKAGE} package, which is not installed.\n` + `  Install it next to @gennaker/core:  npm install ${POSTGRES_PACKAGE}`,
      );
    }
    throw error;
  }
  const m = mod as Partial<PostgresModule>;
  if (typeof m.createPostgresEngine !== "function" || typeof m.runWorker !== "function") {
    throw new StoreError(`the installed ${POSTGRES_PACKAGE} is too old for the CLI (it lacks createPostgresEngine / runWorker); upgrade it`);
  }
  return m as PostgresModule;
}

/** An engine on the store at `url` (this process's pool is closed by `close()`). */
export async function openStoreEngine(url: string, options: EngineOptions, importer?: (specifier: string) => Promise<unknown>): Promise<Engine & { close(): Promise<void> }> {
  const pg = await loadPostgres(importer);
  const engine = pg.createPostgresEngine({ ...options, connectionString: checkStoreUrl(url), applicationName: "gennaker-cli" });
  await engine.ready();
  return engine;
}

/** What `gennaker worker` needs from the command line and the process. */
export interface WorkerRun {
  store: string;
  concurrency: number;
  stages?: readonly StageDefinition[];
  timeZone?: string;
  /** Progress and warnings, one line each. */
  out: { write(text: string): unknown };
  /** Aborting stops the worker after the messages in hand (Ctrl-C). */
  signal?: AbortSignal;
  importer?: (specifier: string) => Promise<unknown>;
}

/**
 * `gennaker worker --store URL`: runs messages of every execution in the store until SIGTERM or
 * Ctrl-C, then finishes the messages in hand and exits 0. While it runs it handles SIGTERM itself
 * (a second SIGTERM exits at once).
 */
export async function runStoreWorker(run: WorkerRun): Promise<void> {
  const pg = await loadPostgres(run.importer);
  const url = checkStoreUrl(run.store);
  const stamp = () => new Date().toISOString();
  const line = (level: string, message: string, details?: Record<string, unknown>) =>
    void run.out.write(`${stamp()} ${level} ${message}${details ? ` ${JSON.stringify(details)}` : ""}\n`);
  const logger: Logger = { warn: (m, d) => line("warn", m, d), error: (m, d) => line("error", m, d) };
  const worker = await pg.runWorker({
    connectionString: url,
    applicationName: "gennaker-worker",
    concurrency: run.concurrency,
    logger,
    signals: ["SIGTERM"],
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.stages ? { stages: run.stages } : {}),
    ...(run.timeZone ? { timeZone: run.timeZone } : {}),
  });
  line("info", `worker running on ${redact(url)} with concurrency ${run.concurrency}; SIGTERM or Ctrl-C stops it`);
  await worker.stopped;
  line("info", "worker stopped");
}
