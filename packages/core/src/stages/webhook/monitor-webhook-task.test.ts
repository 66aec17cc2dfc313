import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  MONITOR_WEBHOOK_TIMEOUT_MS,
  monitorBackoffMs,
  monitorWebhookTask,
  statusMap,
} from "./monitor-webhook-task.js";
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

type Webhook = Record<string, unknown> & { monitor: Record<string, unknown> };
type Exception = { details: Record<string, unknown> };

async function monitor(context: Record<string, unknown>) {
  const fake = fakeTaskContext({ statusEndpoint: `${server.origin}/status`, statusJsonPath: "$.status", ...context }, { services });
  const result = await monitorWebhookTask.execute(fake.ctx);
  return { result, webhook: result.context?.webhook as Webhook, fake };
}

describe("monitorWebhook: numeric status", () => {
  it("reports percentComplete while below 100 and succeeds at 100, keeping the create results", async () => {
    server.route("/status", { status: 200, body: { job: { pct: 40 } } }, { status: 200, body: { job: { pct: 100 } } });
    const created = { statusCode: "CREATED", statusCodeValue: 201, body: { id: 1 }, statusEndpoint: `${server.origin}/status` };
    const fake = fakeTaskContext(
      { statusEndpoint: `${server.origin}/status`, statusJsonPath: "$.job.pct", webhook: created },
      { services },
    );

    const first = fake.apply(await monitorWebhookTask.execute(fake.ctx));
    expect(first.status).toBe("RUNNING");
    expect(fake.stage.context.webhook).toEqual({
      ...created,
      monitor: { body: { job: { pct: 40 } }, statusCode: "OK", statusCodeValue: 200, percentComplete: 40 },
    });

    const second = fake.apply(await monitorWebhookTask.execute(fake.ctx));
    expect(second.status).toBe("SUCCEEDED");
    expect((fake.stage.context.webhook as Webhook).monitor.percentComplete).toBe(100);
    expect((fake.stage.context.webhook as Webhook).body).toEqual({ id: 1 });
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
  });

  it("sends customHeaders with the status GET", async () => {
    server.route("/status", { status: 200, body: { status: 10 } });
    await monitor({ customHeaders: { Authorization: "Bearer t", "X-List": ["1", "2"] } });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer t");
    expect(server.requests[0]!.headers["x-list"]).toBe("1, 2");
    expect(server.requests[0]!.body).toBe("");
  });
});

describe("monitorWebhook: string statuses", () => {
  const lists = { successStatuses: "SUCCESS, done", canceledStatuses: "ABORTED,Cancelled", terminalStatuses: " failed ,ERROR" };

  it.each([
    ["success", "SUCCEEDED"],
    ["Done", "SUCCEEDED"],
    ["aborted", "CANCELED"],
    ["CANCELLED", "CANCELED"],
    ["Failed", "TERMINAL"],
    ["error", "TERMINAL"],
    ["in_progress", "RUNNING"],
    ["", "RUNNING"],
  ])("maps %j to %s (case-insensitive)", async (value, expected) => {
    server.route("/status", { status: 200, body: { status: value } });
    const { result, webhook } = await monitor(lists);
    expect(result.status).toBe(expected);
    expect(webhook.monitor).toMatchObject({ statusCodeValue: 200, body: { status: value } });
    expect(webhook.monitor.percentComplete).toBeUndefined();
  });

  it("explains a terminal status in the exception details", async () => {
    server.route("/status", { status: 200, body: { status: "FAILED" } });
    const { result } = await monitor(lists);
    const details = (result.context?.exception as Exception).details;
    expect(details.errors).toEqual([
      `Webhook status "FAILED" from GET ${server.origin}/status is one of the terminal statuses (failed ,ERROR).`,
    ]);
  });

  it("maps a boolean status through the lists", async () => {
    server.route("/status", { status: 200, body: { ready: true } });
    const { result } = await monitor({ statusJsonPath: "$.ready", successStatuses: "true" });
    expect(result.status).toBe("SUCCEEDED");
  });

  it("keeps running with no lists configured", async () => {
    server.route("/status", { status: 200, body: { status: "SUCCESS" } });
    const { result } = await monitor({});
    expect(result.status).toBe("RUNNING");
  });

  it("later lists win for a value listed twice (Orca)", () => {
    const map = statusMap({ successStatuses: "X", canceledStatuses: "x", terminalStatuses: undefined });
    expect(map.get("X")).toBe("CANCELED");
  });
});

