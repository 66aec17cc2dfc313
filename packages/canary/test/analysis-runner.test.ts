import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CanaryConfig,
  FEW_DATA_POINTS_WARNING,
  InMemoryMetricSource,
  ManualClock,
  type MetricSeriesRequest,
  planAnalysis,
  renderTableReport,
  runAnalysis,
  writeCanaryReports,
} from "../src/index.js";

const T0 = Date.UTC(2025, 0, 1);
const config: CanaryConfig = {
  metrics: [{ name: "latency", groups: ["g"], analysisConfigurations: { canary: { direction: "increase" } }, scopeName: "default" }],
  classifier: { groupWeights: {} },
};

/** Synthetic latency: the canary degrades after `breakAt` (ms since T0); values depend only on time. */
function latencySource(breakAt: number): InMemoryMetricSource {
  const series = (req: MetricSeriesRequest) => {
    const out: number[] = [];
    for (let t = req.scope.start; t <= req.scope.end; t += req.scope.step * 1000) {
      const wobble = ((t / 60_000) * 7919) % 11;
      out.push(100 + wobble + (req.side === "experiment" && t >= breakAt ? 40 : 0));
    }
    return out;
  };
  return new InMemoryMetricSource().provide("latency", "baseline", series).provide("latency", "canary", series);
}

const scopes = { control: { scope: "baseline" }, experiment: { scope: "canary" } };

describe("multi-interval analysis runner", () => {
  it("explicit window: growing windows, no waits, the last score decides", async () => {
    const clock = new ManualClock(T0 + 5 * 3_600_000);
    const plan = planAnalysis({ startTime: T0, endTime: T0 + 240 * 60_000, now: clock.now(), intervalMinutes: 60, warmupMinutes: 15 });
    const run = await runAnalysis({ config, source: latencySource(Number.POSITIVE_INFINITY), plan, scopes, thresholds: { pass: 95, marginal: 75 }, clock });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.canaryScores).toEqual([100, 100, 100, 100]);
    expect(run.intervals.map((i) => (i.experiment.end - T0) / 60_000)).toEqual([60, 120, 180, 240]);
    expect(clock.sleeps).toEqual([15 * 60_000]); // warm-up only
    expect(run.intervals[0]!.warnings).toEqual([]);
  });

  it("real-time pacing with a sliding window stops at the first score at or below marginal", async () => {
    const clock = new ManualClock(T0);
    const plan = planAnalysis({ now: clock.now(), lifetimeMinutes: 240, intervalMinutes: 60, lookbackMinutes: 30 });
    const run = await runAnalysis({ config, source: latencySource(T0 + 90 * 60_000), plan, scopes, thresholds: { pass: 95, marginal: 75 }, clock, continuePipeline: true });
    expect(run.status).toBe("FAILED_CONTINUE");
    expect(run.stoppedEarly).toBe(true);
    expect(run.message).toBe("Canary score is not above the marginal score threshold");
    expect(run.canaryScores).toEqual([100, 0]);
    expect(clock.sleeps).toEqual([3_600_000, 3_600_000]);
    expect(run.intervals[1]!.result.results[0]!.classification).toBe("High");
    expect(run.intervals[0]!.warnings).toEqual([FEW_DATA_POINTS_WARNING]); // 31 points per window
  });

  it("writes JSON, table and self-contained HTML reports next to the run", async () => {
    const clock = new ManualClock(T0);
    const plan = planAnalysis({ startTime: T0, endTime: T0 + 120 * 60_000, now: T0 });
    const run = await runAnalysis({ config, source: latencySource(T0), plan, scopes, thresholds: { pass: 95, marginal: 75 }, clock });
    const last = run.intervals.at(-1)!;
    const dir = mkdtempSync(path.join(tmpdir(), "canary-report-"));
    const files = writeCanaryReports(dir, "canary-1", { title: "checkout canary", result: last.result, pairs: last.pairs });
    for (const f of Object.values(files)) expect(existsSync(f)).toBe(true);
    const json = JSON.parse(readFileSync(files.json, "utf8")) as { score: { classification: string } };
    expect(json.score.classification).toBe("Fail");
    const html = readFileSync(files.html, "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
    expect(html).toContain("shift interval");
    const table = renderTableReport({ result: last.result });
    expect(table).toMatch(/latency\s+High/);
    expect(table).toContain("score 0 → Fail");
  });
});
