import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TaskGraphBuilder } from "../../spi/stage-definition.js";
import type { TaskDefinition } from "../../spi/task.js";
import {
  cancelWebhook,
  createWebhookTask,
  monitorWebhookTask,
  remainingWaitMs,
  waitBeforeMonitorWebhookTask,
  WebhookConfigError,
  webhookStage,
} from "./index.js";
import { fakeTaskContext, refusedUrl, startTestServer, type TestServer } from "./test-support.js";

let server: TestServer;
let agent: Agent;
let services: Record<string, unknown>;

beforeAll(() => {
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
});
beforeEach(async () => {
  server = await startTestServer();
  services = { webhookDispatcher: agent };
});
afterEach(async () => {
  await server.close();
});

/** Plans the stage's tasks and returns `[name, type]` pairs. */
function plan(context: Record<string, unknown>): [string, string][] {
  const { stage, env } = fakeTaskContext(context);
  const planned: [string, string][] = [];
  const graph: TaskGraphBuilder = {
    task(name: string, task: TaskDefinition<any> | string) {
      planned.push([name, typeof task === "string" ? task : task.type]);
      return graph;
    },
    loop() {
      throw new Error("no loops expected");
    },
  };
  webhookStage.taskGraph?.(stage, graph, env);
  return planned;
}

describe("webhookStage", () => {
  it("is the `webhook` type and lists every task it plans", () => {
    expect(webhookStage.type).toBe("webhook");
    expect(webhookStage.tasks).toEqual([createWebhookTask, waitBeforeMonitorWebhookTask, monitorWebhookTask]);
    expect(new Set(webhookStage.tasks?.map((t) => t.type)).size).toBe(3);
  });

  it("plans create only, by default", () => {
    expect(plan({ url: "http://x" })).toEqual([["createWebhook", "createWebhook"]]);
  });

  it("plans create and monitor with waitForCompletion", () => {
    expect(plan({ url: "http://x", waitForCompletion: true })).toEqual([
      ["createWebhook", "createWebhook"],
      ["monitorWebhook", "monitorWebhook"],
    ]);
  });

  it("adds the wait when waitBeforeMonitor > 0", () => {
    expect(plan({ url: "http://x", waitForCompletion: "true", waitBeforeMonitor: "5" })).toEqual([
      ["createWebhook", "createWebhook"],
      ["waitBeforeMonitorWebhook", "waitBeforeMonitorWebhook"],
      ["monitorWebhook", "monitorWebhook"],
    ]);
    expect(plan({ url: "http://x", waitBeforeMonitor: 5 })).toEqual([["createWebhook", "createWebhook"]]);
  });

  it("skips create with monitorOnly", () => {
    expect(plan({ statusEndpoint: "http://x/s", monitorOnly: true, waitForCompletion: true })).toEqual([["monitorWebhook", "monitorWebhook"]]);
  });

  it("refuses monitorOnly without waitForCompletion (Orca)", () => {
    expect(() => plan({ monitorOnly: true })).toThrow(WebhookConfigError);
    expect(() => plan({ monitorOnly: true })).toThrow("Can't specify monitorOnly = true and waitForCompletion = false at the same time");
  });

  it("clears the previous run's results on restart", () => {
    const { stage } = fakeTaskContext({ url: "http://x", webhook: { statusCodeValue: 200 }, statusEndpoint: "http://x" });
    webhookStage.prepareForRestart?.(stage);
    expect(stage.context).toEqual({ url: "http://x" });
    const monitorOnly = fakeTaskContext({ monitorOnly: true, webhook: {}, statusEndpoint: "http://x/s" }).stage;
    webhookStage.prepareForRestart?.(monitorOnly);
    expect(monitorOnly.context).toEqual({ monitorOnly: true, statusEndpoint: "http://x/s" });
  });
});

describe("waitBeforeMonitorWebhook", () => {
  it("waits from the task's start using ctx.now(), with the remaining time as backoff", () => {
    const fake = fakeTaskContext({ waitBeforeMonitor: 30 }, { now: 1_000_000, taskStartTime: 1_000_000 });
    expect(waitBeforeMonitorWebhookTask.execute(fake.ctx)).toEqual({ status: "RUNNING" });
    expect(waitBeforeMonitorWebhookTask.backoffMs?.(fake.ctx, 0)).toBe(30_000);
    fake.clock.now += 12_000;
    expect(remainingWaitMs(fake.ctx)).toBe(18_000);
    expect(waitBeforeMonitorWebhookTask.backoffMs?.(fake.ctx, 12_000)).toBe(18_000);
    fake.clock.now += 18_000;
    expect(waitBeforeMonitorWebhookTask.execute(fake.ctx)).toEqual({ status: "SUCCEEDED" });
  });

  it("falls back to the stage start, and ends early on skipRemainingWait", () => {
    const fake = fakeTaskContext({ waitBeforeMonitor: 10 }, { now: 50_000, taskStartTime: null, stageStartTime: 35_000 });
    expect(waitBeforeMonitorWebhookTask.execute(fake.ctx)).toEqual({ status: "SUCCEEDED" });
    const skip = fakeTaskContext({ waitBeforeMonitor: 10, skipRemainingWait: true });
    expect(waitBeforeMonitorWebhookTask.execute(skip.ctx)).toEqual({ status: "SUCCEEDED" });
  });
});

