/**
 * `@gennaker/postgres`: a PostgreSQL `ExecutionRepository` and `Queue` for the Gennaker
 * engine, so executions survive restarts and several worker processes share the work.
 * @module
 */
export { PostgresExecutionRepository, type PostgresExecutionRepositoryOptions, type PurgeOptions } from "./repository.js";
export { PostgresQueue, type PostgresQueueOptions } from "./queue.js";
export { migrate, MIGRATIONS, type Migration, type MigrateOptions, type MigrateResult } from "./migrations.js";
export { PostgresStageLock, type PostgresStageLockOptions } from "./stage-lock.js";
export {
  createPostgresEngine,
  runWorker,
  StalledExecutionCheck,
  type PostgresEngine,
  type PostgresEngineOptions,
  type RunningWorker,
  type RunWorkerOptions,
} from "./worker.js";
export { isTransientError } from "./connection.js";
export { DEFAULT_SCHEMA, type PostgresConnection, type PostgresCommonOptions, type PostgresLogger } from "./connection.js";
