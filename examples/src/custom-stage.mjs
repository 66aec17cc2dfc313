// A custom stage plugin: a `deployService` stage type with two tasks, registered with
// createEngine({ stages }). Its second task is retryable: it polls a (fake) fleet, returns RUNNING
// until every replica is healthy (re-run after its backoff, through the queue), then SUCCEEDED with
// outputs that a later stage reads with an expression.
import { createEngine, defineStage, defineTask, PipelineValidationError } from "@gennaker/core";
import { createTestEngine } from "@gennaker/core/testing";

// --- the plugin -------------------------------------------------------------------------------

/** Starts the deployment; what it returns in `context` is visible to the stage's next tasks. */
const createDeployment = defineTask({
  type: "deployService.createDeployment",
  async execute(ctx) {
    const { service, version, replicas } = ctx.stage.context;
    const deploymentId = await ctx.services.fleet.deploy(service, version, replicas);
    return { status: "SUCCEEDED", context: { deploymentId } };
  },
});

/** Waits until every replica is healthy: RUNNING (re-run after the backoff) until then. */
const waitForHealthy = defineTask({
  type: "deployService.waitForHealthy",
  backoffMs: (ctx) => (ctx.stage.context.pollIntervalSeconds ?? 30) * 1000,
  timeoutMs: () => 15 * 60_000,
  async execute(ctx) {
    const { deploymentId, replicas } = ctx.stage.context;
    const polls = (ctx.stage.context.polls ?? 0) + 1;
    const health = await ctx.services.fleet.health(deploymentId);
    if (health.healthy < replicas) return { status: "RUNNING", context: { polls, healthy: health.healthy } };
    // outputs are what downstream stages see: #stage('Deploy api').outputs.endpoint
    return { status: "SUCCEEDED", context: { polls, healthy: health.healthy }, outputs: { endpoint: health.endpoint, deploymentId } };
  },
});

/** The stage type, used in pipeline JSON as `"type": "deployService"`. */
const deployService = defineStage({
  type: "deployService",
  tasks: [createDeployment, waitForHealthy],
  taskGraph(_stage, graph) {
    graph.task("createDeployment", createDeployment).task("waitForHealthy", waitForHealthy);
  },
});

// --- a host service the tasks call (here: a fake fleet where one more replica is healthy per poll)

function fakeFleet(log) {
  const deployments = new Map();
  return {
    async deploy(service, version, replicas) {
      const id = `${service}-v${version}`;
      deployments.set(id, { replicas, healthy: 0 });
      return id;
    },
    async health(id) {
      const d = deployments.get(id);
      d.healthy = Math.min(d.replicas, d.healthy + 1);
      log?.(`  poll: ${d.healthy}/${d.replicas} replicas of ${id} healthy`);
      return { healthy: d.healthy, endpoint: `https://${id}.internal` };
    },
  };
}

const pipeline = {
  application: "orders",
  name: "Deploy with a plugin stage",
  parameterConfig: [{ name: "version", default: "7" }],
  stages: [
    { refId: "1", type: "deployService", name: "Deploy api", service: "orders-api", version: "${parameters.version}", replicas: 3, pollIntervalSeconds: 0.05 },
    {
      refId: "2",
      type: "evaluateVariables",
      name: "Smoke test",
      requisiteStageRefIds: ["1"],
      variables: [{ key: "url", value: "${#stage('Deploy api').outputs.endpoint}/health" }],
    },
  ],
};

// --- without the plugin the pipeline is refused before anything runs --------------------------

try {
  await createEngine().start(pipeline);
} catch (error) {
  if (!(error instanceof PipelineValidationError)) throw error;
  console.log(`without the plugin: ${error.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
}

// --- with it: a real-clock engine and a worker, as a host would run it --------------------------

const engine = createEngine({ stages: [deployService], services: { fleet: fakeFleet(console.log) } });
let executionId;
// (a running worker keeps the process alive until engine.stop())
const finished = new Promise((resolve) => {
  engine.events.on("execution.complete", ({ execution }) => {
    if (execution.id === executionId) resolve(execution);
  });
});
engine.events.on("task.complete", ({ stage, task }) => console.log(`task ${stage.name} › ${task.name}: ${task.status}`));
executionId = (await engine.start(pipeline, { parameters: { version: "8" } })).id;
engine.startWorker();
const done = await finished;
await engine.stop();

const deploy = done.stages.find((s) => s.name === "Deploy api");
const smoke = done.stages.find((s) => s.name === "Smoke test");
console.log(`Deploy api: ${deploy.status} after ${deploy.context.polls} polls, outputs ${JSON.stringify(deploy.outputs)}`);
console.log(`Smoke test: url = ${smoke.outputs.url}`);
console.log(`execution: ${done.status}`);

// --- the same plugin under test, in virtual time: 30-second polls take no real time -------------

const test = createTestEngine({ stages: [deployService], services: { fleet: fakeFleet() } });
const { pollIntervalSeconds, ...defaultPolling } = pipeline.stages[0];
const started = await test.start({ ...pipeline, stages: [defaultPolling, pipeline.stages[1]] });
const tested = await test.runToCompletion(started.id);
const stage = tested.stages[0];
console.log(`virtual time: ${stage.name} ${stage.status} after ${stage.context.polls} polls, ${(stage.endTime - stage.startTime) / 1000} s of virtual time (two 30 s backoffs)`);