describe("cancel hook", () => {
  it("calls cancelEndpoint with cancelMethod, cancelPayload and customHeaders", async () => {
    server.route("/cancel/1", { status: 202 });
    const url = `${server.origin}/cancel/1`;
    const { stage, env } = fakeTaskContext(
      {
        url: `${server.origin}/hook`,
        cancelEndpoint: url,
        cancelMethod: "delete",
        cancelPayload: { reason: "user canceled" },
        customHeaders: { "X-Token": "t" },
        webhook: { statusCode: "CREATED", statusCodeValue: 201 },
      },
      { services },
    );
    stage.status = "CANCELED";
    const result = await webhookStage.cancel?.(stage, env);

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe("DELETE");
    expect(req.path).toBe("/cancel/1");
    expect(JSON.parse(req.body)).toEqual({ reason: "user canceled" });
    expect(req.headers["x-token"]).toBe("t");
    expect(result).toEqual({
      status: "CANCELED",
      context: {
        webhook: {
          statusCode: "CREATED",
          statusCodeValue: 201,
          cancel: { method: "DELETE", url, statusCode: "ACCEPTED", statusCodeValue: 202 },
        },
      },
    });
  });

  it("defaults to POST and is sent only once", async () => {
    server.route("/c", { status: 200 });
    const { stage, env } = fakeTaskContext(
      { cancelEndpoint: `${server.origin}/c`, webhook: { statusCodeValue: 200 } },
      { services },
    );
    const first = await cancelWebhook(stage, env);
    Object.assign(stage.context, first?.context);
    expect(await cancelWebhook(stage, env)).toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
    expect(server.requests[0]!.body).toBe("");
  });

  it("does nothing without cancelEndpoint, or when the webhook was never called", async () => {
    const none = fakeTaskContext({ webhook: { statusCodeValue: 200 } }, { services });
    expect(await cancelWebhook(none.stage, none.env)).toBeUndefined();
    const notCalled = fakeTaskContext({ cancelEndpoint: `${server.origin}/c` }, { services });
    expect(await cancelWebhook(notCalled.stage, notCalled.env)).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it("cancels a monitorOnly stage", async () => {
    server.route("/c", { status: 200 });
    const { stage, env } = fakeTaskContext({ monitorOnly: true, waitForCompletion: true, cancelEndpoint: `${server.origin}/c` }, { services });
    await cancelWebhook(stage, env);
    expect(server.requests).toHaveLength(1);
  });

  it("records failures instead of throwing", async () => {
    server.route("/c", { status: 500 });
    const failing = fakeTaskContext({ cancelEndpoint: `${server.origin}/c`, webhook: { statusCodeValue: 200 } }, { services });
    const r1 = await cancelWebhook(failing.stage, failing.env);
    expect((r1?.context?.webhook as { cancel: { error: string } }).cancel.error).toBe(
      `Failed to cancel webhook: POST ${server.origin}/c returned status code 500`,
    );
    const refused = await refusedUrl("/c");
    const down = fakeTaskContext({ cancelEndpoint: refused, webhook: { statusCodeValue: 200 } }, { services });
    const r2 = await cancelWebhook(down.stage, down.env);
    expect((r2?.context?.webhook as { cancel: { error: string } }).cancel.error).toContain("ECONNREFUSED");
  });
});

describe("create → wait → monitor, driven task by task", () => {
  it("runs the whole stage against a real server", async () => {
    server.route("/jobs", { status: 202, body: { id: "j1" }, headers: { location: "/jobs/j1" } });
    server.route(
      "/jobs/j1",
      { status: 200, body: { state: "queued", pct: 0, note: "queued" } },
      { status: 503 },
      { status: 200, body: { state: "Succeeded", note: "done" } },
    );
    const fake = fakeTaskContext(
      {
        url: `${server.origin}/jobs`,
        payload: { image: "app:1" },
        waitForCompletion: true,
        statusUrlResolution: "locationHeader",
        statusJsonPath: "$.state",
        progressJsonPath: "$.note",
        successStatuses: "SUCCEEDED",
        terminalStatuses: "FAILED",
        waitBeforeMonitor: 2,
      },
      { services },
    );
    const tasks = plan(fake.stage.context);
    expect(tasks.map(([n]) => n)).toEqual(["createWebhook", "waitBeforeMonitorWebhook", "monitorWebhook"]);

    expect(fake.apply(await createWebhookTask.execute(fake.ctx)).status).toBe("SUCCEEDED");
    expect(fake.stage.context.statusEndpoint).toBe(`${server.origin}/jobs/j1`);

    fake.task.startTime = fake.clock.now;
    expect(fake.apply(await waitBeforeMonitorWebhookTask.execute(fake.ctx)).status).toBe("RUNNING");
    fake.clock.now += waitBeforeMonitorWebhookTask.backoffMs?.(fake.ctx, 0) ?? 0;
    expect(fake.apply(await waitBeforeMonitorWebhookTask.execute(fake.ctx)).status).toBe("SUCCEEDED");

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(fake.apply(await monitorWebhookTask.execute(fake.ctx)).status);
    expect(statuses).toEqual(["RUNNING", "RUNNING", "SUCCEEDED"]);
    expect(fake.stage.context.webhook).toMatchObject({
      statusCodeValue: 202,
      body: { id: "j1" },
      statusEndpoint: `${server.origin}/jobs/j1`,
      monitor: { statusCodeValue: 200, body: { state: "Succeeded", note: "done" }, progressMessage: "done" },
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /jobs",
      "GET /jobs/j1",
      "GET /jobs/j1",
      "GET /jobs/j1",
    ]);
  });
});
