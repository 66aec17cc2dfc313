/**
 * A realistic Spinnaker pipeline config for tests: parallel branches joined by a deploy, an execution
 * window, a manual judgment, parameters, triggers and fields Gennaker does not model.
 * @module
 */

/** Builds a fresh copy of the realistic pipeline JSON (as a plain JSON value). */
export function realisticPipeline(): Record<string, unknown> {
  return {
    application: "checkout",
    name: "Deploy to prod",
    id: "6f0a9b52-1c2d-4e55-9a3b-0e2f9c1d7a10",
    appConfig: {},
    "x-custom": { owner: "team-checkout", tags: ["a", "b"], nested: { n: 1, nil: null } },
    keepWaitingPipelines: false,
    limitConcurrent: true,
    spelEvaluator: "v4",
    parameterConfig: [
      {
        default: "main",
        description: "Branch to deploy",
        hasOptions: true,
        label: "Branch",
        name: "branch",
        options: [{ value: "main" }, { value: "release" }],
        pinned: true,
        required: true,
      },
      { default: "", description: "", hasOptions: false, label: "", name: "ticket", options: [], pinned: false, required: false },
    ],
    stages: [
      { refId: "1", requisiteStageRefIds: [], type: "wait", name: "Settle", waitTime: 30, comments: "let caches warm" },
      {
        refId: "2",
        requisiteStageRefIds: ["1"],
        type: "manualJudgment",
        name: "Approve prod",
        judgmentInputs: [{ value: "go" }, { value: "stop" }],
        notifications: [
          {
            type: "slack",
            address: "#deploys",
            level: "stage",
            when: ["manualJudgment"],
            message: { manualJudgment: { text: "Approve the prod deploy?" } },
          },
        ],
        sendNotifications: true,
        propagateAuthenticationContext: true,
        selectedStageRoles: ["release-managers"],
        failPipeline: true,
        overrideTimeout: true,
        stageTimeoutMs: 3_600_000,
      },
      {
        refId: "3",
        requisiteStageRefIds: ["1"],
        type: "evaluateVariables",
        name: "Compute region",
        variables: [{ key: "region", value: "${trigger.parameters.region}" }],
        failOnFailedExpressions: true,
        stageEnabled: { type: "expression", expression: "parameters.ticket != ''" },
      },
      {
        refId: "4",
        requisiteStageRefIds: ["2", "3"],
        type: "deploy",
        name: "Deploy prod",
        clusters: [{ account: "prod", region: "us-east-1", strategy: "redblack", capacity: { min: 2, max: 4, desired: 2 } }],
        restrictExecutionDuringTimeWindow: true,
        restrictedExecutionWindow: {
          days: [2, 3, 4, 5, 6],
          whitelist: [
            { startHour: 9, startMin: 0, endHour: 17, endMin: 30 },
            { startHour: 22, startMin: 0, endHour: 2, endMin: 0 },
          ],
          jitter: { enabled: true, minDelay: 0, maxDelay: 120, skipManual: true },
          timezone: "Europe/Berlin",
        },
        "x-custom": { lane: "blue" },
        completeOtherBranchesThenFail: false,
        continuePipeline: false,
      },
      {
        refId: "5",
        requisiteStageRefIds: ["4"],
        type: "checkPreconditions",
        preconditions: [{ type: "expression", context: { expression: "true" }, failPipeline: true }],
        backoffPeriodMs: 5000,
        markSuccessfulOnTimeout: false,
        manualSkip: false,
      },
    ],
    triggers: [
      { enabled: true, type: "cron", cronExpression: "0 0 10 ? * MON-FRI", id: "cron-1", runAsUser: "svc-deploy" },
      { enabled: true, type: "pipeline", application: "checkout", pipeline: "build-pipeline-id", status: ["successful"] },
      { enabled: false, type: "jenkins", master: "ci", job: "checkout-build", propertyFile: "" },
    ],
    notifications: [{ type: "email", address: "team@example.com", level: "pipeline", when: ["pipeline.failed"] }],
    expectedArtifacts: [
      {
        id: "art-1",
        displayName: "image",
        matchArtifact: { type: "docker/image", name: "registry.example.com/checkout" },
        useDefaultArtifact: false,
        usePriorArtifact: true,
      },
    ],
    disabled: false,
    updateTs: "1700000000000",
    lastModifiedBy: "anna@example.com",
    index: 3,
    schema: "1",
  };
}
