/**
 * Small execution builders for the PostgreSQL-specific tests (the contract suites bring their own).
 */
import type { PipelineExecution, StageExecution } from "@gennaker/core";
import { randomUUID } from "node:crypto";

/** A `wait` stage. */
export function stage(overrides: Partial<StageExecution> = {}): StageExecution {
  return {
    id: randomUUID(),
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
    tasks: [
      {
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
      },
    ],
    scheduledTime: null,
    lastModified: null,
    ...overrides,
  };
}

/** A running pipeline execution with three stages. */
export function execution(overrides: Partial<PipelineExecution> = {}): PipelineExecution {
  return {
    id: randomUUID(),
    type: "pipeline",
    application: "payments",
    name: "Deploy payments",
    pipelineConfigId: "cfg-deploy",
    status: "RUNNING",
    buildTime: Date.UTC(2026, 0, 1),
    startTime: Date.UTC(2026, 0, 1),
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
    trigger: { type: "manual", user: "alice@example.com", parameters: {}, artifacts: [] },
    notifications: [],
    spelEvaluator: "v4",
    initialConfig: {},
    authentication: { user: "alice@example.com", allowedAccounts: ["prod"] },
    templateVariables: null,
    description: null,
    stages: [stage({ refId: "1" }), stage({ refId: "2", requisiteStageRefIds: ["1"] }), stage({ refId: "3", requisiteStageRefIds: ["2"] })],
    version: 0,
    ...overrides,
  };
}
