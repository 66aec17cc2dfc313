/**
 * `createWebhook`: calls the webhook (Orca `CreateWebhookTask` + `WebhookResponseProcessor`).
 * @module
 */
import { defineTask, type TaskContext, type TaskResult } from "../../spi/task.js";
import { readWebhookConfig, type WebhookConfig } from "./config.js";
import { checkUrl, exceptionDetails, type WebhookFailure } from "./failure.js";
import {
  buildRequest,
  classifyNetworkError,
  describeError,
  firstHeader,
  HTTP_METHODS,
  httpStatusName,
  IDEMPOTENT_METHODS,
  sendRequest,
  singleValueHeaders,
  webhookServices,
  type WebhookResponse,
  type WebhookServices,
} from "./http.js";
import { JsonPathError, readJsonPath } from "./json-path.js";

/** Delay between attempts of `createWebhook` (Orca `CreateWebhookTask.backoffPeriod`, 10 s). */
export const CREATE_WEBHOOK_BACKOFF_MS = 10_000;
/** `createWebhook` gives up after 5 minutes of retrying (Orca `CreateWebhookTask.timeout`). */
export const CREATE_WEBHOOK_TIMEOUT_MS = 5 * 60_000;
/** Statuses retried besides 5xx unless the host sets `webhookDefaultRetryStatusCodes` (Orca `webhook.default-retry-status-codes`). */
export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = [429];

const OPERATION = "createWebhook";

/**
 * Whether a non-success status should be retried: 5xx, the host's default retry codes (429) and
 * the stage's `retryStatusCodes`, unless listed in `failFastStatusCodes` (checked first).
 */
export function isRetryStatus(status: number, cfg: Pick<WebhookConfig, "retryStatusCodes">, services: WebhookServices): boolean {
  const defaults = services.webhookDefaultRetryStatusCodes ?? DEFAULT_RETRY_STATUS_CODES;
  return (status >= 500 && status <= 599) || defaults.includes(status) || cfg.retryStatusCodes.includes(status);
}

function terminal(webhook: Record<string, unknown>, failure: WebhookFailure): TaskResult {
  webhook.error = failure.message;
  return { status: "TERMINAL", context: { webhook, exception: exceptionDetails(failure) } };
}

/**
 * Finds the status URL after a successful create (Orca `WebhookStatusCheckUrlRetriever`):
 * `getMethod` — the webhook URL; `locationHeader` — the `Location` header; `webhookResponse` — the
 * string at `statusUrlJsonPath` in the response body. A relative result is resolved against the
 * webhook URL; an absolute one on the webhook's host but another scheme takes the webhook's scheme.
 */
export function resolveStatusUrl(
  cfg: Pick<WebhookConfig, "url" | "statusUrlResolution" | "statusUrlJsonPath">,
  response: Pick<WebhookResponse, "headers" | "body">,
): { url: string } | { error: string } {
  const webhookUrl = cfg.url ?? "";
  let candidate: string | undefined;
  switch (cfg.statusUrlResolution) {
    case "getMethod":
      candidate = webhookUrl;
      break;
    case "locationHeader":
      candidate = firstHeader(response.headers, "location");
      break;
    case "webhookResponse": {
      if (!cfg.statusUrlJsonPath) return { error: "statusUrlResolution is webhookResponse but no statusUrlJsonPath is set" };
      let found;
      try {
        found = readJsonPath(response.body, cfg.statusUrlJsonPath);
      } catch (err) {
        return { error: `Exception while resolving status check URL: ${err instanceof JsonPathError ? err.message : String(err)}` };
      }
      if (!found.found) {
        return { error: `Exception while resolving status check URL: JSON property '${cfg.statusUrlJsonPath}' not found in response body` };
      }
      if (typeof found.value !== "string") {
        return {
          error: `Exception while resolving status check URL: '${cfg.statusUrlJsonPath}' resolved to ${JSON.stringify(found.value)}, not a URL string`,
        };
      }
      candidate = found.value;
      break;
    }
    default:
      return { error: `Unexpected statusUrlResolution ${JSON.stringify(cfg.statusUrlResolution)} (expected getMethod, locationHeader or webhookResponse)` };
  }
  candidate = candidate?.trim();
  if (!candidate) return { error: "The status URL couldn't be resolved, but 'Wait for completion' was checked" };
  if (candidate === webhookUrl) return { url: candidate };
  try {
    const base = new URL(webhookUrl);
    const resolved = new URL(candidate, base);
    const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(candidate);
    if (absolute && resolved.hostname === base.hostname && resolved.protocol !== base.protocol) {
      // Same host, other scheme: keep the webhook's scheme (a TLS-terminating proxy reporting http://).
      return { url: `${base.protocol}//${candidate.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")}` };
    }
    return { url: absolute ? candidate : resolved.toString() };
  } catch {
    return { error: `Exception while resolving status check URL: ${JSON.stringify(candidate)} is not a valid URL` };
  }
}

