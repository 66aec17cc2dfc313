/**
 * Realistic executions, stages, tasks and queue messages for the store and queue contract suites
 * (and for anyone testing a store of their own).
 * @module
 */
import type { PipelineExecution, StageExecution, TaskExecution } from "../../execution/types.js";
import type { Message } from "../../queue/messages.js";

let counter = 0;

/**
 * A unique, ULID-shaped id (26 Crockford base-32 characters). Deterministic within a process: the
 * time part is fixed and the random part is a counter, so ids sort in creation order.
 */
export function fixtureId(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let n = ++counter;
  let tail = "";
  for (let i = 0; i < 16; i++) {
    tail = alphabet[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return `01JGX3M2Q0${tail}`;
}

/** A task record (Orca's `TaskExecution`) with sensible defaults. */
export function taskFixture(overrides: Partial<TaskExecution> = {}): TaskExecution {
  return {
    id: "1",
    name: "wait",
    implementingClass: "wait",
    status: "NOT_STARTED",
    startTime: null,
    endTime: null,
    stageStart: true,
    stageEnd: true,
    loopStart: false,
    loopEnd: false,
    taskExceptionDetails: {},
    ...overrides,
  };
}

/** A stage record (Orca's `StageExecution`): a `wait` stage unless overridden. */
export function stageFixture(overrides: Partial<StageExecution> = {}): StageExecution {
  return {
    id: fixtureId(),
    refId: "1",
    type: "wait",
    name: "Wait",
    status: "NOT_STARTED",
    context: { waitTime: 30 },
    outputs: {},
    startTime: null,
    endTime: null,
    startTimeExpiry: null,
    requisiteStageRefIds: [],
    parentStageId: null,
    syntheticStageOwner: null,
    tasks: [taskFixture()],
    scheduledTime: null,
    lastModified: null,
    ...overrides,
  };
}

/** Options of {@link executionFixture}. */
export interface ExecutionFixtureOptions extends Partial<PipelineExecution> {
  /** Correlation id put into the trigger. */
  correlationId?: string;
}

/**
 * A pipeline execution shaped like one Orca stores for a small deploy pipeline: a wait stage, a
 * deploy stage with a synthetic before-stage (its tasks partly run), and a manual judgment joining
 * on both; a trigger with parameters and artifacts; notifications; an initial config. Every field
 * can be overridden; `stages` replaces the whole stage list.
 */
export function executionFixture(options: ExecutionFixtureOptions = {}): PipelineExecution {
  const { correlationId, ...overrides } = options;
  const buildTime = overrides.buildTime ?? Date.UTC(2026, 0, 1, 12, 0, 0);
  const deployId = fixtureId();
  const stages: StageExecution[] = [
    stageFixture({
      refId: "1",
      name: "Wait for the window",
      status: "SUCCEEDED",
      context: { waitTime: 30, skipRemainingWait: false, comments: "calm down ☕ — wait «30» s" },
      outputs: {},
      startTime: buildTime + 1_000,
      endTime: buildTime + 31_000,
      tasks: [taskFixture({ status: "SUCCEEDED", startTime: buildTime + 1_000, endTime: buildTime + 31_000 })],
    }),
    stageFixture({
      refId: "2<1",
      type: "findImageFromTags",
      name: "Find image",
      status: "RUNNING",
      parentStageId: deployId,
      syntheticStageOwner: "STAGE_BEFORE",
      requisiteStageRefIds: [],
      context: { cloudProvider: "kubernetes", tags: { team: "payments", stack: null }, regions: ["eu-west-1", "us-east-1"] },
      startTime: buildTime + 1_000,
      tasks: [
        taskFixture({ id: "1", name: "findImage", implementingClass: "findImageFromTags", status: "RUNNING", startTime: buildTime + 1_000, stageEnd: false }),
        taskFixture({ id: "2", name: "forceCacheRefresh", implementingClass: "forceCacheRefresh", stageStart: false }),
      ],
    }),
    stageFixture({
      id: deployId,
      refId: "2",
      type: "deploy",
      name: "Deploy to prod",
      status: "RUNNING",
      context: {
        clusters: [
          {
            account: "prod",
            application: overrides.application ?? "payments",
            strategy: "redblack",
            capacity: { min: 3, max: 10, desired: 5 },
            scaleDown: true,
            maxRemainingAsgs: 2,
            delayBeforeDisableSec: 0,
            loadBalancers: [],
            spinnakerMetadata: { "moniker.spinnaker.io/stack": "prod", nested: [[1, 2.5, -3e-7], { deep: { deeper: true } }] },
          },
        ],
        stageEnabled: { type: "expression", expression: "${ parameters.deploy == 'true' }" },
      },
      startTime: buildTime + 1_000,
      requisiteStageRefIds: [],
      tasks: [],
    }),
    stageFixture({
      refId: "3",
      type: "manualJudgment",
      name: "Promote?",
      requisiteStageRefIds: ["1", "2"],
      context: { judgmentInputs: [{ value: "yes" }, { value: "no" }], instructions: "Check <b>dashboards</b> & \"alerts\"", propagateAuthenticationContext: true },
      tasks: [taskFixture({ name: "waitForJudgment", implementingClass: "waitForJudgment" })],
      lastModified: null,
    }),
  ];
  return {
    id: fixtureId(),
    type: "pipeline",
    application: "payments",
    name: "Deploy payments",
    pipelineConfigId: "5f0d4b1e-3b7a-4e49-9d0e-2c1b6e0a9f11",
    status: "RUNNING",
    buildTime,
    startTime: buildTime + 500,
    endTime: null,
    startTimeExpiry: null,
    canceled: false,
    canceledBy: null,
    cancellationReason: null,
    limitConcurrent: true,
    maxConcurrentExecutions: 0,
    keepWaitingPipelines: false,
    paused: null,
    origin: "api",
    trigger: {
      type: "manual",
      user: "alice@example.com",
      parameters: { deploy: "true", region: "eu-west-1", replicas: 5 },
      artifacts: [{ type: "docker/image", name: "registry.example.com/payments", reference: "registry.example.com/payments:1.4.2", version: "1.4.2" }],
      correlationId: correlationId ?? null,
      notifications: [],
      dryRun: false,
    },
    notifications: [{ type: "slack", address: "#deploys", level: "pipeline", when: ["pipeline.complete", "pipeline.failed"] }],
    spelEvaluator: "v4",
    initialConfig: {},
    authentication: { user: "alice@example.com", allowedAccounts: ["prod", "staging"] },
    templateVariables: null,
    description: null,
    stages,
    version: 0,
    ...overrides,
  };
}

/** A copy of `stage` with `changes` applied: how the engine modifies a stage (it never mutates one). */
export function withStage(stage: StageExecution, changes: Partial<StageExecution>): StageExecution {
  return { ...stage, ...changes };
}

/** A copy of `execution` whose stage `stageId` is replaced by a modified copy. */
export function replaceStage(execution: PipelineExecution, stageId: string, changes: Partial<StageExecution>): PipelineExecution {
  return {
    ...execution,
    stages: execution.stages.map((s) => (s.id === stageId ? withStage(s, changes) : s)),
  };
}

/** Queue message builders with realistic ids. */
export const messages = {
  startExecution(executionId: string, application = "payments"): Message {
    return { kind: "StartExecution", executionType: "pipeline", executionId, application };
  },
  startStage(executionId: string, stageId: string, application = "payments"): Message {
    return { kind: "StartStage", executionType: "pipeline", executionId, application, stageId };
  },
  runTask(executionId: string, stageId: string, taskId = "1", taskType = "wait"): Message {
    return { kind: "RunTask", executionType: "pipeline", executionId, application: "payments", stageId, taskId, taskType };
  },
  completeTask(executionId: string, stageId: string, taskId = "1"): Message {
    return {
      kind: "CompleteTask",
      executionType: "pipeline",
      executionId,
      application: "payments",
      stageId,
      taskId,
      status: "SUCCEEDED",
      originalStatus: null,
    };
  },
  cancelExecution(executionId: string, user: string | null = null, reason: string | null = null): Message {
    return { kind: "CancelExecution", executionType: "orchestration", executionId, application: "payments", user, reason };
  },
  startWaitingExecutions(pipelineConfigId: string, purgeQueue = false): Message {
    return { kind: "StartWaitingExecutions", pipelineConfigId, purgeQueue };
  },
};
