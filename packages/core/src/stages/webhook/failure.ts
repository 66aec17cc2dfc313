/**
 * Failure reporting shared by the webhook tasks: Orca-shaped `exception` details and URL checks.
 * @module
 */
import type { WebhookServices } from "./http.js";

/** What went wrong, for {@link exceptionDetails}. */
export interface WebhookFailure {
  /** The task that failed (`createWebhook`, `monitorWebhook`). */
  operation: string;
  /** The full, human-readable message (also stored as `webhook.error` / `webhook.monitor.error`). */
  message: string;
  /** `HTTP` (an error status), `NETWORK` (transport failure), `CONFIG` (bad stage inputs), `RESPONSE` (unusable response). */
  kind: "HTTP" | "NETWORK" | "CONFIG" | "RESPONSE";
  method?: string | undefined;
  url?: string | undefined;
  status?: number | undefined;
  responseBody?: unknown;
  /** Transport error code (`ECONNRESET`, ...). */
  code?: string | undefined;
}

/**
 * The stage-context `exception` value for a failed webhook task, in the shape Orca's exception
 * handlers write (`{details: {error, errors: [...], kind, url, status, ...}, exceptionType,
 * operation, shouldRetry}`), so UIs that read `exception.details.errors` show the message.
 */
export function exceptionDetails(failure: WebhookFailure): Record<string, unknown> {
  const details: Record<string, unknown> = {
    error: failure.operation === "monitorWebhook" ? "Webhook monitor failed" : "Webhook request failed",
    errors: [failure.message],
    kind: failure.kind,
  };
  if (failure.method !== undefined) details.method = failure.method;
  if (failure.url !== undefined) details.url = failure.url;
  if (failure.status !== undefined) details.status = failure.status;
  if (failure.responseBody !== undefined) details.responseBody = failure.responseBody;
  if (failure.code !== undefined) details.code = failure.code;
  return {
    details,
    exceptionType: failure.kind === "HTTP" ? "WebhookHttpError" : failure.kind === "NETWORK" ? "WebhookNetworkError" : "WebhookError",
    operation: failure.operation,
    shouldRetry: false,
  };
}

/**
 * Parses and vets a URL before it is called: it must be absolute `http:` / `https:`, and pass the
 * host's `webhookValidateUrl` if one is configured. Returns the URL or the reason it is refused.
 */
export function checkUrl(raw: string, services: WebhookServices): { url: URL } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `invalid URL ${JSON.stringify(raw)}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { error: `unsupported URL scheme ${JSON.stringify(url.protocol)} in ${raw} (only http and https are allowed)` };
  }
  if (services.webhookValidateUrl) {
    try {
      services.webhookValidateUrl(url);
    } catch (err) {
      return { error: `URL ${raw} is not allowed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  return { url };
}
