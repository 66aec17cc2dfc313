/**
 * Versioned, idempotent schema migrations. {@link migrate} applies the ones a database lacks, in
 * order, each in the same transaction as its `gennaker_migrations` row, under an advisory lock so
 * that several processes starting at once apply each migration exactly once.
 * @module
 */
import type pg from "pg";
import { DEFAULT_SCHEMA, quoteSchema } from "./connection.js";

/** One schema change. `sql` receives the quoted schema name. */
export interface Migration {
  /** 1, 2, 3, ...: applied in this order, each once. */
  readonly version: number;
  /** What it does, recorded in `gennaker_migrations`. */
  readonly name: string;
  /** The DDL, given the double-quoted schema name. */
  sql(schema: string): string;
}

/**
 * Every migration, oldest first.
 *
 * Bodies are `json`, not `jsonb`: the engine keeps Spinnaker documents byte-for-byte (key order,
 * `\u0000` in strings), and nothing queries inside a body (the filterable fields have columns).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "executions, stages, pending executions, messages, dead letters",
    sql: (s) => `
      CREATE TABLE ${s}.executions (
        id text PRIMARY KEY,
        type text NOT NULL,
        application text NOT NULL,
        pipeline_config_id text,
        status text NOT NULL,
        build_time bigint NOT NULL,
        correlation_id text,
        version integer NOT NULL,
        -- stage ids in execution order (the row is rewritten by every update anyway)
        stage_ids text[] NOT NULL,
        -- every top-level field except stages and version
        body json NOT NULL
      );
      CREATE INDEX executions_application ON ${s}.executions (application, build_time DESC, id DESC);
      CREATE INDEX executions_pipeline_config ON ${s}.executions (pipeline_config_id, build_time DESC, id DESC)
        WHERE pipeline_config_id IS NOT NULL;
      CREATE INDEX executions_status ON ${s}.executions (status, build_time DESC, id DESC);
      CREATE INDEX executions_build_time ON ${s}.executions (build_time DESC, id DESC);
      CREATE INDEX executions_correlation ON ${s}.executions (correlation_id) WHERE correlation_id IS NOT NULL;

      CREATE TABLE ${s}.stages (
        execution_id text NOT NULL REFERENCES ${s}.executions (id) ON DELETE CASCADE,
        id text NOT NULL,
        body json NOT NULL,
        PRIMARY KEY (execution_id, id)
      );

      CREATE TABLE ${s}.pending_messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        pipeline_config_id text NOT NULL,
        body json NOT NULL
      );
      CREATE INDEX pending_messages_config ON ${s}.pending_messages (pipeline_config_id, id);

      CREATE TABLE ${s}.messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        fingerprint text NOT NULL,
        execution_id text,
        body json NOT NULL,
        -- clock ms at which the message is next deliverable: its delivery time while pending,
        -- its lease expiry while leased
        due_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        leased boolean NOT NULL DEFAULT false,
        pushed_at bigint NOT NULL
      );
      -- de-duplication: at most one pending (unleased) message per content
      CREATE UNIQUE INDEX messages_pending_fingerprint ON ${s}.messages (fingerprint) WHERE NOT leased;
      CREATE INDEX messages_leased_fingerprint ON ${s}.messages (fingerprint) WHERE leased;
      CREATE INDEX messages_due ON ${s}.messages (due_at, id);
      CREATE INDEX messages_execution ON ${s}.messages (execution_id) WHERE execution_id IS NOT NULL;
      ALTER TABLE ${s}.messages SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);

      CREATE TABLE ${s}.dead_letters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id bigint NOT NULL,
        fingerprint text NOT NULL,
        execution_id text,
        body json NOT NULL,
        attempts integer NOT NULL,
        reason text NOT NULL,
        at bigint NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: "stage locks (unlogged)",
    sql: (s) => `
      -- coordination state, not data: UNLOGGED skips the WAL (no flush per acquire / release);
      -- a server crash empties it, which only frees locks early
      CREATE UNLOGGED TABLE ${s}.stage_locks (
        key text PRIMARY KEY,
        owner text NOT NULL,
        -- clock ms after which anyone may take the lock
        expires_at bigint NOT NULL
      );
    `,
  },
];

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Schema to migrate (created if missing). Default `gennaker`. */
  schema?: string;
  /** Migrations to apply; default {@link MIGRATIONS}. */
  migrations?: readonly Migration[];
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call, in order (empty when the schema was up to date). */
  applied: number[];
  /** The schema's version afterwards. */
  version: number;
}

/**
 * Brings the schema up to date: creates it and the `gennaker_migrations` table if missing, then
 * applies every migration it has not recorded, in version order, in one transaction. Safe to call
 * from many processes at once (they queue on a transaction-level advisory lock keyed by the schema)
 * and at every start (a no-op once applied).
 *
 * @param pool the database to migrate.
 * @param options schema and migrations.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const s = quoteSchema(schema);
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`gennaker:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.gennaker_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${s}.gennaker_migrations`)).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql(s));
      await client.query(`INSERT INTO ${s}.gennaker_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query("COMMIT");
    const version = Math.max(0, ...done, ...applied);
    return { applied, version };
  } catch (err) {
    failed = err;
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release(failed instanceof Error && !("code" in failed) ? failed : undefined);
  }
}
