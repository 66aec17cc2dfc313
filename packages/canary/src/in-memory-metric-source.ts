import type { MetricSeries, MetricSeriesRequest, MetricSource } from "./metric-source.js";

/** A function producing series for a request (for synthetic or time-dependent data). */
export type SeriesProvider = (request: MetricSeriesRequest) => readonly MetricSeries[] | readonly number[];

/**
 * In-memory metric source: series registered per metric name and scope value, or computed by a
 * provider function. Unknown metric/scope combinations return no series (Nodata).
 */
export class InMemoryMetricSource implements MetricSource {
  private readonly data = new Map<string, SeriesProvider>();

  /** Registers fixed values (or tagged series) for `metric` over `scope`. */
  set(metric: string, scope: string, series: readonly number[] | readonly MetricSeries[]): this {
    this.data.set(JSON.stringify([metric, scope]), () => series);
    return this;
  }

  /** Registers a provider for `metric` over `scope`. */
  provide(metric: string, scope: string, provider: SeriesProvider): this {
    this.data.set(JSON.stringify([metric, scope]), provider);
    return this;
  }

  async fetchSeries(request: MetricSeriesRequest): Promise<readonly MetricSeries[]> {
    const provider = this.data.get(JSON.stringify([request.metric.name, request.scope.scope]));
    if (provider === undefined) return [];
    const out = provider(request);
    if (out.length === 0) return [];
    return typeof out[0] === "number" ? [{ tags: {}, values: out as readonly number[] }] : (out as readonly MetricSeries[]);
  }
}
