/**
 * Test helpers for the webhook stage: a real HTTP server on 127.0.0.1 that records requests and
 * plays scripted responses, and a hand-built {@link TaskContext}. Not part of the public API.
 * @module
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PipelineExecution, StageExecution, TaskExecution } from "../../execution/types.js";
import type { StageEnv } from "../../spi/stage-definition.js";
import type { EngineAccess, TaskContext, TaskResult } from "../../spi/task.js";

/** A request the test server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A scripted reply: a status with an optional JSON (or string) body and headers, or a dropped connection. */
export type ScriptedReply =
  | { status: number; body?: unknown; headers?: Record<string, string | string[]> }
  | { destroy: true }
  | ((req: RecordedRequest, res: ServerResponse) => void);

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests received for one path. */
  requestsTo(path: string): RecordedRequest[];
  /** Script the replies for a path: consumed in order, the last one repeats. Unscripted paths get 404. */
  route(path: string, ...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

/** Starts a recording server on 127.0.0.1 with an OS-assigned port. */
export async function startTestServer(): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const routes = new Map<string, ScriptedReply[]>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const path = recorded.path.split("?")[0] ?? "";
      const queue = routes.get(path);
      const reply = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (!reply) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "not found" }));
      } else if (typeof reply === "function") {
        reply(recorded, res);
      } else if ("destroy" in reply) {
        req.socket.destroy();
      } else {
        const headers: Record<string, string | string[]> = { ...reply.headers };
        let text = "";
        if (reply.body !== undefined) {
          text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
          if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
            headers["content-type"] = typeof reply.body === "string" ? "text/plain" : "application/json";
          }
        }
        res.writeHead(reply.status, headers);
        res.end(text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (path) => requests.filter((r) => (r.path.split("?")[0] ?? "") === path),
    route(path, ...replies) {
      routes.set(path, replies);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (a server is started, then closed, to free a port). */
export async function refusedUrl(path = "/"): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}

/** An `engine` for fakes: the webhook stage never uses it, so any access throws. */
const NO_ENGINE = new Proxy({} as EngineAccess, {
  get(_target, key) {
    throw new Error(`the webhook stage must not use ctx.engine (read ${String(key)})`);
  },
});

/** Options of {@link fakeTaskContext}. */
export interface FakeContextOptions {
  /** Current time returned by `ctx.now()` (mutable through the returned `clock`). */
  now?: number;
  services?: Record<string, unknown>;
  taskStartTime?: number | null;
  stageStartTime?: number | null;
  executionId?: string;
}

/** A hand-built task context plus handles to move its clock and apply results. */
export interface FakeContext {
  ctx: TaskContext;
  stage: StageExecution;
  task: TaskExecution;
  clock: { now: number };
  /** Merges a result's context and outputs into the stage (as the engine's RunTask does). */
  apply(result: TaskResult): TaskResult;
  /** A StageEnv for stage hooks (`cancel`). */
  env: StageEnv;
}

/** Builds a minimal stage, task and execution and a TaskContext over them. */
export function fakeTaskContext(context: Record<string, unknown>, opts: FakeContextOptions = {}): FakeContext {
  const clock = { now: opts.now ?? 1_700_000_000_000 };
  const task: TaskExecution = {
    id: "1",
    name: "task",
    implementingClass: "task",
    status: "RUNNING",
    startTime: opts.taskStartTime === undefined ? clock.now : opts.taskStartTime,
    endTime: null,
    stageStart: true,
    stageEnd: true,
    loopStart: false,
    loopEnd: false,
    taskExceptionDetails: {},
  };
  const stage: StageExecution = {
    id: "stage-1",
    refId: "1",
    type: "webhook",
    name: "Webhook",
    status: "RUNNING",
    context: { ...context },
    outputs: {},
    startTime: opts.stageStartTime === undefined ? clock.now : opts.stageStartTime,
    endTime: null,
    startTimeExpiry: null,
    requisiteStageRefIds: [],
    parentStageId: null,
    syntheticStageOwner: null,
    tasks: [task],
    scheduledTime: null,
    lastModified: null,
  };
  const execution: PipelineExecution = {
    id: opts.executionId ?? "exec-1",
    type: "pipeline",
    application: "app",
    name: "pipe",
    pipelineConfigId: "cfg",
    status: "RUNNING",
    buildTime: clock.now,
    startTime: clock.now,
    endTime: null,
    startTimeExpiry: null,
    canceled: false,
    canceledBy: null,
    cancellationReason: null,
    limitConcurrent: false,
    maxConcurrentExecutions: 0,
    keepWaitingPipelines: false,
    paused: null,
    origin: "test",
    trigger: { type: "manual", user: "anonymous", parameters: {}, artifacts: [] },
    notifications: [],
    spelEvaluator: null,
    initialConfig: {},
    authentication: { user: null, allowedAccounts: [] },
    templateVariables: null,
    description: null,
    stages: [stage],
    version: 1,
  };
  const services = opts.services ?? {};
  const ctx: TaskContext = {
    stage,
    task,
    execution,
    now: () => clock.now,
    get: (key) => stage.context[key],
    services,
    evaluate: (value) => value,
    random: () => 0.5,
    engine: NO_ENGINE,
  };
  const env: StageEnv = { execution, now: () => clock.now, services, random: () => 0.5, engine: NO_ENGINE };
  return {
    ctx,
    stage,
    task,
    clock,
    env,
    apply(result) {
      Object.assign(stage.context, result.context ?? {});
      Object.assign(stage.outputs, result.outputs ?? {});
      return result;
    },
  };
}
