/**
 * The webhook stage's HTTP plumbing on undici: building headers and bodies the way Orca's
 * `WebhookService` does, reading responses into Orca's output shape, and classifying network
 * failures as retryable or not.
 * @module
 */
import { STATUS_CODES } from "node:http";
import { getGlobalDispatcher, interceptors, request, type Dispatcher } from "undici";

/** Headers Orca never forwards from `customHeaders` (they would let a pipeline impersonate a user). */
export const DENIED_HEADERS: readonly string[] = [
  "X-SPINNAKER-USER",
  "X-SPINNAKER-ACCOUNT",
  "X-SPINNAKER-USER-ORIGIN",
  "X-SPINNAKER-REQUEST-ID",
  "X-SPINNAKER-EXECUTION-ID",
];

/** HTTP methods a webhook may use (Spring's `HttpMethod`). */
export const HTTP_METHODS: readonly string[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

/** Methods that may safely be sent twice (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: readonly string[] = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"];

/** Host-supplied services the webhook stage reads from `TaskContext.services` / `StageEnv.services`. */
export interface WebhookServices {
  /** undici dispatcher (an `Agent`, `MockAgent`, `ProxyAgent`, ...) used for every webhook request. */
  webhookDispatcher?: Dispatcher;
  /** Status codes retried besides 5xx (Orca `webhook.default-retry-status-codes`, default `[429]`). */
  webhookDefaultRetryStatusCodes?: readonly number[];
  /**
   * Vets every URL before it is called (Orca's `UserConfiguredUrlRestrictions`): throw to refuse it.
   * The error message is reported in the stage context and the stage fails.
   */
  webhookValidateUrl?: (url: URL) => void;
}

/** A webhook request, ready to send. */
export interface WebhookRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  /** Serialized body, or undefined for none. */
  body?: string;
}

/** A received response (any status). */
export interface WebhookResponse {
  statusCode: number;
  /** Response headers, lower-case names; repeated headers as arrays. */
  headers: Record<string, string | string[]>;
  /** Raw response text. */
  text: string;
  /** Body parsed as JSON when it is JSON, else the text; undefined when empty. */
  body: unknown;
}

/** Reads the host services relevant to webhooks, ignoring values of the wrong type. */
export function webhookServices(services: Readonly<Record<string, unknown>>): WebhookServices {
  const out: WebhookServices = {};
  const dispatcher = services.webhookDispatcher;
  if (dispatcher !== null && typeof dispatcher === "object" && typeof (dispatcher as { dispatch?: unknown }).dispatch === "function") {
    out.webhookDispatcher = dispatcher as Dispatcher;
  }
  const codes = services.webhookDefaultRetryStatusCodes;
  if (Array.isArray(codes)) out.webhookDefaultRetryStatusCodes = codes.filter((c): c is number => Number.isInteger(c));
  const validate = services.webhookValidateUrl;
  if (typeof validate === "function") out.webhookValidateUrl = validate as (url: URL) => void;
  return out;
}

/**
 * Builds request headers from `customHeaders` (Orca `WebhookService.buildHttpHeaders`): array values
 * become repeated headers, other values are stringified, denied `X-SPINNAKER-*` headers are dropped.
 * A JSON object given as a string is accepted too.
 */
export function buildHeaders(customHeaders: unknown): Record<string, string | string[]> {
  let source = customHeaders;
  if (typeof source === "string" && source.trim().startsWith("{")) {
    try {
      source = JSON.parse(source);
    } catch {
      source = undefined;
    }
  }
  const headers: Record<string, string | string[]> = {};
  if (source === null || typeof source !== "object" || Array.isArray(source)) return headers;
  for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
    if (DENIED_HEADERS.includes(name.toUpperCase())) continue;
    if (value === undefined || value === null) continue;
    headers[name] = Array.isArray(value) ? value.map(headerValue) : headerValue(value);
  }
  return headers;
}

function headerValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function hasHeader(headers: Record<string, string | string[]>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((h) => h.toLowerCase() === lower);
}

/**
 * Assembles a request: a string payload is sent as is (`text/plain`), any other non-null payload as
 * JSON (`application/json`), unless `customHeaders` set a `Content-Type`. GET and HEAD never carry
 * a body.
 */
export function buildRequest(method: string, url: string, payload: unknown, customHeaders: unknown): WebhookRequest {
  const headers = buildHeaders(customHeaders);
  if (!hasHeader(headers, "accept")) headers.accept = "application/json, */*";
  const req: WebhookRequest = { method, url, headers };
  if (payload !== undefined && payload !== null && method !== "GET" && method !== "HEAD") {
    if (typeof payload === "string") {
      req.body = payload;
      if (!hasHeader(headers, "content-type")) headers["content-type"] = "text/plain; charset=UTF-8";
    } else {
      req.body = JSON.stringify(payload);
      if (!hasHeader(headers, "content-type")) headers["content-type"] = "application/json";
    }
  }
  return req;
}

