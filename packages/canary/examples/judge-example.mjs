// Runnable README example: `node examples/judge-example.mjs` after `npm run build`.
import { judge } from "@gennaker/canary";

const result = judge({
  config: {
    metrics: [
      {
        name: "latency_p50",
        groups: ["latency"],
        analysisConfigurations: { canary: { direction: "increase", critical: true } },
      },
      { name: "errors", groups: ["errors"], analysisConfigurations: { canary: { nanStrategy: "replace" } } },
    ],
    classifier: { groupWeights: { latency: 60, errors: 40 } },
  },
  metrics: [
    {
      name: "latency_p50",
      control: [100, 102, 98, 101, 99, 103, 97, 100, 101, 99],
      experiment: [130, 134, 129, 133, 131, 135, 128, 130, 132, 131],
    },
    { name: "errors", control: [0, 1, null, 0, 0, 1, 0, 0, 0, 0], experiment: [0, 0, 1, 0, null, 0, 0, 1, 0, 0] },
  ],
  thresholds: { pass: 95, marginal: 75 },
});

for (const r of result.results) {
  console.log(`${r.name}: ${r.classification} (${r.explanation.rule}) ratio=${r.resultMetadata?.ratio.toFixed(3)}`);
}
console.log(`score ${result.score.score} ${result.score.classification} ${result.score.classificationReason}`);
