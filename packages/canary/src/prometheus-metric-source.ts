import pRetry, { AbortError } from "p-retry";
import { type Dispatcher, request } from "undici";
import { MetricSourceError } from "./errors.js";
import type { MetricScope, MetricSeries, MetricSeriesRequest, MetricSource } from "./metric-source.js";

/** Options of {@link PrometheusMetricSource}. */
export interface PrometheusSourceOptions {
  /** Base URL of the Prometheus server, e.g. `http://127.0.0.1:9090`. */
  readonly baseUrl: string;
  /** Extra request headers (e.g. tenant headers). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Bearer token sent as `Authorization: Bearer …`. */
  readonly bearerToken?: string;
  /** Basic auth credentials. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** Per-request timeout in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt for transport errors and 5xx/429 (default 2). */
  readonly retries?: number;
  /** Minimum back-off between retries in milliseconds (default 200). */
  readonly minRetryDelayMs?: number;
  /** Label that selects a scope in the default query (default `scope`). */
  readonly scopeLabel?: string;
  /** Label that selects a location in the default query (none by default). */
  readonly locationLabel?: string;
  /** What an empty result means: a typed error (default) or no data (Nodata). */
  readonly emptyResult?: "error" | "nodata";
  /**
   * Labels dropped from series tags so control and experiment series pair up (default: the scope
   * and location labels and `__name__`).
   */
  readonly ignoreLabels?: readonly string[];
  /** undici dispatcher (agent) to use. */
  readonly dispatcher?: Dispatcher;
}

/** The Prometheus query object of a metric config (`query.type = "prometheus"`). */
export interface PrometheusQuery {
  /** Metric name for the default query. */
  readonly metricName?: string;
  /** Full PromQL template; `${scope}`, `${location}`, `${metricName}` and scope params are substituted. */
  readonly customInlineTemplate?: string;
  /** Name of a template in the config's `templates` used as the label filter. */
  readonly customFilterTemplate?: string;
}

/** Prometheus rejected the query (HTTP 400/422, `bad_data`). Not retried. */
export class PrometheusQueryError extends MetricSourceError {
  /** The PromQL sent. */
  readonly query: string;
  constructor(query: string, message: string) {
    super("PROMETHEUS_BAD_QUERY", `Prometheus rejected query ${JSON.stringify(query)}: ${message}`);
    this.query = query;
  }
}

/** The query returned no series. */
export class PrometheusEmptyResultError extends MetricSourceError {
  /** The PromQL sent. */
  readonly query: string;
  constructor(query: string) {
    super("PROMETHEUS_EMPTY_RESULT", `Prometheus returned no series for ${JSON.stringify(query)}`);
    this.query = query;
  }
}

/** Transport failure, timeout or server error after all retries. */
export class PrometheusTransportError extends MetricSourceError {
  constructor(message: string, cause?: unknown) {
    super("PROMETHEUS_TRANSPORT", message, { cause });
  }
}

/** A template references a variable that the scope does not provide. */
export class QueryTemplateError extends MetricSourceError {
  constructor(variable: string, template: string) {
    super("QUERY_TEMPLATE", `template variable \${${variable}} is not defined (template ${JSON.stringify(template)})`);
  }
}

/** Substitutes `${name}` variables; unknown variables throw {@link QueryTemplateError}. */
export function expandQueryTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\$\{([A-Za-z0-9_.-]+)\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new QueryTemplateError(name, template);
    return v;
  });
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/**
 * Metric source over Prometheus' HTTP API (`/api/v1/query_range`) using undici, with query templates,
 * auth headers, timeouts, retries (p-retry) and typed errors.
 */
export class PrometheusMetricSource implements MetricSource {
  private readonly options: PrometheusSourceOptions;

  constructor(options: PrometheusSourceOptions) {
    this.options = options;
  }

  /** Builds the PromQL for a request (exposed for tests and dry runs). */
  buildQuery(req: MetricSeriesRequest): string {
    const q = (req.metric.query ?? {}) as PrometheusQuery;
    const metricName = q.metricName ?? req.metric.name;
    const vars: Record<string, string> = {
      ...(req.scope.extendedScopeParams ?? {}),
      scope: req.scope.scope,
      location: req.scope.location ?? "",
      metricName,
    };
    if (q.customInlineTemplate !== undefined) return expandQueryTemplate(q.customInlineTemplate.replace(/^PromQL:/, ""), vars);
    let filter: string;
    if (q.customFilterTemplate !== undefined) {
      const t = req.templates?.[q.customFilterTemplate];
      if (t === undefined) throw new QueryTemplateError(q.customFilterTemplate, "(templates)");
      filter = expandQueryTemplate(t, vars);
    } else {
      const parts = [`${this.options.scopeLabel ?? "scope"}="${escapeLabel(req.scope.scope)}"`];
      if (this.options.locationLabel !== undefined && req.scope.location !== undefined) parts.push(`${this.options.locationLabel}="${escapeLabel(req.scope.location)}"`);
      filter = parts.join(",");
    }
    return `${metricName}{${filter}}`;
  }