describe("monitorWebhook: progress and bad responses", () => {
  it("stores a progress message", async () => {
    server.route("/status", { status: 200, body: { status: "RUNNING", info: { msg: "step 2 of 3" } } });
    const { result, webhook } = await monitor({ progressJsonPath: "$.info.msg" });
    expect(result.status).toBe("RUNNING");
    expect(webhook.monitor.progressMessage).toBe("step 2 of 3");
  });

  it("fails when the progress path is missing or not a string", async () => {
    server.route("/status", { status: 200, body: { status: "RUNNING", n: 3 } });
    const missing = await monitor({ progressJsonPath: "$.info" });
    expect(missing.result.status).toBe("TERMINAL");
    expect(missing.webhook.monitor.error).toContain("Unable to parse progress: JSON property '$.info' not found");
    const number = await monitor({ progressJsonPath: "$.n" });
    expect(number.result.status).toBe("TERMINAL");
    expect(number.webhook.monitor.error).toContain("did not resolve to a String value");
    expect(number.webhook.monitor.resolvedValue).toBe(3);
  });

  it("fails when the status path is missing", async () => {
    server.route("/status", { status: 200, body: { state: "ok" } });
    const { result, webhook } = await monitor({});
    expect(result.status).toBe("TERMINAL");
    expect(webhook.monitor.error).toBe(
      `Unable to parse status: JSON property '$.status' not found in response body of GET ${server.origin}/status`,
    );
    expect(webhook.monitor.body).toEqual({ state: "ok" });
    expect((result.context?.exception as Exception).details).toMatchObject({ kind: "RESPONSE", url: `${server.origin}/status`, status: 200 });
  });

  it("fails when the status is not a single value", async () => {
    server.route("/status", { status: 200, body: { status: { phase: "x" } } });
    const { result, webhook } = await monitor({});
    expect(result.status).toBe("TERMINAL");
    expect(webhook.monitor.error).toContain("did not resolve to a single value");
    expect(webhook.monitor.resolvedValue).toEqual({ phase: "x" });
  });

  it("fails when the body is not JSON", async () => {
    server.route("/status", { status: 200, body: "ok" });
    const { result } = await monitor({});
    expect(result.status).toBe("TERMINAL");
  });

  it("fails without statusJsonPath or with an invalid one", async () => {
    const none = await monitor({ statusJsonPath: undefined });
    expect(none.result.status).toBe("TERMINAL");
    expect(none.webhook.monitor.error).toBe(`Missing required parameter(s): statusEndpoint = ${server.origin}/status, statusJsonPath = null`);
    const bad = await monitor({ statusJsonPath: "$.jobs[*].status" });
    expect(bad.result.status).toBe("TERMINAL");
    expect(bad.webhook.monitor.error).toContain("wildcards are not supported");
    expect(server.requests).toHaveLength(0);
  });

  it("follows redirects of the status endpoint", async () => {
    server.route("/status", { status: 302, headers: { location: "/status-2" } });
    server.route("/status-2", { status: 200, body: { status: 100 } });
    const { result } = await monitor({});
    expect(result.status).toBe("SUCCEEDED");
    expect(server.requests.map((r) => r.path)).toEqual(["/status", "/status-2"]);
  });

  it("falls back to url when there is no statusEndpoint (monitorOnly)", async () => {
    server.route("/job", { status: 200, body: { status: "DONE" } });
    const fake = fakeTaskContext(
      { url: `${server.origin}/job`, monitorOnly: true, waitForCompletion: true, statusJsonPath: "status", successStatuses: "done" },
      { services },
    );
    const result = await monitorWebhookTask.execute(fake.ctx);
    expect(result.status).toBe("SUCCEEDED");
  });
});

