/**
 * {@link PostgresQueue}: the engine's work queue on PostgreSQL — delayed delivery, de-duplication
 * of identical pending messages, leases taken with `FOR UPDATE SKIP LOCKED`, acks, redelivery after
 * lease expiry, dead letters with their reason, and LISTEN/NOTIFY wake-ups across processes.
 * @module
 */
import {
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  fingerprint,
  systemClock,
  type Clock,
  type DeadLetter,
  type Delivery,
  type Message,
  type Queue,
} from "@gennaker/core";
import type pg from "pg";
import {
  consoleLogger,
  DEFAULT_RECONNECT_FOR_MS,
  DEFAULT_SCHEMA,
  openPool,
  prepared,
  quoteSchema,
  Retrier,
  type Statement,
  type PostgresCommonOptions,
  type PostgresConnection,
  type PostgresLogger,
} from "./connection.js";
import { migrate } from "./migrations.js";

/** Options of {@link PostgresQueue}: a connection plus these. */
export type PostgresQueueOptions = PostgresConnection &
  PostgresCommonOptions & {
    /**
     * Source of time. Due times, lease expiries and dead-letter times are this clock's
     * milliseconds (stored as bigint), never the database's `now()`, so a virtual clock drives the
     * queue in tests. Default: the system clock.
     */
    clock?: Clock;
    /** Deliveries before a message becomes a dead letter (default 5). */
    maxAttempts?: number;
    /** Lease of a polled message when `poll` is not given one (default 60 s). */
    leaseMs?: number;
    /**
     * Send a NOTIFY on every push, so `onPush` listeners in other processes wake at once (default
     * true). Turn off when every worker polls on a short timer anyway.
     */
    notify?: boolean;
  };

interface PolledRow {
  outcome: "taken" | "dead";
  id: string;
  body: Message | null;
  attempts: number;
}

/** The execution a message belongs to (null for `StartWaitingExecutions`). */
function messageExecutionId(message: Message): string | null {
  return "executionId" in message ? message.executionId : null;
}

/** Postgres error code of a unique violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * A {@link Queue} on PostgreSQL (`pg`). Passes `queueContract` from `@gennaker/core/testing`.
 * Any number of processes may share one queue (same database and schema): a message is leased to
 * one poller at a time, and identical pending messages are merged by a partial unique index.
 *
 * ```ts
 * const queue = new PostgresQueue({ pool, maxAttempts: 5 });
 * const stop = queue.onPush(() => wakeWorker());
 * ```
 */
export class PostgresQueue implements Queue {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #schema: string;
  readonly #s: string;
  readonly #migrate: boolean;
  readonly #logger: PostgresLogger;
  readonly #clock: Clock;
  readonly #maxAttempts: number;
  readonly #leaseMs: number;
  readonly #notify: boolean;
  readonly #channel: string;
  readonly #listeners = new Set<() => void>();
  readonly #sql: ReturnType<typeof statements>;
  #ready: Promise<void> | undefined;
  readonly #retrier: Retrier;
  #subscription: NotificationSubscription | undefined;
  #closed = false;

