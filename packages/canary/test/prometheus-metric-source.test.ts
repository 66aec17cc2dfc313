import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CanaryMetricConfig,
  type MetricScope,
  PrometheusEmptyResultError,
  PrometheusMetricSource,
  PrometheusQueryError,
  PrometheusTransportError,
  fetchMetricSetPairs,
  runJudge,
} from "../src/index.js";

/** A real Prometheus (Debian package `prometheus`) on loopback, backfilled with data this test controls. */
const STEP = 60;
const POINTS = 60;
const start = (Math.floor(Date.now() / 3_600_000) - 4) * 3_600_000; // whole hour, 4 h ago
const end = start + (POINTS - 1) * STEP * 1000;

let dir: string;
let prometheus: ChildProcess;
let baseUrl: string;

function latency(scope: string, i: number): number {
  // deterministic, varied values; the canary is ~30 % slower
  const wobble = ((i * 7919) % 13) - 6;
  return scope === "canary" ? 130 + wobble : 100 + wobble;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "canary-prom-"));
  const lines = ["# HELP app_latency_ms latency", "# TYPE app_latency_ms gauge"];
  for (const scope of ["baseline", "canary"]) {
    for (let i = 0; i < POINTS; i++) lines.push(`app_latency_ms{scope="${scope}",region="us-east-1"} ${latency(scope, i)} ${(start + i * STEP * 1000) / 1000}`);
  }
  lines.push("# HELP app_requests requests", "# TYPE app_requests gauge");
  for (const scope of ["baseline", "canary"]) {
    for (const code of ["200", "500"]) {
      for (let i = 0; i < POINTS; i++) lines.push(`app_requests{scope="${scope}",code="${code}"} ${code === "200" ? 1000 + (i % 5) : 3 + (i % 3)} ${(start + i * STEP * 1000) / 1000}`);
    }
  }
  lines.push("# EOF");
  writeFileSync(path.join(dir, "data.om"), `${lines.join("\n")}\n`);
  execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", path.join(dir, "data.om"), path.join(dir, "tsdb")], { stdio: "pipe" });
  writeFileSync(path.join(dir, "prometheus.yml"), "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    "prometheus",
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--storage.tsdb.retention.time=30d",
    ],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await request(`${baseUrl}/-/ready`);
      await res.body.text();
      if (res.statusCode === 200) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("prometheus did not become ready");
    await new Promise((r) => setTimeout(r, 200));
  }
}, 60_000);

