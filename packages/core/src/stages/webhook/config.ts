/**
 * The webhook stage's context keys (Orca `WebhookStage.StageData`), read leniently the way Jackson
 * coerces them: booleans may be `"true"`, numbers may be numeric strings, methods are
 * case-insensitive.
 * @module
 */

/** How the status URL is found when `waitForCompletion` is set (Orca `StatusUrlResolution`). */
export type StatusUrlResolution = "getMethod" | "locationHeader" | "webhookResponse";

/** The webhook stage's inputs, normalized. */
export interface WebhookConfig {
  /** The webhook URL (`url`). */
  url: string | undefined;
  /** Upper-cased HTTP method (`method`, default `POST`). */
  method: string;
  /** Request body (`payload`). */
  payload: unknown;
  /** Extra request headers (`customHeaders`), values strings or arrays of strings. */
  customHeaders: unknown;
  /** Statuses that fail the create task at once (`failFastStatusCodes`; none by default, as in Orca). */
  failFastStatusCodes: number[];
  /** Statuses retried besides 5xx and the host's default retry codes (`retryStatusCodes`). */
  retryStatusCodes: number[];
  /** Monitor the remote job after creating it (`waitForCompletion`). */
  waitForCompletion: boolean;
  /** Raw `statusUrlResolution` (validated when used); default `getMethod`. */
  statusUrlResolution: string;
  /** JSONPath of the status URL in the create response (`statusUrlJsonPath`). */
  statusUrlJsonPath: string | undefined;
  /** Skip the create call and only monitor `statusEndpoint` (`monitorOnly`). */
  monitorOnly: boolean;
  /** Status URL: set by the create task, or given for `monitorOnly` (`statusEndpoint`). */
  statusEndpoint: string | undefined;
  /** JSONPath of the status in the status response (`statusJsonPath`). */
  statusJsonPath: string | undefined;
  /** JSONPath of a progress message in the status response (`progressJsonPath`). */
  progressJsonPath: string | undefined;
  /** Comma list of statuses meaning success (`successStatuses`). */
  successStatuses: string | undefined;
  /** Comma list of statuses meaning canceled (`canceledStatuses`). */
  canceledStatuses: string | undefined;
  /** Comma list of statuses meaning failure (`terminalStatuses`). */
  terminalStatuses: string | undefined;
  /** Seconds to wait between create and monitor (`waitBeforeMonitor`). */
  waitBeforeMonitor: number;
  /** URL called when the stage is canceled or fails (`cancelEndpoint`). */
  cancelEndpoint: string | undefined;
  /** Upper-cased method of the cancel call (`cancelMethod`, default `POST`). */
  cancelMethod: string;
  /** Body of the cancel call (`cancelPayload`). */
  cancelPayload: unknown;
}

/** Reads a boolean the way Jackson coerces one: `true` or `"true"` (any case). */
export function asBoolean(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

/** A finite number, or a numeric string, else undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A non-blank trimmed string, else undefined (numbers are stringified). */
export function asString(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return undefined;
  const s = value.trim();
  return s === "" ? undefined : s;
}

/** A list of integer status codes from an array, a single number or a comma-separated string. */
export function asStatusCodes(value: unknown): number[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : value === undefined || value === null ? [] : [value];
  const out: number[] = [];
  for (const item of items) {
    const n = asNumber(item);
    if (n !== undefined && Number.isInteger(n)) out.push(n);
  }
  return out;
}

/** Reads the webhook inputs from a stage context. */
export function readWebhookConfig(context: Readonly<Record<string, unknown>>): WebhookConfig {
  return {
    url: asString(context.url),
    method: (asString(context.method) ?? "POST").toUpperCase(),
    payload: context.payload,
    customHeaders: context.customHeaders,
    failFastStatusCodes: asStatusCodes(context.failFastStatusCodes),
    retryStatusCodes: asStatusCodes(context.retryStatusCodes),
    waitForCompletion: asBoolean(context.waitForCompletion),
    statusUrlResolution: asString(context.statusUrlResolution) ?? "getMethod",
    statusUrlJsonPath: asString(context.statusUrlJsonPath),
    monitorOnly: asBoolean(context.monitorOnly),
    statusEndpoint: asString(context.statusEndpoint),
    statusJsonPath: asString(context.statusJsonPath),
    progressJsonPath: asString(context.progressJsonPath),
    successStatuses: asString(context.successStatuses),
    canceledStatuses: asString(context.canceledStatuses),
    terminalStatuses: asString(context.terminalStatuses),
    waitBeforeMonitor: Math.max(0, asNumber(context.waitBeforeMonitor) ?? 0),
    cancelEndpoint: asString(context.cancelEndpoint),
    cancelMethod: (asString(context.cancelMethod) ?? "POST").toUpperCase(),
    cancelPayload: context.cancelPayload,
  };
}

/** The stage's `webhook` context object (create/monitor results), or a fresh empty one. */
export function webhookState(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const w = context.webhook;
  return w !== null && typeof w === "object" && !Array.isArray(w) ? { ...(w as Record<string, unknown>) } : {};
}
