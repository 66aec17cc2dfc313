import type { CanaryMetricConfig } from "./canary-config-schema.js";
import type { MetricSetPair } from "./judge-input-schema.js";

/** One side's scope: what to query and over which window (`step` in seconds). */
export interface MetricScope {
  /** Scope value (e.g. a server group name). */
  readonly scope: string;
  /** Location (region, namespace...). */
  readonly location?: string;
  /** Window start, epoch milliseconds. */
  readonly start: number;
  /** Window end, epoch milliseconds. */
  readonly end: number;
  /** Step in seconds. */
  readonly step: number;
  /** Extra template variables. */
  readonly extendedScopeParams?: Readonly<Record<string, string>>;
}

/** A request for the series of one metric over one scope. */
export interface MetricSeriesRequest {
  /** The metric definition (its `query` is source-specific). */
  readonly metric: CanaryMetricConfig;
  /** The scope and window. */
  readonly scope: MetricScope;
  /** Which side is being fetched. */
  readonly side: "control" | "experiment";
  /** Named query templates of the canary config. */
  readonly templates?: Readonly<Record<string, string>>;
}

/** One series returned by a source: its tags and its values on the step grid (NaN = no value). */
export interface MetricSeries {
  /** Tags (labels) identifying the series. */
  readonly tags: Readonly<Record<string, string>>;
  /** Values in time order. */
  readonly values: readonly number[];
}

/** Where metric values come from (in-memory, Prometheus...). */
export interface MetricSource {
  /** Returns every series of the metric for the scope (several when the query returns several tag sets). */
  fetchSeries(request: MetricSeriesRequest): Promise<readonly MetricSeries[]>;
}

function tagKey(tags: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.keys(tags).sort().map((k) => [k, tags[k]]));
}

/** Number of points expected on the step grid of a scope. */
export function expectedPointCount(scope: MetricScope): number {
  return Math.floor((scope.end - scope.start) / (scope.step * 1000)) + 1;
}

/**
 * Kayenta's metric-set mixer: one pair per distinct tag set; a tag set present on one side only gets
 * an all-NaN other side; a short side is padded with NaN to the longer one.
 */
export function mixMetricSetPairs(name: string, control: readonly MetricSeries[], experiment: readonly MetricSeries[]): MetricSetPair[] {
  const keys: string[] = [];
  const byKey = new Map<string, { tags: Readonly<Record<string, string>>; control?: readonly number[]; experiment?: readonly number[] }>();
  const add = (side: "control" | "experiment", s: MetricSeries) => {
    const k = tagKey(s.tags);
    let entry = byKey.get(k);
    if (entry === undefined) {
      entry = { tags: s.tags };
      byKey.set(k, entry);
      keys.push(k);
    }
    entry[side] = s.values;
  };
  for (const s of control) add("control", s);
  for (const s of experiment) add("experiment", s);
  if (keys.length === 0) return [{ name, id: undefined, tags: {}, control: [], experiment: [] }];
  return keys.map((k, index) => {
    const e = byKey.get(k)!;
    const n = Math.max(e.control?.length ?? 0, e.experiment?.length ?? 0);
    const pad = (v: readonly number[] | undefined) => {
      const out = v === undefined ? [] : [...v];
      while (out.length < n) out.push(Number.NaN);
      return out;
    };
    return { name, id: `${name}-${index}`, tags: { ...e.tags }, control: pad(e.control), experiment: pad(e.experiment) };
  });
}

/**
 * Fetches every metric of a config for a control and an experiment scope and mixes the series into
 * metric set pairs in config order.
 */
export async function fetchMetricSetPairs(
  source: MetricSource,
  metrics: readonly CanaryMetricConfig[],
  scopes: { readonly control: MetricScope; readonly experiment: MetricScope },
  templates?: Readonly<Record<string, string>>,
): Promise<MetricSetPair[]> {
  const pairs: MetricSetPair[] = [];
  for (const metric of metrics) {
    const base = templates === undefined ? {} : { templates };
    const [control, experiment] = await Promise.all([
      source.fetchSeries({ metric, scope: scopes.control, side: "control", ...base }),
      source.fetchSeries({ metric, scope: scopes.experiment, side: "experiment", ...base }),
    ]);
    pairs.push(...mixMetricSetPairs(metric.name, control, experiment));
  }
  return pairs;
}
