/**
 * {@link PostgresExecutionRepository}: executions and their stages in PostgreSQL, every write
 * conditional on the version the writer read.
 * @module
 */
import {
  GennakerError,
  NotFoundError,
  VersionConflictError,
  type ExecutionChanges,
  type ExecutionQuery,
  type ExecutionRepository,
  type ExecutionStatus,
  type Message,
  type PipelineExecution,
  type StageExecution,
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
import { MigrationGate } from "./migrations.js";
import { currentWork, localExecutions, type ExecutionRow } from "./unit-of-work.js";

/** Options of {@link PostgresExecutionRepository}: a connection plus the common options. */
export type PostgresExecutionRepositoryOptions = PostgresConnection & PostgresCommonOptions;

/** Options of {@link PostgresExecutionRepository.purgeExecutions}. */
export interface PurgeOptions {
  /** Delete executions built before this instant (epoch ms). */
  olderThan: number;
  /**
   * Only executions in these statuses. Default: the completed ones (SUCCEEDED, FAILED_CONTINUE,
   * TERMINAL, CANCELED, STOPPED, SKIPPED), so a long-running execution is never purged.
   */
  statuses?: readonly ExecutionStatus[];
  /** Rows deleted per transaction (default 500), so a big purge never holds long locks. */
  batchSize?: number;
}

const COMPLETED: readonly ExecutionStatus[] = ["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"];

/** What an update returns: the new version, or (not updated) the current row. */
interface UpdateRow {
  updated: boolean;
  version: number;
  stage_ids: string[] | null;
  body: Record<string, unknown> | null;
  stages: unknown[] | null;
}

/** The indexed columns of an execution, in the order the SQL below binds them. */
function columns(e: PipelineExecution): [string, string, string | null, string, string, string | null] {
  const correlationId = e.trigger?.correlationId;
  return [
    e.type,
    e.application,
    e.pipelineConfigId,
    e.status,
    String(Math.trunc(e.buildTime)),
    typeof correlationId === "string" ? correlationId : null,
  ];
}

/** The top-level body: every field but the stages (kept as an empty placeholder, so key order survives) and the version. */
function topLevelBody(e: PipelineExecution): string {
  return JSON.stringify({ ...e, stages: [], version: 0 });
}

/**
 * An {@link ExecutionRepository} on PostgreSQL (`pg`). Passes `repositoryContract` from
 * `@gennaker/core/testing`.
 *
 * Layout: one `executions` row per execution (indexed columns for listing, the top-level fields as
 * JSON, the stage order as an id array) and one `stages` row per stage. `update` is a single
 * statement: it bumps the version only where it still equals the one the writer read, and writes
 * only the stages named in {@link ExecutionChanges} — so a 1,000-stage execution costs one stage
 * row per task transition, not a thousand.
 *
 * ```ts
 * const repository = new PostgresExecutionRepository({ connectionString: process.env.DATABASE_URL! });
 * const execution = await repository.retrieve(id);
 * ```
 */
export class PostgresExecutionRepository implements ExecutionRepository {
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;
  readonly #schema: string;
  readonly #s: string;
  readonly #migration: MigrationGate;
  readonly #logger: PostgresLogger;
  readonly #retrier: Retrier;
  readonly #sql: ReturnType<typeof statements>;

  /** @param options the connection (`pool` or `connectionString`) plus schema, migration and logger options. */
  constructor(options: PostgresExecutionRepositoryOptions) {
    this.#logger = options.logger ?? consoleLogger;
    const { pool, owned } = openPool(options, this.#logger);
    this.#pool = pool;
    this.#ownsPool = owned;
    this.#schema = options.schema ?? DEFAULT_SCHEMA;
    this.#s = quoteSchema(this.#schema);
    this.#retrier = new Retrier(this.#logger, options.reconnectForMs ?? DEFAULT_RECONNECT_FOR_MS, "repository");
    this.#migration = new MigrationGate(this.#pool, this.#schema, this.#retrier, options.migrate ?? true);
    this.#sql = statements(this.#s);
  }

  /** The pool this repository queries. */
  get pool(): pg.Pool {
    return this.#pool;
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

  #assemble(row: ExecutionRow): PipelineExecution {
    const execution = row.body as unknown as PipelineExecution;
    const byId = new Map<string, StageExecution>();
    for (const stage of (row.stages ?? []) as StageExecution[]) byId.set(stage.id, stage);
    const stages: StageExecution[] = [];
    for (const id of row.stage_ids) {
      const stage = byId.get(id);
      if (stage) stages.push(stage);
      else this.#logger.warn(`execution ${execution.id}: stage ${id} is in the stage order but was never written (was it missing from ExecutionChanges.stages?)`);
    }
    execution.stages = stages;
    execution.version = row.version;
    return execution;
  }

  async create(execution: PipelineExecution): Promise<PipelineExecution> {
    const stored: PipelineExecution = { ...execution, version: 1 };
    const ids = execution.stages.map((s) => s.id);
    let retried = false;
    const result = await this.#query<{ created: number }>(
      this.#sql.create,
      [execution.id, ...columns(execution), ids, topLevelBody(stored), execution.stages.map((s) => JSON.stringify(s))],
      () => void (retried = true),
    );
    if (result.rows[0]?.created !== 1) {
      // the connection was lost after an earlier attempt committed: the row found is the one we wrote
      // (a new execution's id is known to nobody else until its StartExecution is pushed)
      if (retried && (await this.retrieve(execution.id))?.version === 1) return structuredClone(stored);
      throw new GennakerError("EXECUTION_EXISTS", `execution ${execution.id} already exists`);
    }
    return structuredClone(stored);
  }

  async retrieve(id: string): Promise<PipelineExecution | undefined> {
    // the first read of a worker's message's execution: the poll that leased the message read it
    // (or, if newer, this process's own last write of it), or — after a version conflict — the
    // row the failed update returned
    const work = currentWork.getStore();
    const prefetched = work?.prefetch;
    if (work && prefetched && prefetched.executionId === id && work.schema === this.#schema && prefetched.row) {
      work.prefetch = undefined;
      return localExecutions.newerThan(this.#schema, id, prefetched.row.version) ?? this.#assemble(prefetched.row);
    }
    const result = await this.#query<ExecutionRow>(this.#sql.retrieve, [id]);
    const row = result.rows[0];
    return row ? this.#assemble(row) : undefined;
  }

  async update(execution: PipelineExecution, changes: ExecutionChanges): Promise<PipelineExecution> {
    const present = new Set<string>();
    for (const s of execution.stages) present.add(s.id);
    const removed = [...changes.removedStages].filter((id) => !present.has(id));
    const upserts = execution.stages.filter((s) => changes.stages.has(s.id));
    const values: unknown[] = [
      execution.id,
      execution.version,
      execution.stages.map((s) => s.id),
      removed,
      upserts.map((s) => s.id),
      upserts.map((s) => JSON.stringify(s)),
    ];
    let text = this.#sql.updateStagesOnly;
    if (changes.execution) {
      text = this.#sql.updateAll;
      values.push(...columns(execution), topLevelBody(execution));
    }
    const result = await this.#query<UpdateRow>(text, values);
    const row = result.rows[0];
    if (row === undefined) {
      localExecutions.forget(this.#schema, execution.id);
      throw new NotFoundError("execution", execution.id);
    }
    if (!row.updated) {
      // a version conflict: the statement read the current row, so the handler's retry (in a
      // worker's unit of work) need not read it again
      const work = currentWork.getStore();
      if (work && work.schema === this.#schema && work.delivery) {
        work.prefetch = { executionId: execution.id, row: { version: row.version, stage_ids: row.stage_ids!, body: row.body!, stages: row.stages } };
      }
      throw new VersionConflictError(execution.id, execution.version, row.version);
    }
    // the caller may go on changing its stages array (never the stage objects it wrote)
    localExecutions.remember(this.#schema, { ...execution, stages: execution.stages.slice(), version: row.version });
    return { ...execution, stages: execution.stages.slice(), version: row.version };
  }

  async list(query: ExecutionQuery = {}): Promise<PipelineExecution[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const bind = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    if (query.application !== undefined) where.push(`e.application = ${bind(query.application)}`);
    if (query.pipelineConfigId !== undefined) where.push(`e.pipeline_config_id = ${bind(query.pipelineConfigId)}`);
    if (query.statuses !== undefined) where.push(`e.status = ANY(${bind([...query.statuses])}::text[])`);
    if (query.correlationId !== undefined) where.push(`e.correlation_id = ${bind(query.correlationId)}`);
    if (query.buildTimeFrom !== undefined) where.push(`e.build_time >= ${bind(Math.ceil(query.buildTimeFrom))}`);
    if (query.buildTimeTo !== undefined) where.push(`e.build_time < ${bind(Math.ceil(query.buildTimeTo))}`);
    let text = `${this.#sql.select} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY e.build_time DESC, e.id DESC`;
    if (query.limit !== undefined) text += ` LIMIT ${bind(Math.max(0, Math.floor(query.limit)))}`;
    const result = await this.#query<ExecutionRow>(text, values);
    return result.rows.map((row) => this.#assemble(row));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#query(`DELETE FROM ${this.#s}.executions WHERE id = $1`, [id]);
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * Retention: deletes executions (and their stages) built before `olderThan` whose status is
   * one of `statuses` (default: completed ones), in batches. Returns how many were deleted.
   */
  async purgeExecutions(options: PurgeOptions): Promise<number> {
    const statuses = [...(options.statuses ?? COMPLETED)];
    const batch = Math.max(1, options.batchSize ?? 500);
    let total = 0;
    for (;;) {
      const result = await this.#query(
        `DELETE FROM ${this.#s}.executions WHERE id IN (
           SELECT id FROM ${this.#s}.executions
           WHERE build_time < $1 AND status = ANY($2::text[])
           ORDER BY build_time LIMIT $3
           FOR UPDATE SKIP LOCKED)`,
        [Math.ceil(options.olderThan), statuses, batch],
      );
      const n = result.rowCount ?? 0;
      total += n;
      if (n < batch) return total;
    }
  }

  async pushPending(pipelineConfigId: string, message: Message): Promise<void> {
    await this.#query(`INSERT INTO ${this.#s}.pending_messages (pipeline_config_id, body) VALUES ($1, $2::json)`, [
      pipelineConfigId,
      JSON.stringify(message),
    ]);
  }

  async popPending(pipelineConfigId: string, which: "oldest" | "newest"): Promise<Message | undefined> {
    const order = which === "oldest" ? "ASC" : "DESC";
    const result = await this.#query<{ body: Message }>(
      `DELETE FROM ${this.#s}.pending_messages WHERE id = (
         SELECT id FROM ${this.#s}.pending_messages WHERE pipeline_config_id = $1
         ORDER BY id ${order} LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING body`,
      [pipelineConfigId],
    );
    return result.rows[0]?.body;
  }

  async purgePending(pipelineConfigId: string): Promise<Message[]> {
    const result = await this.#query<{ id: string; body: Message }>(
      `DELETE FROM ${this.#s}.pending_messages WHERE pipeline_config_id = $1 RETURNING id, body`,
      [pipelineConfigId],
    );
    return result.rows.sort((a, b) => compareBigint(a.id, b.id)).map((r) => r.body);
  }

  async pending(pipelineConfigId: string): Promise<Message[]> {
    const result = await this.#query<{ body: Message }>(
      `SELECT body FROM ${this.#s}.pending_messages WHERE pipeline_config_id = $1 ORDER BY id`,
      [pipelineConfigId],
    );
    return result.rows.map((r) => r.body);
  }

  /** Ends the pool if this repository opened it (from a connection string); a host's pool is left open. */
  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }
}

