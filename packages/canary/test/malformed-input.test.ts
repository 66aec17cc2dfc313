import { describe, expect, it } from "vitest";
import {
  CanarySettingTypeError,
  CanaryValidationError,
  JudgeNotFoundError,
  MetricConfigNotFoundError,
  OutlierFactorError,
  judge,
} from "../src/index.js";

const base = () => ({
  config: { metrics: [{ name: "m", groups: ["g"], analysisConfigurations: { canary: {} as Record<string, unknown> } }], classifier: { groupWeights: {} } },
  metrics: [{ name: "m", control: [1, 2, 3] as unknown[], experiment: [2, 3, 4] as unknown[] }],
  thresholds: { pass: 75, marginal: 50 } as Record<string, unknown>,
});

function thrown(input: unknown): unknown {
  try {
    judge(input);
  } catch (err) {
    return err;
  }
  throw new Error("expected the judge to throw");
}

describe("malformed input gives a typed error naming the field", () => {
  it("missing thresholds", () => {
    const input: Record<string, unknown> = base();
    delete input.thresholds;
    const err = thrown(input) as CanaryValidationError;
    expect(err).toBeInstanceOf(CanaryValidationError);
    expect(err.code).toBe("CANARY_VALIDATION");
    expect(err.path).toEqual(["thresholds"]);
  });

  it("a null threshold field", () => {
    const input = base();
    input.thresholds.marginal = null;
    expect((thrown(input) as CanaryValidationError).path).toEqual(["thresholds", "marginal"]);
  });

  it("unknown metric", () => {
    const input = base();
    input.metrics[0]!.name = "other";
    const err = thrown(input) as MetricConfigNotFoundError;
    expect(err).toBeInstanceOf(MetricConfigNotFoundError);
    expect(err.message).toBe("Could not find metric config for other");
    expect(err.path).toEqual(["metrics", 0, "name"]);
  });

  it("strings where numbers belong (series and settings)", () => {
    const series = base();
    series.metrics[0]!.experiment = [1, "2"];
    expect((thrown(series) as CanaryValidationError).path).toEqual(["metrics", 0, "experiment", 1]);

    const setting = base();
    setting.config.metrics[0]!.analysisConfigurations.canary = { effectSize: { allowedIncrease: "1.1" } };
    const err = thrown(setting) as CanarySettingTypeError;
    expect(err).toBeInstanceOf(CanarySettingTypeError);
    expect(err.path).toEqual(["config", "metrics", 0, "analysisConfigurations", "canary", "effectSize", "allowedIncrease"]);
  });

  it("a string where a boolean belongs, and a null string setting", () => {
    const b = base();
    b.config.metrics[0]!.analysisConfigurations.canary = { critical: "true" };
    expect((thrown(b) as CanarySettingTypeError).path.at(-1)).toBe("critical");
    const n = base();
    n.config.metrics[0]!.analysisConfigurations.canary = { direction: null };
    expect((thrown(n) as CanarySettingTypeError).path.at(-1)).toBe("direction");
  });

  it("outlierFactor <= 0 with strategy remove (and only then)", () => {
    for (const factor of [0, -1]) {
      const input = base();
      input.config.metrics[0]!.analysisConfigurations.canary = { outliers: { strategy: "remove", outlierFactor: factor } };
      const err = thrown(input) as OutlierFactorError;
      expect(err).toBeInstanceOf(OutlierFactorError);
      expect(err.path.at(-1)).toBe("outlierFactor");
    }
    const keep = base();
    keep.config.metrics[0]!.analysisConfigurations.canary = { outliers: { strategy: "keep", outlierFactor: 0 } };
    expect(judge(keep).results[0]!.classification).toBeDefined();
  });

  it("empty series give Kayenta's documented label, not a crash", () => {
    const input = base();
    input.metrics[0]!.control = [];
    const r = judge(input).results[0]!;
    expect(r.classification).toBe("Nodata");
    expect(r.classificationReason).toBe("Missing data for m");
  });

  it("a missing classifier block and an unknown judge name", () => {
    const noClassifier = base() as { config: Record<string, unknown> };
    delete noClassifier.config.classifier;
    expect((thrown(noClassifier) as CanaryValidationError).path).toEqual(["config", "classifier"]);
    const unknownJudge = base() as { config: Record<string, unknown> };
    unknownJudge.config.judge = { name: "dredd-v1.0" };
    expect(thrown(unknownJudge)).toBeInstanceOf(JudgeNotFoundError);
  });

  it("lenient readings: unknown direction means either, unknown nanStrategy means remove", () => {
    const input = base();
    input.config.metrics[0]!.analysisConfigurations.canary = { direction: "sideways", nanStrategy: "drop" };
    input.metrics[0]!.control = [1, 2, null, 3];
    const r = judge(input).results[0]!;
    expect(r.explanation.controlCounts).toEqual({ raw: 4, afterNaN: 3, afterOutliers: 3 });
  });

  it("confidence level and tolerance are configurable per config and per metric", () => {
    const input = base();
    input.metrics[0] = { name: "m", control: [10, 11, 12, 13, 14, 15, 16, 17], experiment: [12, 13, 14, 15, 16, 17, 18, 19] };
    const defaults = judge(input).results[0]!.explanation;
    expect([defaults.confidenceLevel, defaults.tolerance]).toEqual([0.98, 0.25]);
    (input.config as Record<string, unknown>).judge = { name: "NetflixACAJudge-v1.0", judgeConfigurations: { confidenceLevel: 0.9, tolerance: 0.1 } };
    const perConfig = judge(input).results[0]!.explanation;
    expect([perConfig.confidenceLevel, perConfig.tolerance]).toEqual([0.9, 0.1]);
    input.config.metrics[0]!.analysisConfigurations.canary = { confidenceLevel: 0.5, tolerance: 0 };
    const perMetric = judge(input).results[0]!.explanation;
    expect([perMetric.confidenceLevel, perMetric.tolerance]).toEqual([0.5, 0]);
    expect(perMetric.upperConfidence! - perMetric.lowerConfidence!).toBeLessThan(defaults.upperConfidence! - defaults.lowerConfidence!);
  });
});
