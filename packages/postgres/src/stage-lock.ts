/**
 * {@link PostgresStageLock}: the engine's per-stage lock (held while a task runs) shared by every
 * worker process on one database.
 * @module
 */
import { systemClock, type Clock, type StageLock } from "@gennaker/core";
import type pg from "pg";
import { randomUUID } from "node:crypto";
import {
  consoleLogger,
  DEFAULT_RECONNECT_FOR_MS,
  DEFAULT_SCHEMA,
  openPool,
  prepared,
  quoteSchema,
  Retrier,
  type PostgresCommonOptions,
  type PostgresConnection,
  type PostgresLogger,
  type Statement,
} from "./connection.js";
import { MigrationGate } from "./migrations.js";
import { currentWork } from "./unit-of-work.js";

/** Options of {@link PostgresStageLock}: a connection plus these. */
export type PostgresStageLockOptions = PostgresConnection &
  PostgresCommonOptions & {
    /** Source of time for expiries (default: the system clock). Every process must agree on it. */
    clock?: Clock;
    /**
     * How long a lock survives its holder's silence (default 30 000 ms). A holder renews its locks
     * every `leaseMs / 3` while it lives, up to the `ttlMs` it asked for; a holder that crashed stops
     * renewing, so its locks are free again at most `leaseMs` later — not after the engine's
     * 10-minute task TTL.
     */
    leaseMs?: number;
    /** Identifies this process in the `owner` column (default: a random UUID). */
    ownerId?: string;
  };

interface Held {
  token: string;
  /** Clock ms after which the lock is not renewed any more (acquisition + the requested TTL). */
  until: number;
}

/**
 * A {@link StageLock} on PostgreSQL, so that two worker processes never run the same stage's task
 * at once (a redelivered RunTask racing a slow handler).
 *
 * One row per held lock in the UNLOGGED table `stage_locks (key, owner, expires_at)`:
 * `tryAcquire` is a single `INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE expires_at <= now`, so
 * it takes a free or expired lock and never a live one; `release` deletes the row only if this
 * acquisition still owns it. Expiry is a lease (`leaseMs`, default 30 s) renewed in the
 * background while the holder lives, capped at the TTL the engine asked for.
 *
 * Why a table and not advisory locks: a session advisory lock lives on one connection, so it
 * would pin a pooled connection per running task, is re-entrant within that session (two handlers
 * of one process sharing a connection would both "get" it), carries no TTL (a hung-but-alive
 * holder would keep it for ever), and is silently dropped when the connection is reset, while the
 * task goes on running. Why UNLOGGED: lock rows are short-lived coordination state, not data —
 * writing them skips the WAL, so acquire and release never wait for a disk flush. A server crash
 * empties the table, which only frees locks early; every handler is idempotent and every write
 * version-checked, so a lock is an efficiency guard, never the last line of defence.
 */
export class PostgresStageLock implements StageLock {
  /** The schema holding the lock table. */
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #schema: string;
  readonly #migration: MigrationGate;
  readonly #logger: PostgresLogger;
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #owner: string;
  readonly #retrier: Retrier;
  readonly #sql: { acquire: Statement; release: Statement; renew: Statement };
  /** Locks this process holds: key → this acquisition's token. */
  readonly #held = new Map<string, Held>();
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  #closed = false;