/** Compares two non-negative bigint ids given as decimal strings. */
function compareBigint(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function statements(s: string) {
  const select = `
    SELECT e.version, e.stage_ids, e.body,
      (SELECT json_agg(st.body) FROM ${s}.stages st WHERE st.execution_id = e.id) AS stages
    FROM ${s}.executions e`;
  const stageWrites = `
    removed AS (
      DELETE FROM ${s}.stages WHERE execution_id = $1 AND id = ANY($4::text[]) AND EXISTS (SELECT 1 FROM e)
      RETURNING 1
    ),
    written AS (
      INSERT INTO ${s}.stages (execution_id, id, body)
      SELECT $1, t.id, t.body::json FROM unnest($5::text[], $6::text[]) AS t(id, body)
      WHERE EXISTS (SELECT 1 FROM e)
      ON CONFLICT (execution_id, id) DO UPDATE SET body = EXCLUDED.body
      RETURNING 1
    )
    SELECT true AS updated, version, NULL::text[] AS stage_ids, NULL::json AS body, NULL::json AS stages FROM e
    UNION ALL
    SELECT false, cur.version, cur.stage_ids, cur.body, (SELECT json_agg(st.body) FROM ${s}.stages st WHERE st.execution_id = cur.id)
    FROM ${s}.executions cur WHERE cur.id = $1 AND NOT EXISTS (SELECT 1 FROM e)`;
  return {
    select,
    retrieve: prepared(`${select} WHERE e.id = $1`, "retrieve"),
    create: prepared(`
      WITH e AS (
        INSERT INTO ${s}.executions
          (id, type, application, pipeline_config_id, status, build_time, correlation_id, version, stage_ids, body)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8::text[], $9::json)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      ),
      written AS (
        INSERT INTO ${s}.stages (execution_id, id, body)
        SELECT e.id, t.id, t.body::json FROM e, unnest($8::text[], $10::text[]) AS t(id, body)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM e)::int AS created`, "create"),
    updateStagesOnly: prepared(`
      WITH e AS (
        UPDATE ${s}.executions SET version = version + 1, stage_ids = $3::text[]
        WHERE id = $1 AND version = $2
        RETURNING version
      ),
      ${stageWrites}`, "update_stages"),
    updateAll: prepared(`
      WITH e AS (
        UPDATE ${s}.executions SET version = version + 1, stage_ids = $3::text[],
          type = $7, application = $8, pipeline_config_id = $9, status = $10, build_time = $11,
          correlation_id = $12, body = $13::json
        WHERE id = $1 AND version = $2
        RETURNING version
      ),
      ${stageWrites}`, "update_all"),
  };
}