/**
 * The `createWebhook` task. Sends `method` (default POST) to `url` with `payload` and
 * `customHeaders`, then:
 * - 2xx / 3xx → SUCCEEDED with `webhook: {statusCode, statusCodeValue, body, headers}`; with
 *   `waitForCompletion` the status URL is resolved (see {@link resolveStatusUrl}) and stored in
 *   `statusEndpoint` and `webhook.statusEndpoint`; without it, a non-empty `expectedArtifacts`
 *   takes `artifacts` from the response body;
 * - a status in `failFastStatusCodes` → TERMINAL;
 * - 5xx, 429 (host default retry codes) or a status in `retryStatusCodes` → RUNNING (retried after
 *   10 s until the 5-minute timeout) with `webhook.error`;
 * - any other status → TERMINAL;
 * - connection refused / name resolution / connect timeout → RUNNING for every method; a connection
 *   reset or response timeout → RUNNING for idempotent methods, else TERMINAL.
 * Failures store `webhook.error` (naming method, URL and status) and, when TERMINAL, `exception`.
 */
export const createWebhookTask = defineTask({
  type: "createWebhook",
  backoffMs: () => CREATE_WEBHOOK_BACKOFF_MS,
  timeoutMs: () => CREATE_WEBHOOK_TIMEOUT_MS,
  execute: (ctx) => createWebhook(ctx),
});

async function createWebhook(ctx: TaskContext): Promise<TaskResult> {
  const cfg = readWebhookConfig(ctx.stage.context);
  const services = webhookServices(ctx.services);
  const pipelineId = ctx.execution.id;
  const webhook: Record<string, unknown> = {};
  const { method } = cfg;
  const base = { operation: OPERATION, method, url: cfg.url } as const;

  if (!cfg.url) {
    return terminal(webhook, { ...base, kind: "CONFIG", message: `No webhook URL: the stage context has no 'url' (pipeline ${pipelineId}).` });
  }
  if (!HTTP_METHODS.includes(method)) {
    return terminal(webhook, { ...base, kind: "CONFIG", message: `Unsupported webhook method ${JSON.stringify(method)} for ${cfg.url} (pipeline ${pipelineId}).` });
  }
  const checked = checkUrl(cfg.url, services);
  if ("error" in checked) {
    return terminal(webhook, { ...base, kind: "CONFIG", message: `Cannot call webhook ${method} ${cfg.url} for pipeline ${pipelineId}: ${checked.error}.` });
  }

  let response: WebhookResponse;
  try {
    response = await sendRequest(buildRequest(method, cfg.url, cfg.payload, cfg.customHeaders), services);
  } catch (err) {
    const { kind, code } = classifyNetworkError(err);
    const description = describeError(err);
    const retry = kind === "not-sent" || (kind === "maybe-sent" && IDEMPOTENT_METHODS.includes(method));
    if (retry) {
      webhook.error = `Network failure submitting webhook for pipeline ${pipelineId}: ${method} ${cfg.url} failed (${description}), will retry.`;
      return { status: "RUNNING", context: { webhook } };
    }
    const why = kind === "maybe-sent" ? ` (not retried: ${method} is not idempotent and the request may have been received)` : "";
    return terminal(webhook, {
      ...base,
      kind: kind === "other" ? "RESPONSE" : "NETWORK",
      code,
      message: `An exception occurred for pipeline ${pipelineId} performing ${method} ${cfg.url}: ${description}${why}`,
    });
  }

  const status = response.statusCode;
  webhook.statusCode = httpStatusName(status);
  webhook.statusCodeValue = status;
  if (response.body !== undefined) webhook.body = response.body;
  webhook.headers = singleValueHeaders(response.headers);

  if (status < 200 || status >= 400) {
    const http = { ...base, kind: "HTTP", status, responseBody: response.body } as const;
    if (cfg.failFastStatusCodes.includes(status)) {
      return terminal(webhook, {
        ...http,
        message: `Received status code ${status} from ${method} ${cfg.url}, which is configured to fail fast, terminating stage for pipeline ${pipelineId}.`,
      });
    }
    if (isRetryStatus(status, cfg, services)) {
      webhook.error = `Error submitting webhook for pipeline ${pipelineId}: ${method} ${cfg.url} returned status code ${status}, will retry.`;
      return { status: "RUNNING", context: { webhook } };
    }
    return terminal(webhook, {
      ...http,
      message: `Error submitting webhook for pipeline ${pipelineId}: ${method} ${cfg.url} returned status code ${status}.`,
    });
  }

  if (cfg.waitForCompletion) {
    const resolved = resolveStatusUrl(cfg, response);
    if ("error" in resolved) {
      return terminal(webhook, { ...base, kind: "RESPONSE", status, message: `${resolved.error} (${method} ${cfg.url}, status code ${status}).` });
    }
    webhook.statusEndpoint = resolved.url;
    return { status: "SUCCEEDED", context: { webhook, statusEndpoint: resolved.url } };
  }

  const expected = ctx.stage.context.expectedArtifacts;
  if (Array.isArray(expected) && expected.length > 0) {
    const artifacts = readJsonPath(response.body, "$.artifacts");
    if (!artifacts.found) {
      return terminal(webhook, {
        ...base,
        kind: "RESPONSE",
        status,
        message: `Expected artifacts in webhook response couldn't be parsed: the response of ${method} ${cfg.url} (status code ${status}) has no 'artifacts' property.`,
      });
    }
    return { status: "SUCCEEDED", context: { webhook, artifacts: artifacts.value } };
  }
  return { status: "SUCCEEDED", context: { webhook } };
}

