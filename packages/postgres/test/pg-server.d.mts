/** A running throw-away PostgreSQL server (see pg-server.mjs). */
export interface PostgresServer {
  /** `postgres://gennaker@127.0.0.1:<port>/postgres` */
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server (immediate shutdown) and deletes its directory. Idempotent. */
  stop(): Promise<void>;
}
/** The directory holding PostgreSQL 15's `initdb` and `pg_ctl`; throws saying what to install when missing. */
export function findPostgresBin(): string;
/** initdb into a temporary directory, a free port, `pg_ctl start -w`. `durable: false` (default) turns fsync off. */
export function startPostgres(options?: { durable?: boolean; settings?: Record<string, string | number> }): Promise<PostgresServer>;