afterAll(async () => {
  if (prometheus !== undefined && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus.once("exit", r));
    prometheus.kill("SIGTERM");
    await exited;
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const scope = (s: string): MetricScope => ({ scope: s, location: "us-east-1", start, end, step: STEP });
const metric = (name: string, query: Record<string, unknown>, canary: Record<string, unknown> = {}): CanaryMetricConfig => ({
  name,
  query: { type: "prometheus", ...query },
  groups: ["g"],
  analysisConfigurations: { canary },
  scopeName: "default",
});

describe("PrometheusMetricSource against a real Prometheus", () => {
  it("range-queries both scopes on the step grid and feeds the judge", async () => {
    const source = new PrometheusMetricSource({ baseUrl });
    const m = metric("latency", { metricName: "app_latency_ms" }, { direction: "increase" });
    const pairs = await fetchMetricSetPairs(source, [m], { control: scope("baseline"), experiment: scope("canary") });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.control).toEqual(Array.from({ length: POINTS }, (_, i) => latency("baseline", i)));
    expect(pairs[0]!.experiment).toEqual(Array.from({ length: POINTS }, (_, i) => latency("canary", i)));
    const result = runJudge({ metrics: [m], classifier: { groupWeights: {} } }, pairs, { pass: 95, marginal: 75 });
    expect(result.results[0]!.classification).toBe("High");
  });

  it("expands inline templates with scope variables and splits tag sets into pairs", async () => {
    const source = new PrometheusMetricSource({ baseUrl });
    const m = metric("requests", { customInlineTemplate: 'PromQL:app_requests{scope="${scope}",code=~"${codes}"}' });
    const s = (name: string): MetricScope => ({ ...scope(name), extendedScopeParams: { codes: "200|500" } });
    expect(source.buildQuery({ metric: m, scope: s("canary"), side: "experiment" })).toBe('app_requests{scope="canary",code=~"200|500"}');
    const pairs = await fetchMetricSetPairs(source, [m], { control: s("baseline"), experiment: s("canary") });
    expect(pairs.map((p) => p.tags.code).sort()).toEqual(["200", "500"]);
    for (const p of pairs) expect(p.control).toHaveLength(POINTS);
  });

  it("uses filter templates from the config", async () => {
    const source = new PrometheusMetricSource({ baseUrl });
    const m = metric("latency", { metricName: "app_latency_ms", customFilterTemplate: "byRegion" });
    const req = { metric: m, scope: scope("baseline"), side: "control" as const, templates: { byRegion: 'scope="${scope}",region="${location}"' } };
    expect(source.buildQuery(req)).toBe('app_latency_ms{scope="baseline",region="us-east-1"}');
    const series = await source.fetchSeries(req);
    expect(series[0]!.values[0]).toBe(latency("baseline", 0));
  });

  it("a bad query is a PrometheusQueryError (not retried)", async () => {
    const source = new PrometheusMetricSource({ baseUrl, retries: 3 });
    const m = metric("broken", { customInlineTemplate: "sum(app_latency_ms{" });
    await expect(source.fetchSeries({ metric: m, scope: scope("baseline"), side: "control" })).rejects.toBeInstanceOf(PrometheusQueryError);
  });

  it("an empty result is a PrometheusEmptyResultError, or Nodata when configured", async () => {
    const m = metric("missing", { metricName: "no_such_metric" });
    const strict = new PrometheusMetricSource({ baseUrl });
    await expect(strict.fetchSeries({ metric: m, scope: scope("baseline"), side: "control" })).rejects.toBeInstanceOf(PrometheusEmptyResultError);
    const lenient = new PrometheusMetricSource({ baseUrl, emptyResult: "nodata" });
    const pairs = await fetchMetricSetPairs(lenient, [m], { control: scope("baseline"), experiment: scope("canary") });
    const result = runJudge({ metrics: [m], classifier: { groupWeights: {} } }, pairs, { pass: 95, marginal: 75 });
    expect(result.results[0]!.classification).toBe("Nodata");
  });

  describe("through a loopback proxy", () => {
    let proxy: Server;
    let proxyUrl: string;
    const seen: IncomingHttpHeaders[] = [];
    let failuresLeft = 0;
    let hang = false;

    beforeAll(async () => {
      proxy = createServer((req, res) => {
        seen.push(req.headers);
        if (hang) return; // never answers
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end("unavailable");
          return;
        }
        request(`${baseUrl}${req.url}`).then(
          async (up) => res.writeHead(up.statusCode, { "content-type": "application/json" }).end(await up.body.text()),
          () => res.writeHead(502).end(),
        );
      });
      await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });

    it("sends auth headers and retries server errors", async () => {
      seen.length = 0;
      failuresLeft = 2;
      const source = new PrometheusMetricSource({ baseUrl: proxyUrl, bearerToken: "s3cret", headers: { "x-scope-orgid": "team-a" }, retries: 3, minRetryDelayMs: 10 });
      const series = await source.fetchSeries({ metric: metric("latency", { metricName: "app_latency_ms" }), scope: scope("canary"), side: "experiment" });
      expect(series[0]!.values).toHaveLength(POINTS);
      expect(seen).toHaveLength(3);
      for (const h of seen) {
        expect(h.authorization).toBe("Bearer s3cret");
        expect(h["x-scope-orgid"]).toBe("team-a");
      }
    });

    it("gives up with a PrometheusTransportError after the retries", async () => {
      seen.length = 0;
      failuresLeft = 10;
      const source = new PrometheusMetricSource({ baseUrl: proxyUrl, basicAuth: { username: "u", password: "p" }, retries: 1, minRetryDelayMs: 10 });
      await expect(source.fetchSeries({ metric: metric("latency", { metricName: "app_latency_ms" }), scope: scope("canary"), side: "experiment" })).rejects.toBeInstanceOf(PrometheusTransportError);
      expect(seen).toHaveLength(2);
      expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
      failuresLeft = 0;
    });

    it("times out a server that does not answer", async () => {
      hang = true;
      try {
        const source = new PrometheusMetricSource({ baseUrl: proxyUrl, timeoutMs: 300, retries: 0 });
        await expect(source.fetchSeries({ metric: metric("latency", { metricName: "app_latency_ms" }), scope: scope("canary"), side: "experiment" })).rejects.toBeInstanceOf(PrometheusTransportError);
      } finally {
        hang = false;
      }
    });
  });
});
