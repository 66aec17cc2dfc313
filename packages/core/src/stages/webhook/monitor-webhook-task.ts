/**
 * `monitorWebhook`: polls the status URL until the remote job finishes (Orca `MonitorWebhookTask`).
 * @module
 */
import type { ExecutionStatus } from "../../execution/status.js";
import { defineTask, type TaskContext, type TaskResult } from "../../spi/task.js";
import { isRetryStatus } from "./create-webhook-task.js";
import { readWebhookConfig, webhookState, type WebhookConfig } from "./config.js";
import { checkUrl, exceptionDetails, type WebhookFailure } from "./failure.js";
import {
  buildRequest,
  classifyNetworkError,
  describeError,
  httpStatusName,
  sendRequest,
  webhookServices,
  type WebhookResponse,
} from "./http.js";
import { JsonPathError, parseJsonPath, readJsonPath, type JsonPathSegment } from "./json-path.js";

/** Delay between polls during the first minute (Orca `MonitorWebhookTask.backoffPeriod`, 1 s). */
export const MONITOR_WEBHOOK_BACKOFF_MS = 1_000;
/** Delay between polls once the task has run for more than {@link MONITOR_WEBHOOK_SLOWDOWN_AFTER_MS}. */
export const MONITOR_WEBHOOK_SLOW_BACKOFF_MS = 15_000;
/** How long the monitor polls every second before slowing down (1 min). */
export const MONITOR_WEBHOOK_SLOWDOWN_AFTER_MS = 60_000;
/** `monitorWebhook` fails after 1 hour unless the stage sets `stageTimeoutMs` (Orca: overridable timeout). */
export const MONITOR_WEBHOOK_TIMEOUT_MS = 60 * 60_000;

const OPERATION = "monitorWebhook";

/** The monitor's backoff for a task that has run `taskDurationMs` (Orca `getDynamicBackoffPeriod`). */
export function monitorBackoffMs(taskDurationMs: number): number {
  return taskDurationMs > MONITOR_WEBHOOK_SLOWDOWN_AFTER_MS
    ? Math.max(MONITOR_WEBHOOK_BACKOFF_MS, MONITOR_WEBHOOK_SLOW_BACKOFF_MS)
    : MONITOR_WEBHOOK_BACKOFF_MS;
}

/**
 * Maps the comma lists `successStatuses`, `canceledStatuses` and `terminalStatuses` to statuses,
 * keyed by the trimmed, upper-cased value (Orca `createStatusMap`: a value in several lists takes
 * the later one — terminal over canceled over success).
 */
export function statusMap(cfg: Pick<WebhookConfig, "successStatuses" | "canceledStatuses" | "terminalStatuses">): Map<string, ExecutionStatus> {
  const map = new Map<string, ExecutionStatus>();
  const add = (list: string | undefined, status: ExecutionStatus): void => {
    if (!list) return;
    for (const item of list.split(",")) {
      const key = item.trim().toUpperCase();
      if (key !== "") map.set(key, status);
    }
  };
  add(cfg.successStatuses, "SUCCEEDED");
  add(cfg.canceledStatuses, "CANCELED");
  add(cfg.terminalStatuses, "TERMINAL");
  return map;
}

/**
 * The `monitorWebhook` task. GETs `statusEndpoint` (falling back to `url`) with `customHeaders` and
 * reads `statusJsonPath` from the response:
 * - a number → SUCCEEDED when it is 100, else RUNNING; stored as `webhook.monitor.percentComplete`;
 * - a string (or boolean) → looked up case-insensitively in `successStatuses` (SUCCEEDED),
 *   `canceledStatuses` (CANCELED) and `terminalStatuses` (TERMINAL); anything else → RUNNING;
 * - missing, or not a single value → TERMINAL.
 * `progressJsonPath`, when set, must resolve to a string, stored as `webhook.monitor.progressMessage`.
 * 5xx, 429, `retryStatusCodes` and network failures keep polling. The response goes to
 * `webhook.monitor: {body, statusCode, statusCodeValue, ...}` (the create task's `webhook` fields
 * are kept). Polls every second, every 15 s after the first minute; times out after 1 hour or
 * the stage's `stageTimeoutMs`.
 */
export const monitorWebhookTask = defineTask({
  type: "monitorWebhook",
  overridableTimeout: true,
  backoffMs: (_ctx, taskDurationMs) => monitorBackoffMs(taskDurationMs),
  timeoutMs: () => MONITOR_WEBHOOK_TIMEOUT_MS,
  execute: (ctx) => monitorWebhook(ctx),
});

