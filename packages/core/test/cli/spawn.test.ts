import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { PipelineExecution } from "../../src/index.js";
import { fixture } from "./helpers.js";

// the built executable (turbo builds @gennaker/core before its tests run)
const bin = join(dirname(fileURLToPath(import.meta.url)), "../../dist/cli.js");
const run = promisify(execFile);

async function gennaker(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build -w @gennaker/core\` first`);
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("the gennaker executable (node dist/cli.js)", () => {
  it("runs a 2-hour pipeline in virtual time: exit 0 and the execution JSON on stdout", async () => {
    const r = await gennaker("run", fixture("two-hour-wait.json"), "--virtual-time", "--json");
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as PipelineExecution;
    expect(e.status).toBe("SUCCEEDED");
    expect(e.endTime! - e.startTime!).toBe(7_230_000);
    expect(r.stderr).toContain("[+02:00:30] ✔ Soak (wait) SUCCEEDED in 2h 00m");
  });

  it("exit 1 when the execution does not succeed", async () => {
    const r = await gennaker("run", fixture("judgment.json"), "--virtual-time", "--judge", "Approve deploy=stop");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✘ TERMINAL after 1m 00s (virtual time)");
  });

  it("exit 2 with every problem for an invalid pipeline, and for malformed JSON", async () => {
    const r = await gennaker("run", fixture("many-problems.json"), "--virtual-time");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  $.stages[2].type: unknown stage type "deployManifest" (line 8)');
    expect(r.stdout).toBe("");
    const m = await gennaker("validate", fixture("malformed.json"));
    expect(m.code).toBe(2);
    expect(m.stderr).toContain("malformed.json:5:3: malformed JSON");
  });

  it("schema and validate", async () => {
    const s = await gennaker("schema");
    expect(s.code).toBe(0);
    expect(() => JSON.parse(s.stdout)).not.toThrow();
    const v = await gennaker("validate", fixture("params.json"));
    expect(v.code).toBe(0);
  });
});
