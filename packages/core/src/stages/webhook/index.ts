/**
 * The `webhook` stage (Orca `orca-webhook`: `WebhookStage`, `CreateWebhookTask`,
 * `MonitorWebhookTask`): call an HTTP endpoint and, optionally, poll a status URL until the remote
 * job reports success, cancellation or failure.
 *
 * Context keys: `url`, `method` (POST), `payload`, `customHeaders`, `failFastStatusCodes`,
 * `retryStatusCodes`, `waitForCompletion`, `statusUrlResolution` (`getMethod` | `locationHeader` |
 * `webhookResponse`), `statusUrlJsonPath`, `monitorOnly`, `statusEndpoint`, `statusJsonPath`,
 * `progressJsonPath`, `successStatuses`, `canceledStatuses`, `terminalStatuses`,
 * `waitBeforeMonitor` (seconds), `cancelEndpoint`, `cancelMethod` (POST), `cancelPayload`,
 * `expectedArtifacts`, `skipRemainingWait`.
 * Results: `webhook: {statusCode, statusCodeValue, body, headers, statusEndpoint, error,
 * monitor: {body, statusCode, statusCodeValue, percentComplete, progressMessage, error}, cancel}`,
 * `statusEndpoint`, `artifacts`, and `exception` when a task fails.
 *
 * Host services (`createEngine({ services })`): `webhookDispatcher` (an undici `Dispatcher`),
 * `webhookDefaultRetryStatusCodes` (default `[429]`), `webhookValidateUrl(url)`.
 * @module
 */
import { GennakerError } from "../../errors.js";
import type { StageExecution } from "../../execution/types.js";
import { defineStage, type StageDefinition } from "../../spi/stage-definition.js";
import { cancelWebhook } from "./cancel.js";
import { readWebhookConfig } from "./config.js";
import { createWebhookTask } from "./create-webhook-task.js";
import { monitorWebhookTask } from "./monitor-webhook-task.js";
import { waitBeforeMonitorWebhookTask } from "./wait-before-monitor-task.js";

export { cancelWebhook } from "./cancel.js";
export { readWebhookConfig, type StatusUrlResolution, type WebhookConfig } from "./config.js";
export {
  CREATE_WEBHOOK_BACKOFF_MS,
  CREATE_WEBHOOK_TIMEOUT_MS,
  createWebhookTask,
  DEFAULT_RETRY_STATUS_CODES,
  isRetryStatus,
  resolveStatusUrl,
} from "./create-webhook-task.js";
export { exceptionDetails, type WebhookFailure } from "./failure.js";
export { classifyNetworkError, httpStatusName, type NetworkFailureKind, type WebhookServices } from "./http.js";
export { JsonPathError, parseJsonPath, readJsonPath, type JsonPathResult, type JsonPathSegment } from "./json-path.js";
export {
  MONITOR_WEBHOOK_BACKOFF_MS,
  MONITOR_WEBHOOK_SLOW_BACKOFF_MS,
  MONITOR_WEBHOOK_SLOWDOWN_AFTER_MS,
  MONITOR_WEBHOOK_TIMEOUT_MS,
  monitorBackoffMs,
  monitorWebhookTask,
  statusMap,
} from "./monitor-webhook-task.js";
export { remainingWaitMs, waitBeforeMonitorWebhookTask } from "./wait-before-monitor-task.js";

/** The webhook stage's inputs are contradictory (thrown while planning, so the stage fails). */
export class WebhookConfigError extends GennakerError {
  constructor(message: string) {
    super("WEBHOOK_CONFIG_INVALID", message);
  }
}

/**
 * The `webhook` stage type. Tasks: `createWebhook` (unless `monitorOnly`), then, with
 * `waitForCompletion`, `waitBeforeMonitorWebhook` (if `waitBeforeMonitor > 0`) and
 * `monitorWebhook`. When the stage is canceled or fails, `cancelEndpoint` is called (see
 * {@link cancelWebhook}). A restart clears the previous run's `webhook` results.
 */
export const webhookStage: StageDefinition = defineStage({
  type: "webhook",
  tasks: [createWebhookTask, waitBeforeMonitorWebhookTask, monitorWebhookTask],
  taskGraph(stage, graph) {
    const cfg = readWebhookConfig(stage.context);
    if (cfg.monitorOnly && !cfg.waitForCompletion) {
      throw new WebhookConfigError("Can't specify monitorOnly = true and waitForCompletion = false at the same time");
    }
    if (!cfg.monitorOnly) graph.task("createWebhook", createWebhookTask);
    if (cfg.waitForCompletion) {
      if (cfg.waitBeforeMonitor > 0) graph.task("waitBeforeMonitorWebhook", waitBeforeMonitorWebhookTask);
      graph.task("monitorWebhook", monitorWebhookTask);
    }
  },
  prepareForRestart(stage: StageExecution) {
    delete stage.context.webhook;
    if (!readWebhookConfig(stage.context).monitorOnly) delete stage.context.statusEndpoint;
  },
  cancel: (stage, env) => cancelWebhook(stage, env),
});