async function monitorWebhook(ctx: TaskContext): Promise<TaskResult> {
  const cfg = readWebhookConfig(ctx.stage.context);
  const services = webhookServices(ctx.services);
  const pipelineId = ctx.execution.id;
  const webhook = webhookState(ctx.stage.context);
  const previous = webhook.monitor !== null && typeof webhook.monitor === "object" ? (webhook.monitor as Record<string, unknown>) : {};
  const monitor: Record<string, unknown> = {};
  webhook.monitor = monitor;
  const url = cfg.statusEndpoint ?? cfg.url;
  const method = "GET";

  const fail = (failure: Omit<WebhookFailure, "operation" | "method" | "url">): TaskResult => {
    monitor.error = failure.message;
    return { status: "TERMINAL", context: { webhook, exception: exceptionDetails({ operation: OPERATION, method, url, ...failure }) } };
  };
  const retry = (message: string, extra: Record<string, unknown> = {}): TaskResult => {
    webhook.monitor = { ...previous, ...extra, error: message };
    return { status: "RUNNING", context: { webhook } };
  };

  if (!url || !cfg.statusJsonPath) {
    return fail({
      kind: "CONFIG",
      message: `Missing required parameter(s): statusEndpoint = ${url ?? "null"}, statusJsonPath = ${cfg.statusJsonPath ?? "null"}`,
    });
  }
  let statusPath: JsonPathSegment[];
  let progressPath: JsonPathSegment[] | undefined;
  try {
    statusPath = parseJsonPath(cfg.statusJsonPath);
    progressPath = cfg.progressJsonPath ? parseJsonPath(cfg.progressJsonPath) : undefined;
  } catch (err) {
    return fail({ kind: "CONFIG", message: err instanceof JsonPathError ? err.message : String(err) });
  }
  const checked = checkUrl(url, services);
  if ("error" in checked) {
    return fail({ kind: "CONFIG", message: `Cannot poll webhook status ${method} ${url} for pipeline ${pipelineId}: ${checked.error}.` });
  }

  let response: WebhookResponse;
  try {
    response = await sendRequest(buildRequest(method, url, undefined, cfg.customHeaders), services, { followRedirects: true });
  } catch (err) {
    const { kind, code } = classifyNetworkError(err);
    const description = describeError(err);
    if (kind !== "other") {
      return retry(`Network failure polling webhook status for pipeline ${pipelineId}: ${method} ${url} failed (${description}), will retry.`);
    }
    return fail({ kind: "RESPONSE", code, message: `An exception occurred in webhook monitor for pipeline ${pipelineId}: ${method} ${url}: ${description}` });
  }

  const status = response.statusCode;
  const statusFields = { statusCode: httpStatusName(status), statusCodeValue: status };
  if (status < 200 || status >= 400) {
    if (isRetryStatus(status, cfg, services)) {
      return retry(`Failed to get webhook status for pipeline ${pipelineId}: ${method} ${url} returned status code ${status}, will retry.`, statusFields);
    }
    if (response.body !== undefined) monitor.body = response.body;
    Object.assign(monitor, statusFields);
    return fail({
      kind: "HTTP",
      status,
      responseBody: response.body,
      message: `An error occurred in webhook monitor for pipeline ${pipelineId}: ${method} ${url} returned status code ${status}.`,
    });
  }

  if (response.body !== undefined) monitor.body = response.body;
  Object.assign(monitor, statusFields);

  const result = readJsonPath(response.body, statusPath);
  if (!result.found) {
    return fail({
      kind: "RESPONSE",
      status,
      message: `Unable to parse status: JSON property '${cfg.statusJsonPath}' not found in response body of ${method} ${url}`,
    });
  }
  const value = result.value;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    monitor.resolvedValue = value;
    return fail({
      kind: "RESPONSE",
      status,
      message: `The json path '${cfg.statusJsonPath}' did not resolve to a single value in the response of ${method} ${url}`,
    });
  }

  if (progressPath && cfg.progressJsonPath) {
    const progress = readJsonPath(response.body, progressPath);
    if (!progress.found) {
      return fail({
        kind: "RESPONSE",
        status,
        message: `Unable to parse progress: JSON property '${cfg.progressJsonPath}' not found in response body of ${method} ${url}`,
      });
    }
    if (typeof progress.value !== "string") {
      monitor.resolvedValue = progress.value;
      return fail({
        kind: "RESPONSE",
        status,
        message: `The json path '${cfg.progressJsonPath}' did not resolve to a String value in the response of ${method} ${url}`,
      });
    }
    if (progress.value !== "") monitor.progressMessage = progress.value;
  }

  if (typeof value === "number") {
    monitor.percentComplete = value;
    return { status: value === 100 ? "SUCCEEDED" : "RUNNING", context: { webhook } };
  }
  const mapped = statusMap(cfg).get(String(value).toUpperCase());
  if (mapped === "TERMINAL") {
    return {
      status: "TERMINAL",
      context: {
        webhook,
        exception: exceptionDetails({
          operation: OPERATION,
          kind: "RESPONSE",
          method,
          url,
          status,
          message: `Webhook status ${JSON.stringify(value)} from ${method} ${url} is one of the terminal statuses (${cfg.terminalStatuses ?? ""}).`,
        }),
      },
    };
  }
  return { status: mapped ?? "RUNNING", context: { webhook } };
}
