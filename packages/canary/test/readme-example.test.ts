import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./shared-corpus.js";

const pkgDir = path.join(repoRoot, "packages/canary");

describe("README example", () => {
  it("the README snippet is the example file and runs against the built package", () => {
    const readme = readFileSync(path.join(pkgDir, "README.md"), "utf8");
    expect(readme).toContain('import { judge } from "@gennaker/canary";');
    const out = execFileSync(process.execPath, [path.join(pkgDir, "examples/judge-example.mjs")], { encoding: "utf8" });
    expect(out).toMatch(/^latency_p50: High \(critical-effect-size\)/m);
    expect(out).toMatch(/^score 0 Fail Canary Failed: The metric latency_p50 was classified as High \(Critical\)$/m);
  });
});
