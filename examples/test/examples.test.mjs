import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

it("the expressions example runs and prints Spinnaker's results", () => {
  const out = execFileSync(process.execPath, [join(here, "../src/expressions.mjs")], { encoding: "utf8" });
  expect(out).toMatch(/stages\[0\]\.status == 'SUCCEEDED'\s+-> true/);
  expect(out).toMatch(/#stage\('Bake'\)\.context\.region\s+-> "us-west-2"/);
  expect(out).toMatch(/#judgment\('Approve'\)\s+-> "Ship it"/);
  expect(out).toMatch(/7 \/ 2 \(Java int division\)\s+-> 3/);
  expect(out).toMatch(/parameters are strings\)\s+-> "31"/);
  expect(out).toMatch(/-> "orders-prod-v142"/);
  expect(out).toContain('"replicas":6');
  expect(out).toContain('"image":"orders:v1.4.2"');
  expect(out).toContain('"tags":["prod","build-142"]');
  expect(out).toContain('"broken":"${ 1 / 0 }"');
  expect(out).toMatch(/failed expressions\s+-> \[" 1 \/ 0 "\]|failed expressions\s+-> \["1 \/ 0"\]/);
});
