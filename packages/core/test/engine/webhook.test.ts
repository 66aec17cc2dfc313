import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEngine } from "../../src/testing.js";

interface Hit {
  method: string;
  url: string;
  body: string;
}

let server: Server;
let base = "";
const hits: Hit[] = [];
let jobStatus = "RUNNING";

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.setHeader("content-type", "application/json");
      if (req.url === "/deploy" && req.method === "POST") {
        res.statusCode = 202;
        res.setHeader("location", "/jobs/7");
        res.end(JSON.stringify({ id: 7 }));
      } else if (req.url === "/jobs/7" && req.method === "GET") {
        res.end(JSON.stringify({ state: jobStatus, progress: "half way" }));
      } else if (req.url === "/jobs/7/cancel") {
        res.end("{}");
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: "not found" }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

function pipeline() {
  return {
    application: "a",
    stages: [
      {
        refId: "1",
        type: "webhook",
        name: "Deploy job",
        url: `${base}/deploy`,
        method: "POST",
        payload: { version: "${parameters.version}" },
        waitForCompletion: true,
        statusUrlResolution: "locationHeader",
        statusJsonPath: "$.state",
        progressJsonPath: "$.progress",
        successStatuses: "DONE",
        terminalStatuses: "FAILED",
        cancelEndpoint: `${base}/jobs/7/cancel`,
        cancelMethod: "POST",
        cancelPayload: { reason: "canceled" },
      },
      { refId: "2", type: "evaluateVariables", requisiteStageRefIds: ["1"], variables: [{ key: "code", value: "${#stage('Deploy job').context.webhook.statusCodeValue}" }] },
    ],
    parameterConfig: [{ name: "version", default: "1.2.3" }],
  };
}

describe("webhook stage through the engine, against a real local HTTP server", () => {
  it("posts the payload, monitors the status URL until DONE, and exposes the response to later stages", async () => {
    hits.length = 0;
    jobStatus = "RUNNING";
    const engine = createTestEngine();
    const e = await engine.start(pipeline());
    await engine.advance(5_000);
    expect(hits[0]).toMatchObject({ method: "POST", url: "/deploy", body: JSON.stringify({ version: "1.2.3" }) });
    expect(hits.filter((h) => h.url === "/jobs/7").length).toBeGreaterThanOrEqual(3);
    jobStatus = "done";
    const done = await engine.runToCompletion(e.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.stages[1]!.outputs).toEqual({ code: 202 });
    expect(hits.some((h) => h.url === "/jobs/7/cancel")).toBe(false);
  });

  it("cancel during the monitor: the stage is CANCELED and the cancel endpoint is called once", async () => {
    hits.length = 0;
    jobStatus = "RUNNING";
    const engine = createTestEngine();
    const e = await engine.start(pipeline());
    await engine.advance(30_000);
    await engine.cancel(e.id, { user: "ops" });
    await engine.advance(60_000);
    const x = (await engine.get(e.id))!;
    expect(x.status).toBe("CANCELED");
    expect(x.stages.map((s) => s.status)).toEqual(["CANCELED", "NOT_STARTED"]);
    const cancels = hits.filter((h) => h.url === "/jobs/7/cancel");
    expect(cancels).toEqual([{ method: "POST", url: "/jobs/7/cancel", body: JSON.stringify({ reason: "canceled" }) }]);
    const polls = hits.filter((h) => h.url === "/jobs/7").length;
    await engine.advance(600_000);
    expect(hits.filter((h) => h.url === "/jobs/7").length).toBe(polls);
  });

  it("a terminal status fails the stage with the status in the error", async () => {
    hits.length = 0;
    jobStatus = "FAILED";
    const engine = createTestEngine();
    const done = await engine.runToCompletion((await engine.start(pipeline())).id);
    expect(done.status).toBe("TERMINAL");
    expect(done.stages[0]!.status).toBe("TERMINAL");
  });
});
