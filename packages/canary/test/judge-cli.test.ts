import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCorpus, repoRoot } from "./shared-corpus.js";

const cli = path.join(repoRoot, "packages/canary/dist/judge-cli.js");
const cases = readCorpus<{ cases: { id: string; input: unknown; kayentaOutput: Record<string, unknown> }[] }>("reference-cases.json").cases;

describe("judge CLI", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "canary-cli-"));

  it("prints Kayenta's shape plus explanations for a reference input", () => {
    const c = cases.find((x) => x.kayentaOutput.results !== undefined && (x.kayentaOutput.results as unknown[]).length > 2)!;
    const file = path.join(dir, "input.json");
    writeFileSync(file, JSON.stringify(c.input));
    const out = JSON.parse(execFileSync(process.execPath, [cli, file], { encoding: "utf8" })) as Record<string, any>;
    expect(out.judgeName).toBe("NetflixACAJudge-v1.0");
    expect(out.score).toEqual(c.kayentaOutput.score);
    const expected = c.kayentaOutput.results as Record<string, unknown>[];
    expect(out.results.map((r: { classification: string }) => r.classification)).toEqual(expected.map((r) => r.classification));
    for (const r of out.results) expect(r.explanation).toHaveProperty("rule");
  });

  it("works through `npm run -s judge -w @gennaker/canary -- INPUT.json`", () => {
    const c = cases[0]!;
    const file = path.join(dir, "case.json");
    writeFileSync(file, JSON.stringify(c));
    const out = JSON.parse(execFileSync("npm", ["run", "-s", "judge", "-w", "@gennaker/canary", "--", file], { cwd: repoRoot, encoding: "utf8" })) as Record<string, unknown>;
    expect(out.score).toEqual(c.kayentaOutput.score);
  });

  it("reports a judgement failure as a typed exception naming the field, exit status 2", () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ config: { metrics: [{ name: "m" }], classifier: {} }, metrics: [{ name: "m", control: [1, "x"], experiment: [1] }], thresholds: { pass: 1, marginal: 0 } }));
    const r = spawnSync(process.execPath, [cli, file], { encoding: "utf8" });
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout) as { code: string; path: string };
    expect(out.code).toBe("CANARY_VALIDATION");
    expect(out.path).toBe("metrics[0].control[1]");
  });
});