  /** @param options the connection (`pool` or `connectionString`), clock, limits and schema. */
  constructor(options: PostgresQueueOptions) {
    this.#logger = options.logger ?? consoleLogger;
    const { pool, owned } = openPool(options, this.#logger);
    this.#pool = pool;
    this.#ownsPool = owned;
    this.#schema = options.schema ?? DEFAULT_SCHEMA;
    this.#s = quoteSchema(this.#schema);
    this.#migrate = options.migrate ?? true;
    this.#retrier = new Retrier(this.#logger, options.reconnectForMs ?? DEFAULT_RECONNECT_FOR_MS, "queue");
    this.#clock = options.clock ?? systemClock;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#notify = options.notify ?? true;
    this.#channel = `gennaker_queue_${this.#schema}`;
    this.#sql = statements(this.#s, this.#notify);
  }

  /** The pool this queue queries. */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /** Resolves once the schema is migrated (runs the migrations on first call unless `migrate: false`). */
  ready(): Promise<void> {
    if (!this.#migrate) return Promise.resolve();
    this.#ready ??= this.#retrier.run(() => migrate(this.#pool, { schema: this.#schema })).then(
      () => undefined,
      (err: unknown) => {
        this.#ready = undefined;
        throw err;
      },
    );
    return this.#ready;
  }

  async #query<R extends pg.QueryResultRow>(statement: string | Statement, values?: unknown[], onRetry?: () => void): Promise<pg.QueryResult<R>> {
    await this.ready();
    const config = typeof statement === "string" ? { text: statement } : statement;
    return this.#retrier.run((retried) => {
      if (retried) onRetry?.();
      return this.#pool.query<R>({ ...config, ...(values ? { values } : {}) });
    });
  }

  /** Current clock time as a whole number of ms (rounded down: "now" never runs ahead). */
  #now(): number {
    return Math.floor(this.#clock.now());
  }

  /** Due time of a delay (rounded up: a message is never delivered early). */
  #dueIn(delayMs: number): number {
    return Math.ceil(this.#clock.now() + Math.max(0, delayMs));
  }

  #rowValues(message: Message, delayMs: number): unknown[] {
    return [fingerprint(message), messageExecutionId(message), JSON.stringify(message), this.#dueIn(delayMs), this.#now(), this.#channel];
  }

  #fireLocal(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (err) {
        this.#logger.warn("an onPush listener threw", err);
      }
    }
  }

  async push(message: Message, delayMs = 0): Promise<void> {
    await this.#query(this.#sql.push, this.#rowValues(message, delayMs));
    this.#fireLocal();
  }

  async ensure(message: Message, delayMs = 0): Promise<void> {
    const result = await this.#query(this.#sql.ensure, this.#rowValues(message, delayMs));
    if ((result.rowCount ?? 0) > 0) this.#fireLocal();
  }

  async reschedule(message: Message, delayMs = 0): Promise<void> {
    const result = await this.#query(this.#sql.reschedule, [fingerprint(message), this.#dueIn(delayMs), this.#channel]);
    if ((result.rowCount ?? 0) > 0) this.#fireLocal();
  }

  async poll(leaseMs = this.#leaseMs): Promise<Delivery | undefined> {
    for (;;) {
      const now = this.#now();
      const result = await this.#query<PolledRow>(this.#sql.poll, [now, Math.ceil(now + Math.max(0, leaseMs)), this.#maxAttempts]);
      const row = result.rows[0];
      if (!row) return undefined;
      // a message whose last lease expired with no attempts left went to the dead letters: look again
      if (row.outcome === "dead") continue;
      return { id: row.id, message: row.body as Message, attempts: row.attempts };
    }
  }

  async ack(delivery: Delivery): Promise<void> {
    await this.#query(`DELETE FROM ${this.#s}.messages WHERE id = $1`, [delivery.id]);
  }

  /**
   * Retries (or dead-letters) the delivery — if it is still the current delivery of its message.
   * A worker whose lease expired meanwhile (the message went to another worker, `attempts` moved
   * on) changes nothing and gets `false`.
   */
  async retry(delivery: Delivery, reason: string, delayMs = 0): Promise<boolean> {
    if (delivery.attempts >= this.#maxAttempts) {
      const result = await this.#query(this.#sql.bury, [delivery.id, delivery.attempts, reason, this.#now()]);
      return (result.rowCount ?? 0) > 0;
    }
    for (let round = 0; ; round++) {
      try {
        const result = await this.#query(this.#sql.retry, [delivery.id, delivery.attempts, this.#dueIn(delayMs), this.#channel]);
        if ((result.rowCount ?? 0) > 0) this.#fireLocal();
        return false;
      } catch (err) {
        // an identical message was pushed between our twin check and the update: check again
        if (round < 5 && (err as { code?: string }).code === UNIQUE_VIOLATION) continue;
        throw err;
      }
    }
  }

  async nextDueAt(): Promise<number | undefined> {
    const result = await this.#query<{ due: string | null }>(`SELECT min(due_at)::text AS due FROM ${this.#s}.messages`);
    const due = result.rows[0]?.due;
    return due === null || due === undefined ? undefined : Number(due);
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const result = await this.#query<{ id: string; body: Message; attempts: number; reason: string; at: string }>(
      `SELECT message_id::text AS id, body, attempts, reason, at::text AS at FROM ${this.#s}.dead_letters ORDER BY id`,
    );
    return result.rows.map((r) => ({ id: r.id, message: r.body, attempts: r.attempts, reason: r.reason, at: Number(r.at) }));
  }

  async size(): Promise<number> {
    const result = await this.#query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.#s}.messages`);
    return result.rows[0]?.n ?? 0;
  }

  async messagesFor(executionId: string): Promise<Message[]> {
    const result = await this.#query<{ body: Message }>(
      `SELECT body FROM ${this.#s}.messages WHERE execution_id = $1 ORDER BY due_at, id`,
      [executionId],
    );
    return result.rows.map((r) => r.body);
  }

  /**
   * Calls `listener` after every push through this instance and, through LISTEN/NOTIFY, after
   * every push by any other process on the same schema. Holds one pooled connection for LISTEN
   * while anyone listens; if that connection is lost it is re-opened (with backoff) and listeners
   * are called once, since pushes may have been missed meanwhile.
   */
  onPush(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#subscription && !this.#closed) {
      this.#subscription = new NotificationSubscription(this.#pool, this.#channel, this.#logger, () => this.#fireLocal(), () => this.ready());
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#subscription) {
        const s = this.#subscription;
        this.#subscription = undefined;
        void s.stop();
      }
    };
  }

  /** Resolves once the LISTEN connection (if any listener is registered) is listening. */
  async listening(): Promise<void> {
    await this.#subscription?.connected();
  }

  /** Stops listening and ends the pool if this queue opened it; a host's pool is left open. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    const s = this.#subscription;
    this.#subscription = undefined;
    await s?.stop();
    if (this.#ownsPool) await this.#pool.end();
  }
}

/** A dedicated connection that LISTENs on a channel and re-connects when it is lost. */
class NotificationSubscription {
  readonly #pool: pg.Pool;
  readonly #channel: string;
  readonly #logger: PostgresLogger;
  readonly #fire: () => void;
  readonly #beforeConnect: () => Promise<void>;
  #client: pg.PoolClient | undefined;
  #stopped = false;
  #backoffMs = 100;
  #timer: NodeJS.Timeout | undefined;
  #connecting: Promise<void> | undefined;

