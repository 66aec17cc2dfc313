// Tests that fork worker processes or run the `gennaker` CLI use the BUILT packages (dist). Before
// the run, rebuild @gennaker/core and @gennaker/postgres when a source file is newer than their
// dist, so `npx vitest run` in this directory never tests stale code. (`npm test` at the root
// builds everything first anyway.)
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const packages = join(here, "..", "..");

/** @param {string} dir */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(path));
    else if (!entry.name.endsWith(".test.ts")) max = Math.max(max, statSync(path).mtimeMs);
  }
  return max;
}

/** @param {string} name @param {string[]} outputs */
function buildIfStale(name, outputs) {
  const dir = join(packages, name);
  const built = Math.min(...outputs.map((o) => (existsSync(join(dir, "dist", o)) ? statSync(join(dir, "dist", o)).mtimeMs : 0)));
  const sources = Math.max(newest(join(dir, "src")), statSync(join(dir, "package.json")).mtimeMs);
  if (built >= sources) return;
  process.stderr.write(`[global-setup] ${name}/dist is older than its sources: building @gennaker/${name}\n`);
  execFileSync("npm", ["run", "build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
}

export default function setup() {
  buildIfStale("core", ["index.js", "cli.js", "index.d.ts"]);
  buildIfStale("postgres", ["index.js", "index.d.ts"]);
}
