/**
 * Runs the package's conformance runner (exactly as a user would, on the built dist) over the
 * shared corpus, the Spinnaker cases and Gennaker's own cases, and scores the results with the
 * corpus's own compare.mjs. Expected values come from Spring's real SpEL: the shared expected.jsonl,
 * and the oracle itself (run live when its Java libraries are installed, as in CI).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = resolve(here, "..");
const shared = resolve(pkg, "../../../shared/conformance/spel");
const runner = join(pkg, "dist/conformance.js");
const oracle = join(shared, "oracle/run.sh");
const oracleAvailable = existsSync("/usr/share/java/spring3-expression.jar") && existsSync(oracle);
const work = mkdtempSync(join(tmpdir(), "gennaker-spel-"));

function run(cases: string): string {
  const out = join(work, `${cases.replace(/[^a-z0-9]+/gi, "_")}.actual.jsonl`);
  writeFileSync(out, execFileSync(process.execPath, [runner, cases], { maxBuffer: 64 << 20 }));
  return out;
}

/** Scores ACTUAL against EXPECTED with the corpus's compare.mjs: returns [passed, total, failures]. */
function compare(expected: string, actual: string): { passed: number; total: number; failures: string[] } {
  let text: string;
  try {
    text = execFileSync(process.execPath, [join(shared, "compare.mjs"), expected, actual, "--strict-kind", "--verbose"], {
      encoding: "utf8",
    });
  } catch (e) {
    text = String((e as { stdout?: string }).stdout ?? "");
  }
  const m = /^(\d+)\/(\d+) passed/m.exec(text);
  if (!m) throw new Error(`compare.mjs printed no score:\n${text}`);
  const failures = [...text.matchAll(/^ {2}(\S+): (.*)$/gm)].map((x) => `${x[1]}: ${x[2]}`);
  return { passed: Number(m[1]), total: Number(m[2]), failures };
}

function oracleExpected(cases: string, committed: string): string {
  if (!oracleAvailable) return committed;
  const out = join(work, `${cases.replace(/[^a-z0-9]+/gi, "_")}.oracle.jsonl`);
  writeFileSync(out, execFileSync("bash", [oracle, cases], { maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] }));
  return out;
}

describe("SpEL conformance (Spring's own results)", () => {
  it("passes >= 99% of the shared corpus, with every miss documented in the README", () => {
    const r = compare(join(shared, "expected.jsonl"), run(join(shared, "cases.jsonl")));
    console.log(`cases.jsonl: ${r.passed}/${r.total} (${((100 * r.passed) / r.total).toFixed(1)}%)`);
    for (const f of r.failures) console.log(`  miss ${f}`);
    expect(r.total).toBe(623);
    expect(r.passed / r.total).toBeGreaterThanOrEqual(0.99);
    const readme = readFileSync(join(pkg, "README.md"), "utf8");
    for (const f of r.failures) expect(readme, `README must list ${f.split(":")[0]}`).toContain(f.split(":")[0]!);
  });

  it("passes >= 95% of the Spinnaker cases (expression part, scored against the oracle)", () => {
    const cases = join(shared, "spinnaker-cases.oracle-input.jsonl");
    const expected = oracleExpected(cases, join(here, "cases/spinnaker-oracle-expected.jsonl"));
    const r = compare(expected, run(cases));
    console.log(`spinnaker cases: ${r.passed}/${r.total}`);
    for (const f of r.failures) console.log(`  miss ${f}`);
    expect(r.total).toBe(102);
    expect(r.passed / r.total).toBeGreaterThanOrEqual(0.95);
  });

  it("agrees with the oracle on Gennaker's own cases", () => {
    const cases = join(here, "cases/gennaker-cases.jsonl");
    const expected = oracleExpected(cases, join(here, "cases/gennaker-expected.jsonl"));
    const r = compare(expected, run(cases));
    expect(r.failures).toEqual([]);
  });
});
