import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { MetricSetPair } from "./judge-input-schema.js";
import { toKayentaJson } from "./judge-json.js";
import type { CanaryAnalysisResult, CanaryJudgeResult } from "./judge-result.js";
import { percentile } from "./percentile.js";

/** What a report shows: a judge result and, optionally, the judged series (for distributions). */
export interface CanaryReportInput {
  /** Title shown in the report. */
  readonly title?: string;
  /** The judge result. */
  readonly result: CanaryJudgeResult;
  /** The metric set pairs judged (same order as `result.results`). */
  readonly pairs?: readonly MetricSetPair[];
}

function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "-";
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Inf" : "-Inf";
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
}

/** The report as JSON (Kayenta's result shape plus explanations; NaN as "NaN"). */
export function renderJsonReport(input: CanaryReportInput): string {
  return toKayentaJson({ title: input.title ?? "Canary analysis", ...input.result }, 2);
}

/** A plain-text table for terminals: one row per metric, then group scores and the summary. */
export function renderTableReport(input: CanaryReportInput): string {
  const header = ["metric", "label", "ratio", "interval (exp - ctrl)", "estimate", "p-value", "n exp/ctrl", "rule"];
  const rows = input.result.results.map((r) => {
    const e = r.explanation;
    return [
      r.muted ? `${r.name} (muted)` : r.name,
      r.critical ? `${r.classification}!` : r.classification,
      fmt(r.resultMetadata?.ratio),
      e.lowerConfidence === null ? "-" : `[${fmt(e.lowerConfidence)}, ${fmt(e.upperConfidence)}]`,
      fmt(e.estimate),
      fmt(e.pValue, 3),
      `${r.experimentMetadata.stats.count}/${r.controlMetadata.stats.count}`,
      e.rule,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [input.title ?? "Canary analysis", line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), ""];
  for (const g of input.result.groupScores) out.push(`group ${g.name}: ${fmt(g.score, 5)}`);
  const s = input.result.score;
  out.push(`score ${s.score} → ${s.classification}${s.classificationReason ? ` (${s.classificationReason})` : ""}`);
  return `${out.join("\n")}\n`;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** SVG of control vs experiment distributions (points and quartile boxes) on a shared axis. */
function distributionSvg(control: readonly number[], experiment: readonly number[]): string {
  const all = [...control, ...experiment].filter(Number.isFinite);
  if (all.length === 0) return '<p class="muted">no data</p>';
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const W = 520;
  const x = (v: number) => 70 + ((v - lo) / (hi - lo)) * (W - 90);
  const row = (label: string, values: readonly number[], y: number, color: string) => {
    const v = values.filter(Number.isFinite);
    if (v.length === 0) return `<text x="4" y="${y + 4}">${label}: no data</text>`;
    const q1 = percentile(v, 25);
    const q2 = percentile(v, 50);
    const q3 = percentile(v, 75);
    const step = Math.max(1, Math.floor(v.length / 400));
    const dots = v
      .filter((_, i) => i % step === 0)
      .map((p, i) => `<circle cx="${x(p).toFixed(1)}" cy="${(y + ((i % 7) - 3) * 2).toFixed(1)}" r="2" fill="${color}" fill-opacity="0.45"/>`)
      .join("");
    return `<text x="4" y="${y + 4}">${label}</text><rect x="${x(q1).toFixed(1)}" y="${y - 10}" width="${Math.max(1, x(q3) - x(q1)).toFixed(1)}" height="20" fill="none" stroke="${color}"/><line x1="${x(q2).toFixed(1)}" x2="${x(q2).toFixed(1)}" y1="${y - 10}" y2="${y + 10}" stroke="${color}" stroke-width="2"/>${dots}`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="86" font-size="11">${row("control", control, 22, "#2b6cb0")}${row("experiment", experiment, 58, "#c05621")}<text x="70" y="84">${esc(fmt(lo))}</text><text x="${W - 20}" y="84" text-anchor="end">${esc(fmt(hi))}</text></svg>`;
}

/** SVG of the confidence interval of the shift against 0 and the tolerance band. */
function intervalSvg(r: CanaryAnalysisResult): string {
  const e = r.explanation;
  if (e.lowerConfidence === null || e.upperConfidence === null || e.estimate === null || e.upperBound === null) return "";
  const pts = [e.lowerConfidence, e.upperConfidence, e.estimate, -e.upperBound, e.upperBound, 0];
  let lo = Math.min(...pts);
  let hi = Math.max(...pts);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const W = 520;
  const x = (v: number) => 20 + ((v - lo) / (hi - lo)) * (W - 40);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="44" font-size="11"><rect x="${x(-e.upperBound).toFixed(1)}" y="8" width="${Math.max(1, x(e.upperBound) - x(-e.upperBound)).toFixed(1)}" height="18" fill="#e2e8f0"/><line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="4" y2="30" stroke="#718096" stroke-dasharray="3"/><line x1="${x(e.lowerConfidence).toFixed(1)}" x2="${x(e.upperConfidence).toFixed(1)}" y1="17" y2="17" stroke="#1a202c" stroke-width="3"/><circle cx="${x(e.estimate).toFixed(1)}" cy="17" r="4" fill="#1a202c"/><text x="20" y="42">shift interval ${esc(fmt(e.lowerConfidence))} … ${esc(fmt(e.upperConfidence))}, estimate ${esc(fmt(e.estimate))}, band ±${esc(fmt(e.upperBound))}</text></svg>`;
}

/** A self-contained HTML page (inline CSS and SVG, no external resources). */
export function renderHtmlReport(input: CanaryReportInput): string {
  const res = input.result;
  const title = esc(input.title ?? "Canary analysis");
  const cls = res.score.classification;
  const metrics = res.results
    .map((r, i) => {
      const pair = input.pairs?.[i];
      const e = r.explanation;
      return `<section class="metric ${esc(r.classification)}"><h3>${esc(r.name)} <span class="label">${esc(r.classification)}${r.critical ? " (critical)" : ""}${r.muted ? " (muted)" : ""}</span></h3>
<p>${esc(r.classificationReason ?? "")} Rule: <code>${esc(e.rule)}</code>. Ratio ${esc(fmt(r.resultMetadata?.ratio))}, U ${esc(fmt(e.u, 6))}, p ${esc(fmt(e.pValue, 3))}, effect ${e.effectSize ? `${esc(e.effectSize.measure)} ${esc(fmt(e.effectSize.value))}` : "-"}, confidence ${e.confidenceLevel}, tolerance ${e.tolerance}. Points experiment ${e.experimentCounts.raw}→${e.experimentCounts.afterOutliers}, control ${e.controlCounts.raw}→${e.controlCounts.afterOutliers}.</p>
${pair ? distributionSvg(pair.control, pair.experiment) : ""}${intervalSvg(r)}</section>`;
    })
    .join("\n");
  const groups = res.groupScores.map((g) => `<tr><td>${esc(g.name)}</td><td>${esc(fmt(g.score, 5))}</td></tr>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1a202c}.summary{font-size:1.4rem}.Pass .label,.summary.Pass{color:#276749}.High .label,.Low .label,.summary.Fail,.NodataFailMetric .label{color:#c53030}.summary.Marginal{color:#b7791f}.metric{border-top:1px solid #e2e8f0;padding:.5rem 0}.muted{color:#718096}table{border-collapse:collapse}td{padding:.1rem .8rem;border-bottom:1px solid #edf2f7}</style>
</head><body><h1>${title}</h1>
<p class="summary ${esc(cls)}">Score ${res.score.score} — ${esc(cls)}${res.score.classificationReason ? ` — ${esc(res.score.classificationReason)}` : ""}</p>
<table><tr><th>group</th><th>score</th></tr>${groups}</table>
${metrics}
</body></html>
`;
}

/**
 * Writes `<baseName>.json`, `<baseName>.txt` and `<baseName>.html` into `dir` (created if needed) and
 * returns the paths.
 */
export function writeCanaryReports(dir: string, baseName: string, input: CanaryReportInput): { json: string; table: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const files = { json: path.join(dir, `${baseName}.json`), table: path.join(dir, `${baseName}.txt`), html: path.join(dir, `${baseName}.html`) };
  writeFileSync(files.json, renderJsonReport(input));
  writeFileSync(files.table, renderTableReport(input));
  writeFileSync(files.html, renderHtmlReport(input));
  return files;
}
