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
import { randomUUID } from "node:crypto";
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
import { MigrationGate } from "./migrations.js";
import { currentWork, type ExecutionRow, type QueueOp, type UnitOfWork } from "./unit-of-work.js";

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
     * Send a NOTIFY after pushes, so `onPush` listeners in other processes wake at once (default
     * true). The NOTIFY is a statement of its own, sent after the push committed and at most once
     * per `notifyEveryMs` per process: a NOTIFY inside the pushing transaction would
     * serialize the commits of every pushing transaction on PostgreSQL's notification lock. The
     * first push after a quiet spell notifies at once; under load (when other workers are busy
     * anyway) at most one NOTIFY per 50 ms is sent. Turn off when every worker polls on a short
     * timer anyway.
     */
    notify?: boolean;
    /** Least time between two NOTIFYs of this queue (default 50 ms). */
    notifyEveryMs?: number;
  };

/** What the stage lock lends the queue so a worker's poll can take RunTask locks (see attachStageLock). */
export interface BatchLockSource {
  /** Token prefix of locks taken by polls of this process. */
  readonly batchOwner: string;
  /** Lease of a lock (ms). */
  readonly leaseMs: number;
  /** The schema the lock lives in. */
  readonly schema: string;
}

interface WorkRow {
  id: string;
  body: Message;
  attempts: number;
  lock_key: string | null;
  lock_owner: string | null;
  e_version: number | null;
  e_stage_ids: string[] | null;
  e_body: Record<string, unknown> | null;
  e_stages: unknown[] | null;
  next_due: string | null;
}

interface Waiter {
  work: UnitOfWork;
  leaseMs: number;
  resolve(delivery: Delivery | undefined): void;
  reject(error: unknown): void;
}

interface Outbox {
  acks: string[];
  ops: QueueOp[];
  releases: Array<{ key: string; token: string }>;
}

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

/** How long the next due time reported by a batch is trusted (pushes here forget it at once). */
const NEXT_DUE_FRESH_MS = 20;
/** When messages are due but this process could not take them, its idle loops look again after this. */
const BUSY_RETRY_MS = 100;

/** Batched polls of one queue in flight at once (measured: two in flight make smaller batches and are slower). */
const MAX_BATCHES_IN_FLIGHT = 1;

/** A message of an execution leased less than this long ago keeps the execution's other messages waiting. */
const AFFINITY_MS = 1_000;

