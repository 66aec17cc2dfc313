/**
 * Contract suites that every {@link Queue} and {@link ExecutionRepository} implementation must pass
 * (spec preface decision 7), with the fixtures they use. Run them from a vitest test file:
 *
 * ```ts
 * import { queueContract, repositoryContract } from "@gennaker/core/testing";
 * queueContract("MyQueue", async (clock) => {
 *   const queue = new MyQueue({ clock, maxAttempts: 3 });
 *   return { queue, close: () => queue.close() };
 * });
 * ```
 * @module
 */
import type { Queue } from "../../queue/queue.js";
import type { ExecutionRepository } from "../../store/repository.js";

export { queueContract, CONTRACT_MAX_ATTEMPTS, type QueueFactory, type QueueUnderTest } from "./queue-contract.js";
export { repositoryContract, type RepositoryFactory, type RepositoryUnderTest } from "./repository-contract.js";
export {
  executionFixture,
  stageFixture,
  taskFixture,
  fixtureId,
  replaceStage,
  withStage,
  messages as messageFixtures,
  type ExecutionFixtureOptions,
} from "./fixtures.js";
export type { Queue, ExecutionRepository };
