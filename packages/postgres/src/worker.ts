/**
 * An engine wired to PostgreSQL ({@link createPostgresEngine}) and a ready-made worker process
 * ({@link runWorker}): periodic repair of stalled executions, graceful SIGTERM, and a worker that
 * keeps going when its database connections drop.
 * @module
 */
import { createEngine, Worker, zombieRepairMessages, type Engine, type EngineOptions, type Logger, type WorkerOptions } from "@gennaker/core";
import pg from "pg";
import {
  DEFAULT_RECONNECT_FOR_MS,
  DEFAULT_SCHEMA,
  quoteSchema,
  Retrier,
  type PostgresLogger,
} from "./connection.js";
import { migrate } from "./migrations.js";
import { PostgresQueue } from "./queue.js";
import { PostgresExecutionRepository } from "./repository.js";
import { PostgresStageLock } from "./stage-lock.js";
import { currentWork, UnitOfWork } from "./unit-of-work.js";

/** Options of {@link createPostgresEngine}: where the database is, queue tuning, and any engine option. */
export type PostgresEngineOptions = Omit<EngineOptions, "repository" | "queue" | "stageLock"> &
  (
    | {
        /** A pool the host created (and ends itself: `close()` leaves it open). */
        pool: pg.Pool;
        connectionString?: never;
      }
    | {
        /** `postgres://user:password@host:port/database`: the engine opens (and `close()` ends) its own pool. */
        connectionString: string;
        pool?: never;
      }
  ) & {
    /** Size of the pool opened from `connectionString` (default 10). */
    poolSize?: number;
    /** `application_name` of that pool's connections (default `gennaker`). */
    applicationName?: string;
    /** Schema holding the tables (default `gennaker`). */
    schema?: string;
    /** Lease of a delivered message: redelivered this long after a worker died holding it (default 60 s). */
    leaseMs?: number;
    /** Deliveries before a message becomes a dead letter (default 5). */
    maxAttempts?: number;
    /** NOTIFY other processes on every push (default true). */
    notify?: boolean;
    /** Lease of a stage lock, renewed while its holder lives (default 30 s). */
    lockLeaseMs?: number;
    /** How long statements are retried while the database is unreachable (default 60 s). */
    reconnectForMs?: number;
  };

/** An {@link Engine} on PostgreSQL, with its components and a `close()`. */
export interface PostgresEngine extends Engine {
  readonly repository: PostgresExecutionRepository;
  readonly queue: PostgresQueue;
  readonly stageLock: PostgresStageLock;
  /** The pool every component queries. */
  readonly pool: pg.Pool;
  /** The schema holding the tables. */
  readonly schema: string;
  /** Resolves once the schema is migrated (retrying while the database is unreachable). */
  ready(): Promise<void>;
  /** Stops this engine's workers (after the messages in hand), stops listening, releases locks, ends an owned pool. */
  close(): Promise<void>;
}

const consoleEngineLogger: Logger = {
  warn: (m, d) => console.warn(`[gennaker] ${m}`, d ?? ""),
  error: (m, d) => console.error(`[gennaker] ${m}`, d ?? ""),
};

function postgresLogger(logger: Logger): PostgresLogger {
  return {
    warn: (message, error) =>
      logger.warn(message, error === undefined ? undefined : { error: error instanceof Error ? error.message : String(error) }),
  };
}

/**
 * Creates an engine whose repository, queue and stage lock live in PostgreSQL, on one pool.
 * Any number of processes may create one on the same database: they share executions and work.
 *
 * ```ts
 * const engine = createPostgresEngine({ connectionString: process.env.DATABASE_URL!, stages: [myStage] });
 * const execution = await engine.start(pipelineJson);   // any process may run it
 * engine.startWorker({ concurrency: 4 });
 * // ...
 * await engine.close();
 * ```
 */