  constructor(pool: pg.Pool, channel: string, logger: PostgresLogger, fire: () => void, beforeConnect: () => Promise<void>) {
    this.#pool = pool;
    this.#channel = channel;
    this.#logger = logger;
    this.#fire = fire;
    this.#beforeConnect = beforeConnect;
    this.#connecting = this.#connect(false);
  }

  connected(): Promise<void> {
    return this.#connecting ?? Promise.resolve();
  }

  async #connect(isReconnect: boolean): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      await this.#beforeConnect();
      client = await this.#pool.connect();
      if (this.#stopped) {
        client.release();
        return;
      }
      const c = client;
      let lost = false;
      const onLost = (err?: unknown) => {
        if (lost) return;
        lost = true;
        if (this.#client === c) this.#client = undefined;
        c.removeAllListeners("notification");
        try {
          c.release(err instanceof Error ? err : new Error("LISTEN connection ended"));
        } catch {
          // already released
        }
        if (!this.#stopped) {
          this.#logger.warn(`LISTEN connection on ${this.#channel} lost; reconnecting`, err);
          this.#scheduleReconnect();
        }
      };
      c.on("error", onLost);
      c.on("end", () => onLost());
      c.on("notification", (n) => {
        if (n.channel === this.#channel) this.#fire();
      });
      await c.query(`LISTEN "${this.#channel}"`);
      if (lost) return;
      this.#client = c;
      this.#backoffMs = 100;
      if (isReconnect) this.#fire(); // pushes may have happened while we were away
    } catch (err) {
      if (client) {
        try {
          client.release(err instanceof Error ? err : new Error(String(err)));
        } catch {
          // already released
        }
      }
      if (!this.#stopped) {
        this.#logger.warn(`cannot LISTEN on ${this.#channel}; retrying`, err);
        this.#scheduleReconnect();
      }
    }
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#timer) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, 5_000);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#connecting = this.#connect(true);
    }, delay);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#connecting?.catch(() => {});
    const c = this.#client;
    this.#client = undefined;
    if (c) {
      c.removeAllListeners("notification");
      try {
        await c.query(`UNLISTEN "${this.#channel}"`);
        c.release();
      } catch (err) {
        try {
          c.release(err instanceof Error ? err : new Error(String(err)));
        } catch {
          // already released
        }
      }
    }
  }
}