  /** @param options the connection (`pool` or `connectionString`), clock, lease and schema. */
  constructor(options: PostgresStageLockOptions) {
    this.#logger = options.logger ?? consoleLogger;
    const { pool, owned } = openPool(options, this.#logger);
    this.#pool = pool;
    this.#ownsPool = owned;
    this.#schema = options.schema ?? DEFAULT_SCHEMA;
    this.schema = this.#schema;
    const s = quoteSchema(this.#schema);
    this.#clock = options.clock ?? systemClock;
    this.#leaseMs = Math.max(1, options.leaseMs ?? 30_000);
    this.#owner = options.ownerId ?? randomUUID();
    this.#retrier = new Retrier(this.#logger, options.reconnectForMs ?? DEFAULT_RECONNECT_FOR_MS, "stage lock");
    this.#migration = new MigrationGate(this.#pool, this.#schema, this.#retrier, options.migrate ?? true);
    this.#sql = {
      acquire: prepared(
        `INSERT INTO ${s}.stage_locks AS l (key, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
         WHERE l.expires_at <= $4
         RETURNING 1`,
        "lock_acquire",
      ),
      release: prepared(`DELETE FROM ${s}.stage_locks WHERE key = $1 AND owner = $2`, "lock_release"),
      renew: prepared(
        `UPDATE ${s}.stage_locks l SET expires_at = t.expires_at
         FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(key, owner, expires_at)
         WHERE l.key = t.key AND l.owner = t.owner
         RETURNING l.key`,
        "lock_renew",
      ),
    };
  }

  /** The pool this lock queries. */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /** Token prefix of the locks a worker's batched poll takes for this process (see PostgresQueue.attachStageLock). */
  get batchOwner(): string {
    return `${this.#owner}:poll`;
  }

  /** Lease of a lock (ms) before its holder must renew it. */
  get leaseMs(): number {
    return this.#leaseMs;
  }

  /** Keys this process holds right now. */
  get heldKeys(): string[] {
    return [...this.#held.keys()];
  }

  /** Resolves once the schema is migrated (runs the migrations on first call unless `migrate: false`). */
  ready(): Promise<void> {
    return this.#migration.ready();
  }

  async #query(statement: Statement, values: unknown[]): Promise<pg.QueryResult> {
    await this.ready();
    return this.#retrier.run(() => this.#pool.query({ ...statement, values }));
  }

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    // another handler of this very process holds it: no need to ask the database
    if (this.#held.has(key)) return false;
    const now = this.#clock.now();
    const until = now + Math.max(0, ttlMs);
    // the poll that leased this RunTask already tried to take the lock for us
    const work = currentWork.getStore();
    const pre = work?.preLock;
    if (work && pre && pre.key === key && !pre.consumed && work.schema === this.#schema) {
      pre.consumed = true;
      if (pre.token === null) return false;
      this.#held.set(key, { token: pre.token, until });
      this.#schedule();
      return true;
    }
    const token = `${this.#owner}:${++this.#seq}`;
    // reserve the key locally first, so a concurrent tryAcquire of this process cannot race us
    this.#held.set(key, { token, until });
    try {
      const expires = Math.ceil(Math.min(until, now + this.#leaseMs));
      const result = await this.#query(this.#sql.acquire, [key, token, expires, Math.floor(now)]);
      if ((result.rowCount ?? 0) === 0) {
        this.#held.delete(key);
        return false;
      }
    } catch (error) {
      this.#held.delete(key);
      throw error;
    }
    this.#schedule();
    return true;
  }

  async release(key: string): Promise<void> {
    const held = this.#held.get(key);
    if (!held) return;
    this.#held.delete(key);
    if (this.#held.size === 0) this.#unschedule();
    const work = currentWork.getStore();
    if (work?.buffering(this.#schema) && work.delivery) {
      // deleted in the same transaction as the handler's ack and pushes
      work.releases.push({ key, token: held.token });
      return;
    }
    try {
      await this.#query(this.#sql.release, [key, held.token]);
    } catch (error) {
      // the lease runs out by itself
      this.#logger.warn(`could not release stage lock ${key} (it expires by itself)`, error);
    }
  }

  #schedule(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => {
      this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
    }, Math.max(10, Math.floor(this.#leaseMs / 3)));
    this.#timer.unref();
  }

  #unschedule(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Extends every lock still held by another lease (never past its TTL); warns about lost ones. */
  async #renew(): Promise<void> {
    const now = this.#clock.now();
    const keys: string[] = [];
    const owners: string[] = [];
    const expiries: number[] = [];
    for (const [key, held] of this.#held) {
      if (held.until <= now) continue; // its TTL is over: let it lapse
      keys.push(key);
      owners.push(held.token);
      expiries.push(Math.ceil(Math.min(held.until, now + this.#leaseMs)));
    }
    if (keys.length === 0) return;
    try {
      const result = await this.#pool.query({ ...this.#sql.renew, values: [keys, owners, expiries] });
      const renewed = new Set(result.rows.map((r: { key: string }) => r.key));
      for (const key of keys) {
        if (!renewed.has(key) && this.#held.get(key)?.token === owners[keys.indexOf(key)]) {
          this.#logger.warn(`stage lock ${key} expired before it could be renewed; another worker may take it`);
        }
      }
    } catch (error) {
      this.#logger.warn("could not renew stage locks (retrying at the next interval)", error);
    }
  }

  /** Stops renewing, releases what this process holds, and ends the pool if this lock opened it. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unschedule();
    await this.#renewing;
    await Promise.all([...this.#held.keys()].map((k) => this.release(k)));
    if (this.#ownsPool) await this.#pool.end();
  }
}