/** Redirects followed by a request sent with `followRedirects`. */
export const MAX_REDIRECTIONS = 5;

const redirecting = new WeakMap<Dispatcher, Dispatcher>();

function withRedirects(base: Dispatcher): Dispatcher {
  let composed = redirecting.get(base);
  if (!composed) {
    composed = base.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }));
    redirecting.set(base, composed);
  }
  return composed;
}

/**
 * Sends a request with undici (through `services.webhookDispatcher` when given) and reads the whole
 * response. Any status is returned; only transport failures throw. Redirects are returned as
 * responses unless `followRedirects` is set (the monitor's GET follows up to {@link MAX_REDIRECTIONS}).
 */
export async function sendRequest(
  req: WebhookRequest,
  services: WebhookServices,
  opts: { followRedirects?: boolean } = {},
): Promise<WebhookResponse> {
  const base = services.webhookDispatcher ?? getGlobalDispatcher();
  const options: Parameters<typeof request>[1] = {
    method: req.method as Dispatcher.HttpMethod,
    headers: req.headers,
    dispatcher: opts.followRedirects ? withRedirects(base) : base,
  };
  if (req.body !== undefined) options.body = req.body;
  const res = await request(req.url, options);
  const text = await res.body.text();
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return { statusCode: res.statusCode, headers, text, body: parseBody(text, firstHeader(headers, "content-type")) };
}

/**
 * Parses a response body: JSON when the content type says so or the text starts with `{` / `[`
 * (Orca's best-effort parse), else the text itself; undefined when empty.
 */
export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === "") return undefined;
  const trimmed = text.trimStart();
  const looksJson = trimmed.startsWith("{") || trimmed.startsWith("[");
  if (looksJson || (contentType !== undefined && /[/+]json\b/i.test(contentType))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The first value of a header (Spring's `HttpHeaders.getFirst` / `toSingleValueMap`). */
export function firstHeader(headers: Record<string, string | string[]>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Headers reduced to one value each (Orca stores `toSingleValueMap()`). */
export function singleValueHeaders(headers: Record<string, string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first;
  }
  return out;
}

const SPRING_STATUS_OVERRIDES: Readonly<Record<number, string>> = {
  416: "REQUESTED_RANGE_NOT_SATISFIABLE",
  418: "I_AM_A_TEAPOT",
};

/**
 * The name Orca stores in `webhook.statusCode`: Spring's `HttpStatus` enum constant (`OK`,
 * `CREATED`, `SERVICE_UNAVAILABLE`, ...), or the number as a string for an unknown code.
 */
export function httpStatusName(code: number): string {
  const override = SPRING_STATUS_OVERRIDES[code];
  if (override) return override;
  const reason = STATUS_CODES[code];
  if (!reason) return String(code);
  return reason
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/**
 * How a transport failure affects a retry:
 * - `not-sent`: the request cannot have reached the server (connection refused, name resolution,
 *   connect timeout, unreachable host) — safe to retry for every method;
 * - `maybe-sent`: the connection broke or timed out after the request may have been received —
 *   retry only idempotent methods;
 * - `other`: not a network failure (invalid URL, bad argument, ...) — do not retry.
 */
export type NetworkFailureKind = "not-sent" | "maybe-sent" | "other";

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const MAYBE_SENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
]);

/** Every `code` found on an error, its `cause` chain and `AggregateError.errors`. */
function errorCodes(err: unknown, seen = new Set<unknown>()): string[] {
  if (err === null || typeof err !== "object" || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes: string[] = typeof e.code === "string" ? [e.code] : [];
  codes.push(...errorCodes(e.cause, seen));
  if (Array.isArray(e.errors)) for (const inner of e.errors) codes.push(...errorCodes(inner, seen));
  return codes;
}

/** Classifies a transport failure thrown by undici (see {@link NetworkFailureKind}). */
export function classifyNetworkError(err: unknown): { kind: NetworkFailureKind; code: string | undefined } {
  const codes = errorCodes(err);
  const notSent = codes.find((c) => NOT_SENT_CODES.has(c));
  if (notSent) return { kind: "not-sent", code: notSent };
  const maybe = codes.find((c) => MAYBE_SENT_CODES.has(c));
  if (maybe) return { kind: "maybe-sent", code: maybe };
  return { kind: "other", code: codes[0] };
}

/** A short description of an error: `CODE: message` when it has a code. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = errorCodes(err)[0];
    const message = err.message || (err instanceof AggregateError ? err.errors.map((e) => describeError(e)).join("; ") : "");
    return code && !message.includes(code) ? `${code}: ${message}` : message || err.name;
  }
  return String(err);
}
