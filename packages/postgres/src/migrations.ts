/**
 * Versioned, idempotent schema migrations. {@link migrate} applies the ones a database lacks, in
 * order, each in the same transaction as its `gennaker_migrations` row, under an advisory lock so
 * that several processes starting at once apply each migration exactly once.
 * @module
 */
import type pg from "pg";
import { DEFAULT_SCHEMA, quoteSchema, type Retrier } from "./connection.js";

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
  {
    version: 3,
    name: "work(): a worker's acks, pushes and lock releases, then its next messages, in one call",
    sql: (s) => `
      -- One round trip of a worker process (PostgresQueue's batched poll). In one transaction:
      --   1. the queue writes its handlers buffered (push / ensure / reschedule, in order),
      --   2. the acks of the messages they handled (after their pushes, as the handlers did),
      --   3. the stage locks they released,
      --   4. up to p_take due messages leased (a lease that expired on the last attempt makes a
      --      dead letter instead), with the stage lock of each RunTask taken for the worker,
      --   5. each taken message returned with its execution, read by a statement of its own, so
      --      in a snapshot taken after the lease and the lock (every write that preceded a
      --      push this message absorbed is visible); and, when fewer messages were due than
      --      asked for, a row with no message and the next due time (for the idle pollers).
      -- VOLATILE (the default): every statement takes a fresh snapshot.
      --
      -- One execution at a time: a message is not taken while a lease taken less than
      -- p_affinity_ms ago is held on a message of the same execution (by any worker, this one
      -- included), and one call takes at most one message per execution — two handlers writing
      -- one execution at once only produce version conflicts and re-runs, while handlers of
      -- different executions run in parallel. Older leases (a slow task) do not hold it up.
      ALTER TABLE ${s}.messages ADD COLUMN leased_by text, ADD COLUMN leased_at bigint;
      -- the executions with a message in flight (few rows: one per busy worker loop)
      CREATE INDEX messages_leased_execution ON ${s}.messages (execution_id, due_at, leased_at) WHERE leased;
      -- executions and stages are rewritten on every transition without touching their indexed
      -- columns: room in each page lets PostgreSQL update them in place (HOT), index untouched
      ALTER TABLE ${s}.executions SET (fillfactor = 80);
      ALTER TABLE ${s}.stages SET (fillfactor = 80);
      CREATE FUNCTION ${s}.work(
        p_now bigint, p_lease_until bigint, p_max_attempts integer, p_take integer,
        p_ack bigint[],
        p_op text[], p_fp text[], p_exec text[], p_body text[], p_due bigint[],
        p_release_key text[], p_release_owner text[],
        p_lock_owner text, p_lock_until bigint,
        p_owner text, p_affinity_ms bigint
      ) RETURNS TABLE (
        id bigint, body json, attempts integer, lock_key text, lock_owner text,
        e_version integer, e_stage_ids text[], e_body json, e_stages json, next_due bigint
      ) LANGUAGE plpgsql AS $fn$
      DECLARE
        i integer;
        remaining integer := p_take;
        got bigint[];
        n_dead integer;
        taken bigint[] := '{}';
        lock_keys text[] := '{}';
        lock_owners text[] := '{}';
        -- local copies: plpgsql keeps assigned arrays expanded, so element i is read in O(1); a
        -- parameter array is flattened (and may be compressed) and each subscript would cost a
        -- walk (and a decompression) of the whole array
        ops text[] := p_op;
        fps text[] := p_fp;
        execs text[] := p_exec;
        bodies text[] := p_body;
        dues bigint[] := p_due;
        op text;
        fp text;
      BEGIN
        FOR i IN 1 .. coalesce(cardinality(ops), 0) LOOP
          op := ops[i];
          fp := fps[i];
          IF op = 'push' THEN
            INSERT INTO ${s}.messages (fingerprint, execution_id, body, due_at, pushed_at)
            VALUES (fp, execs[i], bodies[i]::json, dues[i], p_now)
            ON CONFLICT (fingerprint) WHERE NOT leased DO UPDATE SET due_at = EXCLUDED.due_at;
          ELSIF op = 'ensure' THEN
            INSERT INTO ${s}.messages (fingerprint, execution_id, body, due_at, pushed_at)
            SELECT fp, execs[i], bodies[i]::json, dues[i], p_now
            WHERE NOT EXISTS (SELECT 1 FROM ${s}.messages x WHERE x.fingerprint = fp AND x.leased)
            ON CONFLICT (fingerprint) WHERE NOT leased DO NOTHING;
          ELSE
            UPDATE ${s}.messages x SET due_at = dues[i] WHERE x.fingerprint = fp AND NOT x.leased;
          END IF;
        END LOOP;
        IF cardinality(p_ack) > 0 THEN
          DELETE FROM ${s}.messages x WHERE x.id = ANY (p_ack);
        END IF;
        IF cardinality(p_release_key) > 0 THEN
          DELETE FROM ${s}.stage_locks l USING unnest(p_release_key, p_release_owner) AS r(key, owner)
          WHERE l.key = r.key AND l.owner = r.owner;
        END IF;
        WHILE remaining > 0 LOOP
          WITH busy AS (
            SELECT DISTINCT y.execution_id FROM ${s}.messages y
            WHERE y.leased AND y.execution_id IS NOT NULL AND y.due_at > p_now AND y.leased_at > p_now - p_affinity_ms
          ),
          cand AS (
            SELECT x.id, x.execution_id, x.due_at FROM ${s}.messages x
            WHERE x.due_at <= p_now
              AND (x.execution_id IS NULL OR x.execution_id NOT IN (SELECT b.execution_id FROM busy b))
            ORDER BY x.due_at, x.id
            LIMIT remaining * 4
          ),
          firsts AS (
            SELECT c.id FROM (
              SELECT c.id, c.due_at, row_number() OVER (PARTITION BY coalesce(c.execution_id, c.id::text) ORDER BY c.due_at, c.id) AS rn
              FROM cand c
            ) c
            WHERE c.rn = 1
            ORDER BY c.due_at, c.id
            LIMIT remaining
          ),
          next AS (
            SELECT x.id, x.leased, x.attempts FROM ${s}.messages x
            WHERE x.id IN (SELECT f.id FROM firsts f) AND x.due_at <= p_now
            FOR UPDATE SKIP LOCKED
          ),
          dead AS (
            DELETE FROM ${s}.messages x USING next
            WHERE x.id = next.id AND next.leased AND next.attempts >= p_max_attempts
            RETURNING x.id, x.fingerprint, x.execution_id, x.body, x.attempts
          ),
          buried AS (
            INSERT INTO ${s}.dead_letters (message_id, fingerprint, execution_id, body, attempts, reason, at)
            SELECT d.id, d.fingerprint, d.execution_id, d.body, d.attempts, 'lease expired ' || d.attempts || ' times', p_now FROM dead d
            RETURNING 1
          ),
          leased AS (
            UPDATE ${s}.messages x SET leased = true, attempts = x.attempts + 1, due_at = p_lease_until,
              leased_by = p_owner, leased_at = p_now
            FROM next
            WHERE x.id = next.id AND NOT (next.leased AND next.attempts >= p_max_attempts)
            RETURNING x.id
          )
          SELECT coalesce(array_agg(leased.id), '{}'), (SELECT count(*) FROM buried) INTO got, n_dead FROM leased;
          taken := taken || got;
          remaining := remaining - cardinality(got);
          EXIT WHEN n_dead = 0;
        END LOOP;
        IF p_lock_owner IS NOT NULL AND cardinality(taken) > 0 THEN
          -- the stage lock of every RunTask taken, keyed as the engine keys it (executionId:stageId)
          WITH wanted AS (
            SELECT DISTINCT ON (k) k, x.id FROM ${s}.messages x,
              LATERAL (SELECT (x.body->>'executionId') || ':' || (x.body->>'stageId') AS k) kk
            WHERE x.id = ANY (taken) AND x.body->>'kind' = 'RunTask'
            ORDER BY k, x.id
          ),
          locked AS (
            INSERT INTO ${s}.stage_locks AS l (key, owner, expires_at)
            SELECT w.k, p_lock_owner || ':m' || w.id, p_lock_until FROM wanted w
            ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
            WHERE l.expires_at <= p_now
            RETURNING l.key, l.owner
          )
          SELECT coalesce(array_agg(locked.key), '{}'), coalesce(array_agg(locked.owner), '{}') INTO lock_keys, lock_owners FROM locked;
        END IF;
        RETURN QUERY
          SELECT x.id, x.body, x.attempts, lk.key, lk.owner,
            e.version, e.stage_ids, e.body,
            (SELECT json_agg(st.body) FROM ${s}.stages st WHERE st.execution_id = e.id), NULL::bigint
          FROM ${s}.messages x
          LEFT JOIN ${s}.executions e ON e.id = x.execution_id
          LEFT JOIN unnest(lock_keys, lock_owners) AS lk(key, owner) ON lk.owner = p_lock_owner || ':m' || x.id
          WHERE x.id = ANY (taken)
          ORDER BY x.id;
        IF cardinality(taken) < p_take THEN
          -- some pollers go idle: tell them when the next message falls due (a row with no id)
          RETURN QUERY SELECT NULL::bigint, NULL::json, NULL::integer, NULL::text, NULL::text, NULL::integer, NULL::text[], NULL::json, NULL::json,
            (SELECT min(x.due_at) FROM ${s}.messages x);
        END IF;
      END
      $fn$;
      -- the same few statements on every call: plan them once per connection, not per call
      ALTER FUNCTION ${s}.work SET plan_cache_mode = force_generic_plan;
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

/**
 * Runs the migrations once per store object, on first use (unless disabled); a failed attempt is
 * forgotten so the next call tries again.
 */
export class MigrationGate {
  #ready: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly retrier: Retrier,
    private readonly enabled: boolean,
  ) {}

  /** Resolves once the schema is migrated. */
  ready(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.#ready ??= this.retrier.run(() => migrate(this.pool, { schema: this.schema })).then(
      () => undefined,
      (err: unknown) => {
        this.#ready = undefined;
        throw err;
      },
    );
    return this.#ready;
  }
}