describe("monitorWebhook: retries", () => {
  it.each([500, 503, 429])("keeps polling on %i", async (code) => {
    server.route("/status", { status: code, body: { err: true } }, { status: 200, body: { status: 100 } });
    const fake = fakeTaskContext(
      { statusEndpoint: `${server.origin}/status`, statusJsonPath: "$.status", webhook: { monitor: { percentComplete: 30 } } },
      { services },
    );
    const first = fake.apply(await monitorWebhookTask.execute(fake.ctx));
    expect(first.status).toBe("RUNNING");
    const mon = (fake.stage.context.webhook as Webhook).monitor;
    expect(mon.percentComplete).toBe(30);
    expect(mon.statusCodeValue).toBe(code);
    expect(mon.error).toBe(
      `Failed to get webhook status for pipeline exec-1: GET ${server.origin}/status returned status code ${code}, will retry.`,
    );
    const second = fake.apply(await monitorWebhookTask.execute(fake.ctx));
    expect(second.status).toBe("SUCCEEDED");
    expect((fake.stage.context.webhook as Webhook).monitor.error).toBeUndefined();
  });

  it("keeps polling on a code in retryStatusCodes", async () => {
    server.route("/status", { status: 404 });
    const { result } = await monitor({ retryStatusCodes: [404] });
    expect(result.status).toBe("RUNNING");
  });

  it("fails on another 4xx with a message naming url and status", async () => {
    server.route("/status", { status: 403, body: { denied: true } });
    const { result, webhook } = await monitor({});
    expect(result.status).toBe("TERMINAL");
    expect(webhook.monitor).toMatchObject({ statusCode: "FORBIDDEN", statusCodeValue: 403, body: { denied: true } });
    expect(webhook.monitor.error).toBe(
      `An error occurred in webhook monitor for pipeline exec-1: GET ${server.origin}/status returned status code 403.`,
    );
    expect((result.context?.exception as Exception).details).toMatchObject({
      kind: "HTTP",
      method: "GET",
      url: `${server.origin}/status`,
      status: 403,
      errors: [webhook.monitor.error],
    });
  });

  it("keeps polling when the connection is refused or dropped", async () => {
    const refused = await refusedUrl("/status");
    const fake = fakeTaskContext({ statusEndpoint: refused, statusJsonPath: "$.status" }, { services });
    const r = await monitorWebhookTask.execute(fake.ctx);
    expect(r.status).toBe("RUNNING");
    expect((r.context?.webhook as Webhook).monitor.error).toContain("ECONNREFUSED");
    expect((r.context?.webhook as Webhook).monitor.error).toContain(`GET ${refused}`);

    server.route("/status", { destroy: true });
    const dropped = await monitor({});
    expect(dropped.result.status).toBe("RUNNING");
  });
});

describe("monitorWebhook: backoff and timeout", () => {
  it("polls every second for a minute, then every 15 s", () => {
    const { ctx } = fakeTaskContext({});
    expect(monitorWebhookTask.backoffMs?.(ctx, 0)).toBe(1_000);
    expect(monitorWebhookTask.backoffMs?.(ctx, 60_000)).toBe(1_000);
    expect(monitorWebhookTask.backoffMs?.(ctx, 60_001)).toBe(15_000);
    expect(monitorBackoffMs(3_600_000)).toBe(15_000);
  });

  it("times out after an hour, overridable by stageTimeoutMs", () => {
    const { ctx } = fakeTaskContext({});
    expect(monitorWebhookTask.timeoutMs?.(ctx)).toBe(3_600_000);
    expect(MONITOR_WEBHOOK_TIMEOUT_MS).toBe(3_600_000);
    expect(monitorWebhookTask.overridableTimeout).toBe(true);
    expect(monitorWebhookTask.type).toBe("monitorWebhook");
  });
});
