import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const run = (script) => execFileSync(process.execPath, [join(here, "../src", script)], { encoding: "utf8" });
const cli = join(here, "../../packages/core/dist/cli.js");

it("the expressions example runs and prints Spinnaker's results", () => {
  const out = run("expressions.mjs");
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

describe("the main example: pipelines/deploy-like.json on the engine in virtual time", () => {
  it("runs the pipeline to SUCCEEDED and prints the event log and the stage tree", () => {
    const out = run("run-pipeline.mjs");
    expect(out).toContain('09:00:00  started "Deploy orders" with parameters {"env":"prod","version":"1.4.2","notifySlack":"false"}');
    // the two regions in parallel, joined by the soak
    expect(out).toContain("09:05:00  Deploy us-east-1   SUCCEEDED");
    expect(out).toContain("09:10:00  Deploy us-west-2   SUCCEEDED");
    expect(out).toContain("11:10:00  Soak               SUCCEEDED");
    expect(out).toContain('11:10:00  Approve promotion  waiting: "Check the prod dashboards for orders-prod-v1.4.2." -> alice: continue, promote');
    expect(out).toContain("11:10:00  Notify Slack       SKIPPED");
    expect(out).toMatch(/^ {2}Check precondition \(expression\) +checkPreconditions +SUCCEEDED +0s$/m);
    expect(out).toMatch(/^Soak +wait +SUCCEEDED +2h 00m$/m);
    expect(out).toContain("SUCCEEDED in 2h 10m of virtual time");
    expect(out).toContain('Promote outputs: {"promoted":"orders-prod-v1.4.2","decision":"promote","regions":"us-east-1,us-west-2"}');
  });

  it("runs the same way through the gennaker CLI", () => {
    const out = execFileSync(
      process.execPath,
      [cli, "run", join(here, "../pipelines/deploy-like.json"), "--virtual-time", "--json", "--param", "env=prod", "--judge", "Approve promotion=continue:promote"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const e = JSON.parse(out);
    expect(e.status).toBe("SUCCEEDED");
    expect(e.endTime - e.startTime).toBe(2 * 3_600_000 + 10 * 60_000);
    expect(Object.fromEntries(e.stages.map((s) => [s.name, s.status]))).toEqual({
      Compute: "SUCCEEDED",
      "Check precondition (expression)": "SUCCEEDED",
      "Check name": "SUCCEEDED",
      "Deploy us-east-1": "SUCCEEDED",
      "Deploy us-west-2": "SUCCEEDED",
      Soak: "SUCCEEDED",
      "Approve promotion": "SUCCEEDED",
      "Notify Slack": "SKIPPED",
      Promote: "SUCCEEDED",
    });
  });

  it("a 'roll back' judgment skips Promote (stageEnabled on #judgment); notifySlack=true runs Notify Slack", () => {
    const out = execFileSync(
      process.execPath,
      [cli, "run", join(here, "../pipelines/deploy-like.json"), "--virtual-time", "--json", "--param", "notifySlack=true", "--judge", "Approve promotion=continue:roll back"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const e = JSON.parse(out);
    expect(e.status).toBe("SUCCEEDED");
    const status = Object.fromEntries(e.stages.map((s) => [s.name, s.status]));
    expect(status["Promote"]).toBe("SKIPPED");
    expect(status["Notify Slack"]).toBe("SUCCEEDED");
    expect(e.stages.find((s) => s.name === "Deploy us-east-1").context).toMatchObject({ serverGroup: "orders-staging-v1.4.2", replicas: 2 });
  });
});

it("the custom stage example: a plugin stage with a retryable task whose outputs feed an expression", () => {
  const out = run("custom-stage.mjs");
  expect(out).toContain('without the plugin: $.stages[0].type: unknown stage type "deployService"');
  expect(out).toContain("task Deploy api › createDeployment: SUCCEEDED");
  expect(out.match(/ {2}poll: \d\/3 replicas of orders-api-v8 healthy/g)).toEqual([
    "  poll: 1/3 replicas of orders-api-v8 healthy",
    "  poll: 2/3 replicas of orders-api-v8 healthy",
    "  poll: 3/3 replicas of orders-api-v8 healthy",
  ]);
  expect(out).toContain('Deploy api: SUCCEEDED after 3 polls, outputs {"endpoint":"https://orders-api-v8.internal","deploymentId":"orders-api-v8"}');
  expect(out).toContain("Smoke test: url = https://orders-api-v8.internal/health");
  expect(out).toContain("execution: SUCCEEDED");
  expect(out).toContain("virtual time: Deploy api SUCCEEDED after 3 polls, 60 s of virtual time (two 30 s backoffs)");
});