function statements(s: string, notify: boolean) {
  const insertColumns = `(fingerprint, execution_id, body, due_at, pushed_at)`;
  // one row per message written; the channel parameter is referenced even without notify, so both
  // variants take the same parameters
  const wake = (cte: string, channel = "$6") => `SELECT ${notify ? `pg_notify(${channel}, '')` : `${channel}::text`} FROM ${cte}`;
  const sql = {
    push: `
      WITH pushed AS (
        INSERT INTO ${s}.messages ${insertColumns} VALUES ($1, $2, $3::json, $4, $5)
        ON CONFLICT (fingerprint) WHERE NOT leased DO UPDATE SET due_at = EXCLUDED.due_at
        RETURNING 1
      )
      ${wake("pushed")}`,
    ensure: `
      WITH pushed AS (
        INSERT INTO ${s}.messages ${insertColumns}
        SELECT $1, $2, $3::json, $4, $5
        WHERE NOT EXISTS (SELECT 1 FROM ${s}.messages WHERE fingerprint = $1 AND leased)
        ON CONFLICT (fingerprint) WHERE NOT leased DO NOTHING
        RETURNING 1
      )
      ${wake("pushed")}`,
    reschedule: `
      WITH moved AS (
        UPDATE ${s}.messages SET due_at = $2 WHERE fingerprint = $1 AND NOT leased RETURNING 1
      )
      ${wake("moved", "$3")}`,
    poll: `
      WITH next AS (
        SELECT id, leased, attempts FROM ${s}.messages
        WHERE due_at <= $1
        ORDER BY due_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      ),
      dead AS (
        DELETE FROM ${s}.messages m USING next
        WHERE m.id = next.id AND next.leased AND next.attempts >= $3
        RETURNING m.id, m.fingerprint, m.execution_id, m.body, m.attempts
      ),
      buried AS (
        INSERT INTO ${s}.dead_letters (message_id, fingerprint, execution_id, body, attempts, reason, at)
        SELECT id, fingerprint, execution_id, body, attempts, 'lease expired ' || attempts || ' times', $1 FROM dead
      ),
      taken AS (
        UPDATE ${s}.messages m SET leased = true, attempts = m.attempts + 1, due_at = $2
        FROM next
        WHERE m.id = next.id AND NOT (next.leased AND next.attempts >= $3)
        RETURNING m.id, m.body, m.attempts
      )
      SELECT 'dead' AS outcome, id::text AS id, NULL::json AS body, attempts FROM dead
      UNION ALL
      SELECT 'taken', id::text, body, attempts FROM taken`,
    bury: `
      WITH dead AS (
        DELETE FROM ${s}.messages WHERE id = $1 AND leased AND attempts = $2
        RETURNING id, fingerprint, execution_id, body, attempts
      )
      INSERT INTO ${s}.dead_letters (message_id, fingerprint, execution_id, body, attempts, reason, at)
      SELECT id, fingerprint, execution_id, body, attempts, $3, $4 FROM dead`,
    // a failed delivery goes back to pending — unless an identical message was pushed while it was
    // in flight, which then stands for it (the retried copy is dropped)
    retry: `
      WITH mine AS (
        SELECT id, fingerprint FROM ${s}.messages WHERE id = $1 AND leased AND attempts = $2 FOR UPDATE
      ),
      twin AS (
        SELECT 1 FROM ${s}.messages t, mine WHERE t.fingerprint = mine.fingerprint AND NOT t.leased
      ),
      dropped AS (
        DELETE FROM ${s}.messages m USING mine WHERE m.id = mine.id AND EXISTS (SELECT 1 FROM twin) RETURNING 1
      ),
      requeued AS (
        UPDATE ${s}.messages m SET leased = false, due_at = $3 FROM mine
        WHERE m.id = mine.id AND NOT EXISTS (SELECT 1 FROM twin)
        RETURNING 1
      )
      ${wake("requeued", "$4")}`,
  };
  return Object.fromEntries(Object.entries(sql).map(([k, text]) => [k, prepared(text, k)])) as Record<keyof typeof sql, Statement>;
}
