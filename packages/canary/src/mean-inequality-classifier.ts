import { mean } from "./descriptive-stats.js";
import type { MetricClassification } from "./metric-classification.js";
import type { ClassifyRequest, MetricClassifier } from "./mann-whitney-classifier.js";

/**
 * Kayenta's benchmarking classifier: High if mean(experiment) > mean(control), Low if smaller,
 * else Pass. Not used by the default judge.
 */
export class MeanInequalityClassifier implements MetricClassifier {
  classify(req: ClassifyRequest): MetricClassification {
    const e = mean(req.experiment);
    const c = mean(req.control);
    const deviation = c === 0 || e === 0 ? Number.NaN : e / c;
    const base = { deviation, critical: false, noiseAdded: false } as const;
    if (e > c) return { ...base, classification: "High", reason: `${req.name} was classified as High`, rule: "interval-above-band" };
    if (e < c) return { ...base, classification: "Low", reason: `${req.name} was classified as Low`, rule: "interval-below-band" };
    return { ...base, classification: "Pass", reason: null, rule: "interval-within-band" };
  }
}
