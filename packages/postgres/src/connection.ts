/**
 * How the PostgreSQL store and queue reach the database: a `pg.Pool` the host owns, or a
 * connection string from which they open (and later close) a pool of their own.
 * @module
 */
import pg from "pg";

/** Where to connect: the host's pool, or a connection string (the store then owns its pool). */
export type PostgresConnection =
  | {
      /** A pool the host created and will end itself; `close()` leaves it open. */
      pool: pg.Pool;
    }
  | {
      /** `postgres://user:password@host:port/database`; `close()` ends the pool made from it. */
      connectionString: string;
      /** Size of the pool made from `connectionString` (default 10). */
      poolSize?: number;
      /** `application_name` of the pool's connections (shows in `pg_stat_activity`). */
      applicationName?: string;
    };

/** Where warnings go (lost LISTEN connections and the like). Defaults to `console.warn`. */
export interface PostgresLogger {
  warn(message: string, error?: unknown): void;
}

/** Options every PostgreSQL component takes besides the connection. */
export interface PostgresCommonOptions {
  /**
   * Schema holding the tables (created if missing). Default `gennaker`. Several independent
   * installations can share one database under different schemas.
   */
  schema?: string;
  /**
   * Run {@link migrate} before the first query (default true). With `false` the host must have
   * called `migrate` itself.
   */
  migrate?: boolean;
  /** Where warnings go; default `console.warn`. */
  logger?: PostgresLogger;
  /**
   * How long a statement that failed because the connection was lost (terminated backend, reset
   * socket, server restarting, too many connections) or because of a deadlock / serialization
   * failure is retried, with backoff, before the error is thrown (default 60 000 ms; 0 turns
   * retrying off). Every statement is a transaction of its own, so a retry never applies half of
   * one; a write whose commit was lost with the connection is seen by the engine as a version
   * conflict or a redelivery, both of which it handles.
   */
  reconnectForMs?: number;
}

/** The default schema. */
export const DEFAULT_SCHEMA = "gennaker";

/** @internal */
export const consoleLogger: PostgresLogger = {
  warn(message, error) {
    if (error === undefined) console.warn(`[gennaker/postgres] ${message}`);
    else console.warn(`[gennaker/postgres] ${message}`, error);
  },
};

/** @internal A pool and whether this package must end it. */
export interface OpenPool {
  pool: pg.Pool;
  owned: boolean;
}

/** @internal */
export function openPool(connection: PostgresConnection, logger: PostgresLogger): OpenPool {
  if ("pool" in connection) return { pool: connection.pool, owned: false };
  const pool = new pg.Pool({
    connectionString: connection.connectionString,
    max: connection.poolSize ?? 10,
    ...(connection.applicationName !== undefined ? { application_name: connection.applicationName } : {}),
  });
  // an idle pooled connection that dies must not crash the process; the pool replaces it
  pool.on("error", (err) => logger.warn("idle connection lost", err));
  return { pool, owned: true };
}

/** @internal A schema name checked to be a plain identifier, double-quoted for SQL. */
export function quoteSchema(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(schema)) {
    throw new TypeError(`schema must be a plain identifier (letters, digits, _), got ${JSON.stringify(schema)}`);
  }
  return `"${schema}"`;
}

/** Default of {@link PostgresCommonOptions.reconnectForMs}. */
export const DEFAULT_RECONNECT_FOR_MS = 60_000;

/** SQLSTATEs after which the same statement may simply be sent again. */
const TRANSIENT_CODES = new Set([
  "57P01", // admin_shutdown (pg_terminate_backend)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "08000", // connection_exception
  "08001", // sqlclient_unable_to_establish_sqlconnection
  "08003", // connection_does_not_exist
  "08004", // sqlserver_rejected_establishment_of_sqlconnection
  "08006", // connection_failure
  "53300", // too_many_connections
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

const TRANSIENT_NODE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/**
 * Whether an error from `pg` means "the connection (or the server) went away, or the statement
 * lost a deadlock": worth sending the same statement again on another connection.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (TRANSIENT_CODES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  return /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection/i.test(error.message);
}

/** @internal A query, named (prepared once per connection) when `name` is given. */
export interface Statement {
  text: string;
  name?: string;
}

/** @internal Names a fixed statement after a hash of its text, so it is prepared once per connection. */
export function prepared(text: string, label: string): Statement {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return { text, name: `gk_${label}_${(h >>> 0).toString(36)}` };
}

/**
 * @internal Sends a statement, and sends it again (with backoff, logging the outage once) while
 * it fails with a {@link isTransientError transient error}, for up to `reconnectForMs`. `onRetry`
 * learns that an earlier attempt failed (its commit may or may not have happened).
 */
export class Retrier {
  #outageSince: number | undefined;
  constructor(
    private readonly logger: PostgresLogger,
    private readonly reconnectForMs: number,
    private readonly what: string,
  ) {}

  async run<T>(attempt: (retried: boolean) => Promise<T>): Promise<T> {
    const started = Date.now();
    let delay = 25;
    for (let retried = false; ; retried = true) {
      try {
        const result = await attempt(retried);
        if (this.#outageSince !== undefined) {
          this.logger.warn(`${this.what}: database reachable again after ${Date.now() - this.#outageSince} ms`);
          this.#outageSince = undefined;
        }
        return result;
      } catch (error) {
        if (!isTransientError(error) || Date.now() - started >= this.reconnectForMs) throw error;
        if (this.#outageSince === undefined) {
          this.#outageSince = Date.now();
          this.logger.warn(`${this.what}: ${error instanceof Error ? error.message : String(error)}; retrying`);
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 1_000);
      }
    }
  }
}
