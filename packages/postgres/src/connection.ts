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
  const pool = new pg.Pool({ connectionString: connection.connectionString, max: connection.poolSize ?? 10 });
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
