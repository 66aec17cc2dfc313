/**
 * Best-effort cancellation of a webhook's remote job (Orca `MonitorWebhookTask.onCancel`, which
 * `WebhookStage` also runs when the stage fails).
 * @module
 */
import type { StageExecution } from "../../execution/types.js";
import type { StageEnv } from "../../spi/stage-definition.js";
import type { TaskResult } from "../../spi/task.js";
import { readWebhookConfig, webhookState } from "./config.js";
import { checkUrl } from "./failure.js";
import { buildRequest, describeError, HTTP_METHODS, httpStatusName, sendRequest, webhookServices } from "./http.js";

/**
 * Calls `cancelEndpoint` with `cancelMethod` (default POST), `cancelPayload` and `customHeaders`
 * when the stage is canceled or fails. Only when `cancelEndpoint` is set and the webhook was called
 * (`webhook.statusCode` is in the context, as Orca checks) or the stage is `monitorOnly`; at most
 * once per run (the outcome is recorded in `webhook.cancel: {method, url, statusCode,
 * statusCodeValue | error}` and a second call is skipped). Never throws: failures are recorded in
 * `webhook.cancel.error`. Returns undefined when nothing was sent.
 */
export async function cancelWebhook(stage: StageExecution, env: StageEnv): Promise<TaskResult | undefined> {
  const context = stage.context;
  const cfg = readWebhookConfig(context);
  if (!cfg.cancelEndpoint) return undefined;
  const webhook = webhookState(context);
  if (webhook.cancel !== undefined) return undefined;
  const called = webhook.statusCode !== undefined || webhook.statusCodeValue !== undefined;
  if (!called && !cfg.monitorOnly) return undefined;

  const services = webhookServices(env.services);
  const method = cfg.cancelMethod;
  const url = cfg.cancelEndpoint;
  const cancel: Record<string, unknown> = { method, url };
  webhook.cancel = cancel;
  const checked = checkUrl(url, services);
  if (!HTTP_METHODS.includes(method)) {
    cancel.error = `Failed to cancel webhook: unsupported cancelMethod ${JSON.stringify(method)} for ${url}`;
  } else if ("error" in checked) {
    cancel.error = `Failed to cancel webhook ${method} ${url}: ${checked.error}`;
  } else {
    try {
      const response = await sendRequest(buildRequest(method, url, cfg.cancelPayload, cfg.customHeaders), services);
      cancel.statusCode = httpStatusName(response.statusCode);
      cancel.statusCodeValue = response.statusCode;
      if (response.statusCode < 200 || response.statusCode >= 400) {
        cancel.error = `Failed to cancel webhook: ${method} ${url} returned status code ${response.statusCode}`;
      }
    } catch (err) {
      cancel.error = `Failed to cancel webhook: ${method} ${url} failed (${describeError(err)})`;
    }
  }
  return { status: stage.status, context: { webhook } };
}