/** Postgres error code of a unique violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * A {@link Queue} on PostgreSQL (`pg`). Passes `queueContract` from `@gennaker/core/testing`.
 * Any number of processes may share one queue (same database and schema): a message is leased to
 * one poller at a time, and identical pending messages are merged by a partial unique index.
 *
 * Called from a worker loop of {@link createPostgresEngine} (inside a unit of work), `poll` is
 * batched: the polls of all idle loops of the process, the acks, pushes and lock releases of the
 * handlers that just finished, the stage locks of RunTask messages and the executions of the
 * messages taken all go in one call of the schema's `work()` function. Everywhere else each call
 * is a statement of its own.
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
  readonly #migration: MigrationGate;
  readonly #logger: PostgresLogger;
  readonly #clock: Clock;
  readonly #maxAttempts: number;
  readonly #leaseMs: number;
  readonly #notify: boolean;
  readonly #notifyEveryMs: number;
  readonly #channel: string;
  readonly #listeners = new Set<() => void>();
  readonly #sql: ReturnType<typeof statements>;
  readonly #retrier: Retrier;
  #subscription: NotificationSubscription | undefined;
  #closed = false;
  #lockSource: BatchLockSource | undefined;
  /** Identifies this queue instance's leases (execution affinity between worker processes). */
  readonly #owner = randomUUID();
  // batching (worker loops only)
  #waiting: Waiter[] = [];
  #outbox: Outbox = { acks: [], ops: [], releases: [] };
  readonly #inFlight = new Set<Promise<void>>();
  #flushTimer: NodeJS.Timeout | undefined;
  // throttled NOTIFY
  #notifyTimer: NodeJS.Timeout | undefined;
  #lastNotify = 0;
  #notifying: Promise<void> | undefined;
  // the next due time a batch reported to the pollers it left idle, and a nextDueAt query in flight
  #nextDue: { value: number | undefined; at: number } | undefined;
  #nextDueQuery: Promise<number | undefined> | undefined;

  /** @param options the connection (`pool` or `connectionString`), clock, limits and schema. */
  constructor(options: PostgresQueueOptions) {
    this.#logger = options.logger ?? consoleLogger;
    const { pool, owned } = openPool(options, this.#logger);
    this.#pool = pool;
    this.#ownsPool = owned;
    this.#schema = options.schema ?? DEFAULT_SCHEMA;
    this.#s = quoteSchema(this.#schema);
    this.#retrier = new Retrier(this.#logger, options.reconnectForMs ?? DEFAULT_RECONNECT_FOR_MS, "queue");
    this.#migration = new MigrationGate(this.#pool, this.#schema, this.#retrier, options.migrate ?? true);
    this.#clock = options.clock ?? systemClock;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#notify = options.notify ?? true;
    this.#notifyEveryMs = Math.max(0, options.notifyEveryMs ?? 50);
    this.#channel = `gennaker_queue_${this.#schema}`;
    this.#sql = statements(this.#s);
  }

  /** The pool this queue queries. */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /** The schema holding the queue's tables. */
  get schema(): string {
    return this.#schema;
  }

  /**
   * Lets batched polls take the stage locks of RunTask messages they lease, on behalf of `lock`
   * (a {@link PostgresStageLock} on the same schema), saving the handler a round trip.
   */
  attachStageLock(lock: BatchLockSource): void {
    if (lock.schema !== this.#schema) throw new TypeError(`the stage lock's schema ${lock.schema} is not the queue's ${this.#schema}`);
    this.#lockSource = lock;
  }

  /** Resolves once the schema is migrated (runs the migrations on first call unless `migrate: false`). */
  ready(): Promise<void> {
    return this.#migration.ready();
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
    return [fingerprint(message), messageExecutionId(message), JSON.stringify(message), this.#dueIn(delayMs), this.#now()];
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

  /** Wakes listeners here at once and in other processes through a (throttled) NOTIFY. */
  #pushed(): void {
    this.#nextDue = undefined;
    this.#fireLocal();
    this.#notifySoon();
  }

  #notifySoon(): void {
    if (!this.#notify || this.#notifyTimer || this.#closed) return;
    const wait = Math.max(0, this.#lastNotify + this.#notifyEveryMs - Date.now());
    this.#notifyTimer = setTimeout(() => {
      this.#notifyTimer = undefined;
      this.#lastNotify = Date.now();
      this.#notifying = this.#pool
        .query({ ...this.#sql.notify, values: [this.#channel] })
        .then(
          () => undefined,
          (err: unknown) => this.#logger.warn("NOTIFY failed (listeners wake at their next poll)", err),
        );
    }, wait);
    this.#notifyTimer.unref();
  }

  /** The unit of work of a handler of this queue's worker loop that buffers writes now, if any. */
  #buffering(): UnitOfWork | undefined {
    const work = currentWork.getStore();
    return work && work.queue === this && work.delivery !== undefined && !work.finished ? work : undefined;
  }

  #buffer(work: UnitOfWork, op: QueueOp["op"], message: Message, delayMs: number): void {
    work.ops.push({ op, fingerprint: fingerprint(message), executionId: messageExecutionId(message), body: JSON.stringify(message), dueAt: this.#dueIn(delayMs) });
  }

  async push(message: Message, delayMs = 0): Promise<void> {
    const work = this.#buffering();
    if (work) return this.#buffer(work, "push", message, delayMs);
    await this.#query(this.#sql.push, this.#rowValues(message, delayMs));
    this.#pushed();
  }

  async ensure(message: Message, delayMs = 0): Promise<void> {
    const work = this.#buffering();
    if (work) return this.#buffer(work, "ensure", message, delayMs);
    const result = await this.#query(this.#sql.ensure, this.#rowValues(message, delayMs));
    if ((result.rowCount ?? 0) > 0) this.#pushed();
  }

  async reschedule(message: Message, delayMs = 0): Promise<void> {
    const work = this.#buffering();
    if (work) return this.#buffer(work, "reschedule", message, delayMs);
    const result = await this.#query(this.#sql.reschedule, [fingerprint(message), this.#dueIn(delayMs)]);
    if ((result.rowCount ?? 0) > 0) this.#pushed();
  }

  async poll(leaseMs = this.#leaseMs): Promise<Delivery | undefined> {
    const work = currentWork.getStore();
    if (work && work.queue === this && work.delivery === undefined && !work.finished) return this.#pollBatched(work, leaseMs);
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

  async #pollBatched(work: UnitOfWork, leaseMs: number): Promise<Delivery | undefined> {
    const delivery = await new Promise<Delivery | undefined>((resolve, reject) => {
      this.#waiting.push({ work, leaseMs, resolve, reject });
      this.#kick();
    });
    if (!delivery) return undefined;
    const executionId = messageExecutionId(delivery.message);
    // one local handler per execution at a time (they would only cause each other version conflicts)
    if (executionId !== null) await work.enterGate(executionId);
    return delivery;
  }

  #outboxSize(): number {
    return this.#outbox.acks.length + this.#outbox.ops.length + this.#outbox.releases.length;
  }

  /** Starts a batch if none is in flight and someone waits (or, soon, if only writes wait). */
  #kick(): void {
    if (this.#inFlight.size >= MAX_BATCHES_IN_FLIGHT) return;
    if (this.#waiting.length > 0) {
      this.#startBatch();
      return;
    }
    if (this.#outboxSize() > 0 && !this.#flushTimer) {
      // nobody polls right now: write the buffered work shortly (a poll would carry it sooner)
      this.#flushTimer = setTimeout(() => {
        this.#flushTimer = undefined;
        if (this.#inFlight.size === 0 && this.#outboxSize() > 0) this.#startBatch();
      }, 5);
      this.#flushTimer.unref();
    }
  }

  #startBatch(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    const waiters = this.#waiting.splice(0);
    const out = this.#outbox;
    this.#outbox = { acks: [], ops: [], releases: [] };
    // one lock order for every batch (two batches, of this process or another, that upsert the
    // same two fingerprints in opposite orders would deadlock); the order of the writes to one
    // fingerprint, the only order that matters, is kept (a stable sort)
    out.ops.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
    const batch: Promise<void> = this.#runBatch(waiters, out).finally(() => {
      this.#inFlight.delete(batch);
      this.#kick();
    });
    this.#inFlight.add(batch);
  }

  async #runBatch(waiters: Waiter[], out: Outbox): Promise<void> {
    const now = this.#now();
    const leaseMs = Math.max(0, ...waiters.map((w) => w.leaseMs));
    const lock = this.#lockSource;
    let rows: WorkRow[];
    try {
      const result = await this.#query<WorkRow>(this.#sql.work, [
        now,
        Math.ceil(now + leaseMs),
        this.#maxAttempts,
        waiters.length,
        out.acks,
        out.ops.map((o) => o.op),
        out.ops.map((o) => o.fingerprint),
        out.ops.map((o) => o.executionId),
        out.ops.map((o) => o.body),
        out.ops.map((o) => o.dueAt),
        out.releases.map((r) => r.key),
        out.releases.map((r) => r.token),
        waiters.length > 0 && lock ? lock.batchOwner : null,
        lock ? Math.ceil(now + lock.leaseMs) : null,
        this.#owner,
        AFFINITY_MS,
      ]);
      rows = result.rows.filter((r) => r.id !== null);
      const idle = result.rows.find((r) => r.id === null);
      if (idle) this.#nextDue = { value: idle.next_due === null ? undefined : Number(idle.next_due), at: Date.now() };
    } catch (error) {
      // keep the writes for the next batch (acks are idempotent, pushes merge); the pollers fail
      this.#outbox.acks.unshift(...out.acks);
      this.#outbox.ops.unshift(...out.ops);
      this.#outbox.releases.unshift(...out.releases);
      for (const w of waiters) w.reject(error);
      return;
    }
    if (out.ops.length > 0) {
      // wake this process's idle loops only if this batch found work for all its pollers (there may
      // be more); otherwise nothing more can be taken now and the idle loops sleep until next_due
      if (rows.length >= waiters.length) {
        this.#nextDue = undefined;
        this.#fireLocal();
      }
      this.#notifySoon();
    }
    for (const [i, w] of waiters.entries()) {
      const row = rows[i];
      if (!row) {
        w.resolve(undefined);
        continue;
      }
      const delivery: Delivery = { id: String(row.id), message: row.body, attempts: row.attempts };
      w.work.delivery = delivery;
      const executionId = messageExecutionId(row.body);
      if (executionId !== null) {
        const execution: ExecutionRow | null =
          row.e_version === null ? null : { version: row.e_version, stage_ids: row.e_stage_ids ?? [], body: row.e_body ?? {}, stages: row.e_stages };
        w.work.prefetch = { executionId, row: execution };
      }
      if (lock && row.body.kind === "RunTask") {
        w.work.preLock = { key: `${row.body.executionId}:${row.body.stageId}`, token: row.lock_owner, consumed: false };
      }
      w.resolve(delivery);
    }
  }

  /** Moves what a finished unit of work buffered into the outbox. */
  #finish(work: UnitOfWork, ack: string | undefined): void {
    work.finished = true;
    if (ack !== undefined) this.#outbox.acks.push(ack);
    this.#outbox.ops.push(...work.ops.splice(0));
    this.#outbox.releases.push(...work.releases.splice(0));
    const pre = work.preLock;
    if (pre && pre.token !== null && !pre.consumed) {
      pre.consumed = true;
      this.#outbox.releases.push({ key: pre.key, token: pre.token });
    }
    work.leaveGate();
  }

  /**
   * Ends a unit of work of this queue's worker loop (after `processNext`, whatever happened):
   * what it buffered and did not hand over yet goes to the outbox, its execution gate opens.
   */
  endWork(work: UnitOfWork): void {
    if (!work.finished) this.#finish(work, undefined);
    this.#kick();
  }

  /** Writes everything buffered by finished handlers now (waits for a batch in flight first). */
  async flush(): Promise<void> {
    for (let round = 0; round < 20; round++) {
      if (this.#inFlight.size > 0) {
        await Promise.all(this.#inFlight);
        continue;
      }
      if (this.#outboxSize() === 0) return;
      this.#startBatch();
    }
    if (this.#outboxSize() > 0) throw new Error("could not write the queue's buffered acks and pushes");
  }

  async ack(delivery: Delivery): Promise<void> {
    const work = currentWork.getStore();
    if (work && work.queue === this && work.delivery === delivery && !work.finished) {
      // written with this process's next poll (a worker loop polls again at once), in one transaction
      this.#finish(work, delivery.id);
      this.#kick();
      return;
    }
    await this.#query(this.#sql.ack, [delivery.id]);
  }

  /**
   * Retries (or dead-letters) the delivery — if it is still the current delivery of its message.
   * A worker whose lease expired meanwhile (the message went to another worker, `attempts` moved
   * on) changes nothing and gets `false`.
   */
  async retry(delivery: Delivery, reason: string, delayMs = 0): Promise<boolean> {
    const work = currentWork.getStore();
    if (work && work.queue === this && work.delivery === delivery && !work.finished) {
      // what the failed handler pushed is written first, as it would have been without batching
      this.#finish(work, undefined);
      await this.flush();
    }
    if (delivery.attempts >= this.#maxAttempts) {
      const result = await this.#query(this.#sql.bury, [delivery.id, delivery.attempts, reason, this.#now()]);
      return (result.rowCount ?? 0) > 0;
    }
    for (let round = 0; ; round++) {
      try {
        const result = await this.#query(this.#sql.retry, [delivery.id, delivery.attempts, this.#dueIn(delayMs)]);
        if ((result.rowCount ?? 0) > 0) this.#pushed();
        return false;
      } catch (err) {
        // an identical message was pushed between our twin check and the update: check again
        if (round < 5 && (err as { code?: string }).code === UNIQUE_VIOLATION) continue;
        throw err;
      }
    }
  }

  async nextDueAt(): Promise<number | undefined> {
    // a worker loop that just polled nothing asks this at once: the batch that left it idle said
    const known = this.#nextDue;
    if (known && Date.now() - known.at < NEXT_DUE_FRESH_MS) {
      // something due that this process could not take (locked, or kept by another process's
      // execution affinity): look again shortly rather than at once
      const now = this.#clock.now();
      return known.value !== undefined && known.value <= now ? now + BUSY_RETRY_MS : known.value;
    }
    this.#nextDueQuery ??= this.#query<{ due: string | null }>(this.#sql.nextDueAt)
      .then((result) => {
        const due = result.rows[0]?.due;
        return due === null || due === undefined ? undefined : Number(due);
      })
      .finally(() => (this.#nextDueQuery = undefined));
    return this.#nextDueQuery;
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

  /**
   * Writes what worker loops buffered, stops listening and ends the pool if this queue opened it;
   * a host's pool is left open.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } catch (err) {
      this.#logger.warn("could not write buffered acks and pushes on close (their messages are redelivered)", err);
    }
    if (this.#notifyTimer) {
      clearTimeout(this.#notifyTimer);
      this.#notifyTimer = undefined;
      await this.#pool.query({ ...this.#sql.notify, values: [this.#channel] }).catch(() => undefined);
    }
    await this.#notifying;
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

function statements(s: string) {
  const insertColumns = `(fingerprint, execution_id, body, due_at, pushed_at)`;
  const sql = {
    push: `
      INSERT INTO ${s}.messages ${insertColumns} VALUES ($1, $2, $3::json, $4, $5)
      ON CONFLICT (fingerprint) WHERE NOT leased DO UPDATE SET due_at = EXCLUDED.due_at`,
    ensure: `
      INSERT INTO ${s}.messages ${insertColumns}
      SELECT $1, $2, $3::json, $4, $5
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.messages WHERE fingerprint = $1 AND leased)
      ON CONFLICT (fingerprint) WHERE NOT leased DO NOTHING`,
    reschedule: `UPDATE ${s}.messages SET due_at = $2 WHERE fingerprint = $1 AND NOT leased`,
    notify: `SELECT pg_notify($1, '')`,
    ack: `DELETE FROM ${s}.messages WHERE id = $1`,
    nextDueAt: `SELECT min(due_at)::text AS due FROM ${s}.messages`,
    work: `SELECT id::text AS id, body, attempts, lock_key, lock_owner, e_version, e_stage_ids, e_body, e_stages, next_due::text AS next_due
      FROM ${s}.work($1, $2, $3, $4, $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13, $14, $15, $16)`,
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
      )
      UPDATE ${s}.messages m SET leased = false, due_at = $3 FROM mine
      WHERE m.id = mine.id AND NOT EXISTS (SELECT 1 FROM twin)`,
  };
  return Object.fromEntries(Object.entries(sql).map(([k, text]) => [k, prepared(text, k)])) as Record<keyof typeof sql, Statement>;
}
