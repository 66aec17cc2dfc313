import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CREATE_WEBHOOK_BACKOFF_MS,
  CREATE_WEBHOOK_TIMEOUT_MS,
  createWebhookTask,
  resolveStatusUrl,
} from "./create-webhook-task.js";
import { fakeTaskContext, refusedUrl, startTestServer, type TestServer } from "./test-support.js";

let server: TestServer;
let agent: Agent;
let services: Record<string, unknown>;

beforeAll(() => {
  agent = new Agent({ connectTimeout: 5_000 });
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

function run(context: Record<string, unknown>, svc: Record<string, unknown> = services) {
  const fake = fakeTaskContext(context, { services: svc });
  return { fake, result: Promise.resolve(createWebhookTask.execute(fake.ctx)) };
}

type Webhook = Record<string, unknown>;
type Exception = { details: Record<string, unknown>; exceptionType: string; operation: string; shouldRetry: boolean };

describe("createWebhook: the request", () => {
  it("POSTs the JSON payload with custom headers by default and stores Orca's response shape", async () => {
    server.route("/hook", { status: 200, body: { accepted: true }, headers: { "x-reply": "yes" } });
    const { result } = run({
      url: `${server.origin}/hook`,
      payload: { name: "gennaker", n: 1 },
      customHeaders: { "X-Token": "secret", "X-Multi": ["a", "b"], "X-Num": 7, "X-Spinnaker-User": "mallory" },
    });
    const r = await result;

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/hook");
    expect(JSON.parse(req.body)).toEqual({ name: "gennaker", n: 1 });
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-token"]).toBe("secret");
    expect(req.headers["x-multi"]).toBe("a, b");
    expect(req.headers["x-num"]).toBe("7");
    expect(req.headers["x-spinnaker-user"]).toBeUndefined();

    expect(r.status).toBe("SUCCEEDED");
    const webhook = r.context?.webhook as Webhook;
    expect(webhook).toMatchObject({ statusCode: "OK", statusCodeValue: 200, body: { accepted: true } });
    expect((webhook.headers as Record<string, string>)["x-reply"]).toBe("yes");
    expect(webhook.error).toBeUndefined();
    expect(r.context?.exception).toBeUndefined();
    expect(r.context?.statusEndpoint).toBeUndefined();
  });

  it("accepts a case-insensitive method and sends no body with GET", async () => {
    server.route("/put", { status: 201, body: { ok: 1 } });
    server.route("/get", { status: 200, body: "plain text" });
    const put = await run({ url: `${server.origin}/put`, method: "put", payload: [1, 2] }).result;
    const get = await run({ url: `${server.origin}/get`, method: "get", payload: { ignored: true } }).result;

    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "GET"]);
    expect(server.requests[0]!.body).toBe("[1,2]");
    expect(server.requests[1]!.body).toBe("");
    expect(put.status).toBe("SUCCEEDED");
    expect((put.context?.webhook as Webhook).statusCode).toBe("CREATED");
    expect(get.status).toBe("SUCCEEDED");
    expect((get.context?.webhook as Webhook).body).toBe("plain text");
  });

  it("sends a string payload as is and honours a custom Content-Type", async () => {
    server.route("/raw", { status: 204 });
    const r = await run({
      url: `${server.origin}/raw`,
      payload: "a=1&b=2",
      customHeaders: { "Content-Type": "application/x-www-form-urlencoded" },
    }).result;
    expect(server.requests[0]!.body).toBe("a=1&b=2");
    expect(server.requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(r.status).toBe("SUCCEEDED");
    expect((r.context?.webhook as Webhook).statusCode).toBe("NO_CONTENT");
    expect((r.context?.webhook as Webhook).body).toBeUndefined();
  });

  it("accepts customHeaders given as a JSON string", async () => {
    server.route("/h", { status: 200 });
    await run({ url: `${server.origin}/h`, customHeaders: '{"X-A": "1"}' }).result;
    expect(server.requests[0]!.headers["x-a"]).toBe("1");
  });

  it("uses the global dispatcher when the host gives none", async () => {
    server.route("/global", { status: 200, body: { ok: true } });
    const r = await run({ url: `${server.origin}/global` }, {}).result;
    expect(r.status).toBe("SUCCEEDED");
    expect(server.requestsTo("/global")).toHaveLength(1);
  });
});

describe("createWebhook: error statuses", () => {
  it("fails fast on a status listed in failFastStatusCodes", async () => {
    server.route("/ff", { status: 503, body: "Fail fast, ok?" });
    const url = `${server.origin}/ff`;
    const r = await run({ url, method: "get", failFastStatusCodes: [503] }).result;

    expect(r.status).toBe("TERMINAL");
    const webhook = r.context?.webhook as Webhook;
    expect(webhook).toMatchObject({ statusCode: "SERVICE_UNAVAILABLE", statusCodeValue: 503, body: "Fail fast, ok?" });
    expect(webhook.error).toBe(
      `Received status code 503 from GET ${url}, which is configured to fail fast, terminating stage for pipeline exec-1.`,
    );
    const exception = r.context?.exception as Exception;
    expect(exception.details).toMatchObject({ kind: "HTTP", method: "GET", url, status: 503, errors: [webhook.error] });
    expect(exception).toMatchObject({ exceptionType: "WebhookHttpError", operation: "createWebhook", shouldRetry: false });
  });

  it("retries a 5xx (RUNNING with the error) and succeeds on the next run", async () => {
    server.route("/flaky", { status: 503, body: { busy: true } }, { status: 200, body: { done: true } });
    const url = `${server.origin}/flaky`;
    const fake = fakeTaskContext({ url, payload: { x: 1 } }, { services });

    const first = fake.apply(await createWebhookTask.execute(fake.ctx));
    expect(first.status).toBe("RUNNING");
    expect((first.context?.webhook as Webhook).error).toBe(
      `Error submitting webhook for pipeline exec-1: POST ${url} returned status code 503, will retry.`,
    );
    expect(first.context?.exception).toBeUndefined();

    const second = fake.apply(await createWebhookTask.execute(fake.ctx));
    expect(second.status).toBe("SUCCEEDED");
    expect(fake.stage.context.webhook).toEqual({
      statusCode: "OK",
      statusCodeValue: 200,
      body: { done: true },
      headers: expect.any(Object),
    });
    expect(server.requestsTo("/flaky")).toHaveLength(2);
    expect(server.requestsTo("/flaky").map((r) => r.body)).toEqual(['{"x":1}', '{"x":1}']);
  });

  it("retries 429 (Orca's default retry code) and codes listed in retryStatusCodes", async () => {
    server.route("/429", { status: 429 });
    server.route("/409", { status: 409 });
    expect((await run({ url: `${server.origin}/429` }).result).status).toBe("RUNNING");
    expect((await run({ url: `${server.origin}/409`, retryStatusCodes: [409] }).result).status).toBe("RUNNING");
    expect((await run({ url: `${server.origin}/409`, retryStatusCodes: "409, 410" }).result).status).toBe("RUNNING");
    expect((await run({ url: `${server.origin}/409` }).result).status).toBe("TERMINAL");
  });

  it("lets the host replace the default retry codes", async () => {
    server.route("/429", { status: 429 });
    server.route("/423", { status: 423 });
    const svc = { ...services, webhookDefaultRetryStatusCodes: [423] };
    expect((await run({ url: `${server.origin}/429` }, svc).result).status).toBe("TERMINAL");
    expect((await run({ url: `${server.origin}/423` }, svc).result).status).toBe("RUNNING");
  });

  it("fail-fast wins over retry", async () => {
    server.route("/504", { status: 504 });
    const r = await run({ url: `${server.origin}/504`, failFastStatusCodes: [504], retryStatusCodes: [504] }).result;
    expect(r.status).toBe("TERMINAL");
  });

  it("fails on a 4xx with a message naming method, url and status, keeping the body", async () => {
    server.route("/missing", { status: 404, body: { error: "no such thing" } });
    const url = `${server.origin}/missing`;
    const r = await run({ url, method: "DELETE" }).result;

    expect(r.status).toBe("TERMINAL");
    const webhook = r.context?.webhook as Webhook;
    expect(webhook).toMatchObject({ statusCode: "NOT_FOUND", statusCodeValue: 404, body: { error: "no such thing" } });
    expect(webhook.error).toBe(`Error submitting webhook for pipeline exec-1: DELETE ${url} returned status code 404.`);
    const exception = r.context?.exception as Exception;
    expect(exception.details).toMatchObject({
      error: "Webhook request failed",
      errors: [webhook.error],
      kind: "HTTP",
      method: "DELETE",
      url,
      status: 404,
      responseBody: { error: "no such thing" },
    });
  });

  it("parses an error body as JSON on a best-effort basis", async () => {
    server.route("/bad", { status: 400, body: '{"bad json":', headers: { "content-type": "application/json" } });
    server.route("/list", { status: 400, body: '["1", {"k": "v"}, 2]' });
    const bad = await run({ url: `${server.origin}/bad` }).result;
    const list = await run({ url: `${server.origin}/list` }).result;
    expect((bad.context?.webhook as Webhook).body).toBe('{"bad json":');
    expect((list.context?.webhook as Webhook).body).toEqual(["1", { k: "v" }, 2]);
  });
});

describe("createWebhook: network failures and bad inputs", () => {
  it("retries a refused connection, whatever the method", async () => {
    const url = await refusedUrl("/hook");
    const r = await run({ url, payload: { a: 1 } }).result;
    expect(r.status).toBe("RUNNING");
    const error = (r.context?.webhook as Webhook).error as string;
    expect(error).toContain(`POST ${url} failed`);
    expect(error).toContain("ECONNREFUSED");
    expect(error).toMatch(/will retry\.$/);
  });

  it("retries a dropped connection only for idempotent methods", async () => {
    server.route("/drop", { destroy: true });
    const url = `${server.origin}/drop`;
    const put = await run({ url, method: "PUT" }).result;
    expect(put.status).toBe("RUNNING");

    const post = await run({ url, method: "POST" }).result;
    expect(post.status).toBe("TERMINAL");
    const webhook = post.context?.webhook as Webhook;
    expect(webhook.error).toContain(`performing POST ${url}`);
    expect(webhook.error).toContain("not retried: POST is not idempotent");
    expect((post.context?.exception as Exception).details).toMatchObject({ kind: "NETWORK", method: "POST", url });
  });

  it("fails without a url", async () => {
    const r = await run({ method: "POST" }).result;
    expect(r.status).toBe("TERMINAL");
    expect((r.context?.webhook as Webhook).error).toContain("no 'url'");
    expect((r.context?.exception as Exception).details.kind).toBe("CONFIG");
  });

  it("fails on an unsupported method or URL scheme", async () => {
    const method = await run({ url: `${server.origin}/x`, method: "FETCH" }).result;
    expect(method.status).toBe("TERMINAL");
    expect((method.context?.webhook as Webhook).error).toContain('Unsupported webhook method "FETCH"');
    const scheme = await run({ url: "wrong://my-service.io/api/" }).result;
    expect(scheme.status).toBe("TERMINAL");
    expect((scheme.context?.webhook as Webhook).error).toContain("unsupported URL scheme");
    const invalid = await run({ url: "not a url" }).result;
    expect((invalid.context?.webhook as Webhook).error).toContain("invalid URL");
    expect(server.requests).toHaveLength(0);
  });

  it("lets the host refuse URLs", async () => {
    const svc = {
      ...services,
      webhookValidateUrl: (u: URL) => {
        if (u.hostname === "127.0.0.1") throw new Error("loopback addresses are not allowed");
      },
    };
    const r = await run({ url: `${server.origin}/x` }, svc).result;
    expect(r.status).toBe("TERMINAL");
    expect((r.context?.webhook as Webhook).error).toContain("loopback addresses are not allowed");
    expect(server.requests).toHaveLength(0);
  });
});

describe("createWebhook: waitForCompletion and the status URL", () => {
  it("getMethod: the status URL is the webhook URL", async () => {
    server.route("/api/", { status: 201, body: { success: true } });
    const url = `${server.origin}/api/`;
    const r = await run({ url, waitForCompletion: "true", statusUrlResolution: "getMethod" }).result;
    expect(r.status).toBe("SUCCEEDED");
    expect(r.context?.statusEndpoint).toBe(url);
    expect(r.context?.webhook).toMatchObject({ statusCode: "CREATED", statusCodeValue: 201, body: { success: true }, statusEndpoint: url });
  });

  it("defaults statusUrlResolution to getMethod", async () => {
    server.route("/api", { status: 200 });
    const r = await run({ url: `${server.origin}/api`, waitForCompletion: true }).result;
    expect(r.context?.statusEndpoint).toBe(`${server.origin}/api`);
  });

  it("locationHeader: absolute and relative Location headers", async () => {
    server.route("/abs", { status: 202, headers: { location: "http://status.example/api/status/123" } });
    server.route("/rel/start", { status: 202, headers: { location: "../status/9?x=1" } });
    const abs = await run({ url: `${server.origin}/abs`, waitForCompletion: true, statusUrlResolution: "locationHeader" }).result;
    expect(abs.context?.statusEndpoint).toBe("http://status.example/api/status/123");
    const rel = await run({ url: `${server.origin}/rel/start`, waitForCompletion: true, statusUrlResolution: "locationHeader" }).result;
    expect(rel.status).toBe("SUCCEEDED");
    expect(rel.context?.statusEndpoint).toBe(`${server.origin}/status/9?x=1`);
  });

  it("locationHeader: a missing Location header fails the stage", async () => {
    server.route("/noloc", { status: 202 });
    const url = `${server.origin}/noloc`;
    const r = await run({ url, waitForCompletion: true, statusUrlResolution: "locationHeader" }).result;
    expect(r.status).toBe("TERMINAL");
    expect((r.context?.webhook as Webhook).error).toBe(
      `The status URL couldn't be resolved, but 'Wait for completion' was checked (POST ${url}, status code 202).`,
    );
    expect(r.context?.statusEndpoint).toBeUndefined();
  });

  it("treats a 3xx as success (not followed), so its Location can be the status URL", async () => {
    server.route("/redirect", { status: 303, headers: { location: "/jobs/7" } });
    const r = await run({ url: `${server.origin}/redirect`, waitForCompletion: true, statusUrlResolution: "locationHeader" }).result;
    expect(r.status).toBe("SUCCEEDED");
    expect(r.context?.statusEndpoint).toBe(`${server.origin}/jobs/7`);
    expect(server.requests).toHaveLength(1);
  });

  it("webhookResponse: reads statusUrlJsonPath from the body", async () => {
    server.route("/wr", { status: 201, body: { success: true, links: [{ self: "http://svc.example/api/status/123" }] } });
    const r = await run({
      url: `${server.origin}/wr`,
      waitForCompletion: true,
      statusUrlResolution: "webhookResponse",
      statusUrlJsonPath: "$.links[0].self",
    }).result;
    expect(r.status).toBe("SUCCEEDED");
    expect(r.context?.statusEndpoint).toBe("http://svc.example/api/status/123");
    expect((r.context?.webhook as Webhook).statusEndpoint).toBe("http://svc.example/api/status/123");
  });

  it("webhookResponse: a relative value is resolved against the webhook URL", async () => {
    server.route("/api/jobs", { status: 201, body: { id: "42", href: "jobs/42" } });
    const r = await run({
      url: `${server.origin}/api/jobs`,
      waitForCompletion: true,
      statusUrlResolution: "webhookResponse",
      statusUrlJsonPath: "href",
    }).result;
    expect(r.context?.statusEndpoint).toBe(`${server.origin}/api/jobs/42`);
  });

  it("webhookResponse: a missing or non-string value fails the stage", async () => {
    server.route("/wr", { status: 201, body: { location: { url: "x", something: ["this", "is", "a", "list"] } } });
    const base = { url: `${server.origin}/wr`, waitForCompletion: true, statusUrlResolution: "webhookResponse" };
    const missing = await run({ ...base, statusUrlJsonPath: "$.nope" }).result;
    expect(missing.status).toBe("TERMINAL");
    expect((missing.context?.webhook as Webhook).error).toContain("JSON property '$.nope' not found in response body");
    const list = await run({ ...base, statusUrlJsonPath: "$.location.something" }).result;
    expect(list.status).toBe("TERMINAL");
    expect((list.context?.webhook as Webhook).error).toContain("not a URL string");
    const noPath = await run(base).result;
    expect((noPath.context?.webhook as Webhook).error).toContain("no statusUrlJsonPath");
    const badPath = await run({ ...base, statusUrlJsonPath: "$..x" }).result;
    expect((badPath.context?.webhook as Webhook).error).toContain("deep scan");
  });

  it("fails on an unknown statusUrlResolution", async () => {
    server.route("/u", { status: 200 });
    const r = await run({ url: `${server.origin}/u`, waitForCompletion: true, statusUrlResolution: "magic" }).result;
    expect(r.status).toBe("TERMINAL");
    expect((r.context?.webhook as Webhook).error).toContain('Unexpected statusUrlResolution "magic"');
  });

  it("keeps the webhook's scheme for a status URL on the same host (Orca)", () => {
    const resolved = resolveStatusUrl(
      { url: "https://svc.example/api/", statusUrlResolution: "locationHeader", statusUrlJsonPath: undefined },
      { headers: { location: "http://svc.example:8443/api/status/1" }, body: undefined },
    );
    expect(resolved).toEqual({ url: "https://svc.example:8443/api/status/1" });
    const other = resolveStatusUrl(
      { url: "https://svc.example/api/", statusUrlResolution: "locationHeader", statusUrlJsonPath: undefined },
      { headers: { location: "http://other.example/s/1" }, body: undefined },
    );
    expect(other).toEqual({ url: "http://other.example/s/1" });
  });
});

describe("createWebhook: artifacts, backoff and timeout", () => {
  it("takes `artifacts` from the body when expectedArtifacts are declared", async () => {
    const artifacts = [{ type: "docker/image", name: "gcr.io/p/app", reference: "gcr.io/p/app:1" }];
    server.route("/art", { status: 200, body: { artifacts } }, { status: 200, body: { other: 1 } });
    const base = { url: `${server.origin}/art`, expectedArtifacts: [{ id: "e1" }] };
    const ok = await run(base).result;
    expect(ok.status).toBe("SUCCEEDED");
    expect(ok.context?.artifacts).toEqual(artifacts);
    const missing = await run(base).result;
    expect(missing.status).toBe("TERMINAL");
    expect((missing.context?.webhook as Webhook).error).toContain("Expected artifacts in webhook response couldn't be parsed");
  });

  it("backs off 10 s and times out after 5 minutes, not overridable by stageTimeoutMs", () => {
    const { ctx } = fakeTaskContext({});
    expect(createWebhookTask.backoffMs?.(ctx, 0)).toBe(10_000);
    expect(createWebhookTask.backoffMs?.(ctx, 10 * 60_000)).toBe(CREATE_WEBHOOK_BACKOFF_MS);
    expect(createWebhookTask.timeoutMs?.(ctx)).toBe(300_000);
    expect(CREATE_WEBHOOK_TIMEOUT_MS).toBe(300_000);
    expect(createWebhookTask.overridableTimeout).toBeFalsy();
    expect(createWebhookTask.type).toBe("createWebhook");
  });
});