export function createPostgresEngine(options: PostgresEngineOptions): PostgresEngine {
  const {
    pool: hostPool,
    connectionString,
    poolSize,
    applicationName,
    schema = DEFAULT_SCHEMA,
    leaseMs,
    maxAttempts,
    notify,
    lockLeaseMs,
    reconnectForMs = DEFAULT_RECONNECT_FOR_MS,
    ...engineOptions
  } = options;
  quoteSchema(schema);
  const logger = engineOptions.logger ?? consoleEngineLogger;
  const pgLogger = postgresLogger(logger);
  let pool: pg.Pool;
  let ownsPool = false;
  if (hostPool) pool = hostPool;
  else if (typeof connectionString === "string") {
    pool = new pg.Pool({ connectionString, max: poolSize ?? 10, application_name: applicationName ?? "gennaker" });
    // an idle connection that dies (server restart, pg_terminate_backend) must not crash the process
    pool.on("error", (err) => pgLogger.warn("idle database connection lost", err));
    ownsPool = true;
  } else {
    throw new TypeError("createPostgresEngine needs a pool or a connectionString");
  }
  const common = { pool, schema, logger: pgLogger, reconnectForMs };
  const repository = new PostgresExecutionRepository(common);
  const queue = new PostgresQueue({
    ...common,
    ...(engineOptions.clock ? { clock: engineOptions.clock } : {}),
    ...(leaseMs !== undefined ? { leaseMs } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(notify !== undefined ? { notify } : {}),
  });
  const stageLock = new PostgresStageLock({
    ...common,
    ...(engineOptions.clock ? { clock: engineOptions.clock } : {}),
    ...(lockLeaseMs !== undefined ? { leaseMs: lockLeaseMs } : {}),
  });
  queue.attachStageLock(stageLock);
  const engine = createEngine({ ...engineOptions, logger, repository, queue, stageLock });
  // worker loops run each message in a unit of work: batched polls, buffered acks and pushes
  const clock = engine.clock;
  const processInUnit = (): Promise<boolean> => {
    const work = new UnitOfWork(queue, schema);
    return currentWork.run(work, async () => {
      try {
        return await engine.processNext();
      } finally {
        queue.endWork(work);
      }
    });
  };
  const workers = new Set<Worker>();
  const stopEngine = engine.stop.bind(engine);
  const startWorker = (options?: WorkerOptions): Worker => {
    const w = new Worker({ ...options, processNext: processInUnit, queue, clock });
    workers.add(w);
    w.start();
    return w;
  };
  const stop = async (): Promise<void> => {
    await Promise.all([...workers].map((w) => w.stop()));
    workers.clear();
    await stopEngine();
    await queue.flush();
  };
  const retrier = new Retrier(pgLogger, reconnectForMs, "migrations");
  let ready: Promise<void> | undefined;
  let closed: Promise<void> | undefined;
  return Object.assign(engine, {
    startWorker,
    stop,
    repository,
    queue,
    stageLock,
    pool,
    schema,
    ready(): Promise<void> {
      ready ??= retrier.run(() => migrate(pool, { schema })).then(
        () => Promise.all([repository.ready(), queue.ready(), stageLock.ready()]).then(() => undefined),
        (error: unknown) => {
          ready = undefined;
          throw error;
        },
      );
      return ready;
    },
    close(): Promise<void> {
      closed ??= (async () => {
        await engine.stop();
        await queue.close();
        await stageLock.close();
        await repository.close();
        if (ownsPool) await pool.end();
      })();
      return closed;
    },
  });
}

/**
 * Finds RUNNING executions with nothing queued or in flight and re-drives them through the
 * engine's idempotent handlers (Orca's zombie check).
 *
 * "Nothing queued" is one statement, so it reads the execution and the queue in one snapshot. A
 * handler always pushes its follow-ups before its own message is acked, and a message in flight
 * is still a row (leased), so a snapshot never shows a live execution without a message — except
 * for the instant a host operation (resume) flips the status before pushing. To rule that out,
 * an execution is repaired only when two consecutive checks saw it stalled at the same version,
 * i.e. it has been stalled for at least one check interval; and repairing is idempotent anyway.
 */
export class StalledExecutionCheck {
  readonly #engine: PostgresEngine;
  readonly #sql: string;
  #seen = new Map<string, number>();

  constructor(engine: PostgresEngine) {
    this.#engine = engine;
    const s = quoteSchema(engine.schema);
    this.#sql = `
      SELECT e.id, e.version FROM ${s}.executions e
      WHERE e.status = 'RUNNING'
        AND NOT EXISTS (SELECT 1 FROM ${s}.messages m WHERE m.execution_id = e.id)`;
  }

  /** One check: returns the ids of the executions repaired (seen stalled twice at the same version). */
  async run(): Promise<string[]> {
    await this.#engine.ready();
    const result = await this.#engine.pool.query<{ id: string; version: number }>(this.#sql);
    const next = new Map<string, number>();
    const repaired: string[] = [];
    for (const { id, version } of result.rows) {
      if (this.#seen.get(id) !== version) {
        next.set(id, version);
        continue;
      }
      const e = await this.#engine.repository.retrieve(id);
      if (!e || e.status !== "RUNNING" || e.version !== version) continue;
      for (const m of zombieRepairMessages(e)) await this.#engine.queue.push(m);
      repaired.push(id);
    }
    this.#seen = next;
    return repaired;
  }
}

/** Options of {@link runWorker}: the engine's options plus the worker's. */
export type RunWorkerOptions = PostgresEngineOptions & {
  /** Messages handled at once (default 4). */
  concurrency?: number;
  /** Longest sleep between queue checks when nothing wakes the worker (default 1 s). */
  maxIdleMs?: number;
  /** Interval of the stalled-execution check (default 30 s; 0 turns it off). */
  zombieCheckEveryMs?: number;
  /** Signals that stop the worker gracefully (default SIGTERM and SIGINT; `false`: none). A second one exits at once. */
  signals?: readonly NodeJS.Signals[] | false;
  /** Aborting it stops the worker gracefully. */
  signal?: AbortSignal;
};

/** A running {@link runWorker}. */
export interface RunningWorker {
  readonly engine: PostgresEngine;
  /** Resolves once the worker has stopped and closed its connections. */
  readonly stopped: Promise<void>;
  /** Stops after the messages in hand are handled, then closes the engine. */
  stop(): Promise<void>;
}

/**
 * Runs a worker: migrates (waiting for the database if need be), handles messages with
 * `concurrency` loops, repairs stalled executions every `zombieCheckEveryMs`, logs handler errors
 * and dead letters, survives lost connections (statements are retried, the LISTEN connection
 * re-opened), and on SIGTERM / SIGINT finishes the messages in hand and closes.
 *
 * ```ts
 * const worker = await runWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 8, stages: [myStage] });
 * await worker.stopped; // until SIGTERM
 * ```
 */
export async function runWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const { concurrency = 4, maxIdleMs, zombieCheckEveryMs = 30_000, signals = ["SIGTERM", "SIGINT"], signal, ...engineOptions } = options;
  const engine = createPostgresEngine(engineOptions);
  const logger = engineOptions.logger ?? consoleEngineLogger;
  engine.events.on("handlerError", (e) => {
    const kind = (e.message as { kind?: string }).kind ?? "message";
    logger.warn(`handling ${kind} failed (attempt ${e.attempts})`, { error: e.error instanceof Error ? e.error.message : String(e.error) });
  });
  engine.events.on("deadLetter", (d) => logger.error(`${d.message.kind} moved to the dead letters after ${d.attempts} attempts`, { reason: d.reason }));

  let stopping: Promise<void> | undefined;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let timer: NodeJS.Timeout | undefined;
  // the engine's own timers never keep a process alive: a worker must stay up until stopped
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let checking: Promise<unknown> | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      logger.error(`${sig} again while stopping: exiting now`);
      process.exit(1);
    }
    logger.warn(`${sig}: stopping after the messages in hand`);
    void stop();
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (timer) clearInterval(timer);
      clearInterval(keepAlive);
      signal?.removeEventListener("abort", onAbort);
      try {
        await checking;
        await engine.close();
      } finally {
        if (signals) for (const s of signals) process.off(s, onSignal);
        resolveStopped();
      }
    })();
    return stopping;
  };
  const onAbort = () => void stop();

  if (signals) for (const s of signals) process.on(s, onSignal);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await engine.ready();
  } catch (error) {
    await stop();
    throw error;
  }
  if (stopping) return { engine, stopped, stop };
  engine.startWorker({ concurrency, ...(maxIdleMs !== undefined ? { maxIdleMs } : {}) });
  if (zombieCheckEveryMs > 0) {
    const check = new StalledExecutionCheck(engine);
    timer = setInterval(() => {
      if (checking || stopping) return;
      checking = check
        .run()
        .then((ids) => {
          if (ids.length > 0) logger.warn(`re-drove ${ids.length} stalled execution(s)`, { executionIds: ids });
        })
        .catch((error: unknown) => logger.warn("stalled-execution check failed", { error: error instanceof Error ? error.message : String(error) }))
        .finally(() => (checking = undefined));
    }, zombieCheckEveryMs);
  }
  if (signal?.aborted) void stop();
  return { engine, stopped, stop };
}