  async fetchSeries(req: MetricSeriesRequest): Promise<readonly MetricSeries[]> {
    const query = this.buildQuery(req);
    const body = await this.queryRange(query, req.scope);
    if (body.length === 0) {
      if ((this.options.emptyResult ?? "error") === "error") throw new PrometheusEmptyResultError(query);
      return [];
    }
    const ignore = new Set(this.options.ignoreLabels ?? [this.options.scopeLabel ?? "scope", ...(this.options.locationLabel !== undefined ? [this.options.locationLabel] : []), "__name__"]);
    return body.map((s) => ({
      tags: Object.fromEntries(Object.entries(s.metric).filter(([k]) => !ignore.has(k))),
      values: alignToGrid(s.values, req.scope),
    }));
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: "application/json", ...(this.options.headers ?? {}) };
    if (this.options.bearerToken !== undefined) h.authorization = `Bearer ${this.options.bearerToken}`;
    if (this.options.basicAuth !== undefined) {
      h.authorization = `Basic ${Buffer.from(`${this.options.basicAuth.username}:${this.options.basicAuth.password}`).toString("base64")}`;
    }
    return h;
  }

  private async queryRange(query: string, scope: MetricScope): Promise<{ metric: Record<string, string>; values: [number, string][] }[]> {
    const url = new URL("/api/v1/query_range", this.options.baseUrl);
    url.searchParams.set("query", query);
    url.searchParams.set("start", String(scope.start / 1000));
    url.searchParams.set("end", String(scope.end / 1000));
    url.searchParams.set("step", `${scope.step}s`);
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const attempt = async () => {
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method: "GET",
          headers: this.headers(),
          signal: AbortSignal.timeout(timeoutMs),
          ...(this.options.dispatcher !== undefined ? { dispatcher: this.options.dispatcher } : {}),
        });
      } catch (err) {
        throw new PrometheusTransportError(`request to ${url.origin} failed: ${(err as Error).message}`, err);
      }
      const text = await res.body.text();
      let json: { status?: string; error?: string; errorType?: string; data?: { resultType?: string; result?: unknown } } | undefined;
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        json = undefined;
      }
      if (res.statusCode === 400 || res.statusCode === 422 || json?.errorType === "bad_data") {
        throw new AbortError(new PrometheusQueryError(query, json?.error ?? `HTTP ${res.statusCode}`));
      }
      if (res.statusCode === 401 || res.statusCode === 403) {
        throw new AbortError(new PrometheusTransportError(`Prometheus refused the credentials (HTTP ${res.statusCode})`));
      }
      if (res.statusCode >= 300 || json?.status !== "success") {
        throw new PrometheusTransportError(`Prometheus answered HTTP ${res.statusCode}: ${json?.error ?? text.slice(0, 200)}`);
      }
      if (json.data?.resultType !== "matrix" || !Array.isArray(json.data.result)) {
        throw new AbortError(new PrometheusQueryError(query, `expected a range vector (matrix), got ${String(json.data?.resultType)}`));
      }
      return json.data.result as { metric: Record<string, string>; values: [number, string][] }[];
    };
    try {
      return await pRetry(attempt, {
        retries: this.options.retries ?? 2,
        minTimeout: this.options.minRetryDelayMs ?? 200,
        factor: 2,
      });
    } catch (err) {
      if (err instanceof MetricSourceError) throw err;
      throw new PrometheusTransportError(`Prometheus request failed: ${(err as Error).message}`, err);
    }
  }
}

/** Places Prometheus samples on the scope's step grid; missing points are NaN. */
function alignToGrid(values: readonly [number, string][], scope: MetricScope): number[] {
  const stepMs = scope.step * 1000;
  const n = Math.floor((scope.end - scope.start) / stepMs) + 1;
  const out = new Array<number>(n).fill(Number.NaN);
  for (const [ts, v] of values) {
    const idx = Math.round((ts * 1000 - scope.start) / stepMs);
    if (idx >= 0 && idx < n) out[idx] = v === "+Inf" ? Number.POSITIVE_INFINITY : v === "-Inf" ? Number.NEGATIVE_INFINITY : Number(v);
  }
  return out;
}
