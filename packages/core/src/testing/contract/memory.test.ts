import { InMemoryQueue } from "../../queue/memory-queue.js";
import { InMemoryExecutionRepository } from "../../store/memory-repository.js";
import { CONTRACT_MAX_ATTEMPTS, queueContract } from "./queue-contract.js";
import { repositoryContract } from "./repository-contract.js";

queueContract("InMemoryQueue", async (clock) => ({
  queue: new InMemoryQueue({ clock, maxAttempts: CONTRACT_MAX_ATTEMPTS }),
  close: async () => {},
}));

repositoryContract("InMemoryExecutionRepository", async () => ({
  repository: new InMemoryExecutionRepository(),
  close: async () => {},
}));
