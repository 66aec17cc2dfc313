// Benchmark of the judge: ms per metric at n = 30, 300, 1000, 10000 points per side, a 100-metric
// config at n = 1000, the growth exponent, and ratios to a plain sort of the same data measured in
// the same run. Usage: npm run bench -w @gennaker/canary
import { judge } from "../dist/index.js";

/** Deterministic PRNG (mulberry32) and a Box-Muller normal. */
function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() || 1e-300)) * Math.cos(2 * Math.PI * u());
}

function series(n, mean, sd, seed) {
  const g = rng(seed);
  return Array.from({ length: n }, () => mean + sd * g());
}

function input(metrics, n, seed) {
  const defs = [];
  const pairs = [];
  for (let i = 0; i < metrics; i++) {
    const name = `m${i}`;
    defs.push({ name, groups: [`g${i % 5}`], analysisConfigurations: { canary: { direction: "either" } } });
    pairs.push({ name, control: series(n, 100, 10, seed + 2 * i), experiment: series(n, 100 + (i % 3), 10, seed + 2 * i + 1) });
  }
  return { config: { metrics: defs, classifier: { groupWeights: {} } }, metrics: pairs, thresholds: { pass: 95, marginal: 75 } };
}

/** Median ms of `fn` over runs lasting at least `minMs` in total (after warm-up). */
function time(fn, minMs = 400, minRuns = 5) {
  for (let i = 0; i < 3; i++) fn();
  const samples = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const rows = [];
for (const n of [30, 300, 1000, 10000]) {
  const inp = input(1, n, 42 + n);
  const ms = time(() => judge(inp));
  const pooled = Float64Array.from([...inp.metrics[0].control, ...inp.metrics[0].experiment]);
  const sortMs = time(() => Float64Array.from(pooled).sort());
  rows.push({ n, ms, sortMs });
}
const big = input(100, 1000, 7);
const ms100 = time(() => judge(big), 1500, 3);
const pooled = big.metrics.map((p) => Float64Array.from([...p.control, ...p.experiment]));
const sort100 = time(() => pooled.forEach((p) => Float64Array.from(p).sort()));

// Least-squares slope of log(ms) on log(n) over n >= 300, and the local exponent 1000 → 10000.
const fit = rows.filter((r) => r.n >= 300);
const xs = fit.map((r) => Math.log(r.n));
const ys = fit.map((r) => Math.log(r.ms));
const mx = xs.reduce((a, b) => a + b) / xs.length;
const my = ys.reduce((a, b) => a + b) / ys.length;
const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
const r1k = rows.find((r) => r.n === 1000);
const r10k = rows.find((r) => r.n === 10000);
const local = Math.log(r10k.ms / r1k.ms) / Math.log(10);
const nlogn = Math.log((10000 * Math.log(10000)) / (1000 * Math.log(1000))) / Math.log(10);

console.log("judge, one metric (ms per metric; baseline = sorting the pooled 2n values once)");
console.log("n/side      ms/metric   sort ms    ratio to sort");
for (const r of rows) console.log(`${String(r.n).padEnd(10)}  ${r.ms.toFixed(4).padStart(9)}   ${r.sortMs.toFixed(4).padStart(8)}   ${(r.ms / r.sortMs).toFixed(1).padStart(8)}x`);
console.log(`100-metric config at n=1000: ${ms100.toFixed(2)} ms total, ${(ms100 / 100).toFixed(4)} ms/metric (sorts: ${sort100.toFixed(2)} ms, ratio ${(ms100 / sort100).toFixed(1)}x)`);
console.log(`growth exponent: ${slope.toFixed(3)} (fit over n=300..10000), ${local.toFixed(3)} (1000→10000; n log n would be ${nlogn.toFixed(3)})`);
