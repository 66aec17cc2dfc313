import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { defineStage, defineTask } from "../../src/index.js";
import { cli, fixture, plain, tempFile } from "./helpers.js";

describe("gennaker run --virtual-time", () => {
  it("runs a pipeline with a 2-hour wait to SUCCEEDED in virtual time and exits 0", async () => {
    const r = await cli(["run", fixture("two-hour-wait.json"), "--virtual-time", "--json"]);
    expect(r.code).toBe(0);
    const e = r.execution();
    expect(e.status).toBe("SUCCEEDED");
    // 30 s then 2 h, measured on the virtual clock
    expect(e.endTime! - e.startTime!).toBe(7_230_000);
    const soak = e.stages.find((s) => s.name === "Soak")!;
    expect(soak.endTime! - soak.startTime!).toBe(7_200_000);
    expect(r.stderr).toContain("✔ SUCCEEDED in 2h 00m 30s (virtual time)");
  });

  it("--json prints the final execution in Orca's shape", async () => {
    const r = await cli(["run", fixture("two-hour-wait.json"), "--virtual-time", "--json"]);
    const e = r.execution() as unknown as Record<string, unknown>;
    expect(e).toMatchObject({
      type: "pipeline",
      application: "cli",
      name: "Two-hour wait",
      pipelineConfigId: "two-hour-wait",
      status: "SUCCEEDED",
      origin: "cli",
      trigger: { type: "manual", user: "gennaker-cli", parameters: {} },
    });
    expect(typeof e["id"]).toBe("string");
    const stages = e["stages"] as Array<Record<string, unknown>>;
    expect(stages).toHaveLength(2);
    for (const s of stages) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(["id", "refId", "name", "type", "status", "context", "outputs", "tasks", "startTime", "endTime", "requisiteStageRefIds"]));
    }
    expect(stages.map((s) => [s["refId"], s["name"], s["type"], s["status"]])).toEqual([
      ["1", "Settle", "wait", "SUCCEEDED"],
      ["2", "Soak", "wait", "SUCCEEDED"],
    ]);
    expect(stages[1]!["context"]).toMatchObject({ waitTime: 7200 });
    expect(stages[1]!["tasks"]).toEqual([expect.objectContaining({ name: "wait", status: "SUCCEEDED" })]);
    // stdout carries only the JSON; progress is on stderr
    expect(r.stdout.trim().startsWith("{")).toBe(true);
    expect(r.stderr).toContain("Soak (wait) SUCCEEDED in 2h 00m");
  });

  it("without --json prints nothing on stdout and a line per event on stderr", async () => {
    const r = await cli(["run", fixture("two-hour-wait.json"), "--virtual-time"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n");
    expect(lines).toContain("[+00:00:00] ▶ Settle (wait) started");
    expect(lines).toContain("[+00:00:30] ✔ Settle (wait) SUCCEEDED in 30s");
    expect(lines).toContain("[+02:00:30] ✔ Soak (wait) SUCCEEDED in 2h 00m");
    // the final tree
    expect(r.stderr).toMatch(/✔ Soak\s+wait\s+SUCCEEDED\s+2h 00m {2}← Settle/);
  });

  it("--param fills parameters that expressions in later stages use", async () => {
    const r = await cli(["run", fixture("params.json"), "--virtual-time", "--json", "--param", "env=prod", "-p", "version=2.5.1"]);
    expect(r.code).toBe(0);
    const e = r.execution();
    expect(e.trigger.parameters).toEqual({ env: "prod", version: "2.5.1" });
    expect(e.stages.find((s) => s.name === "Compute")!.outputs).toEqual({ x: "orders-prod-v2.5.1" });
    expect(e.stages.find((s) => s.name === "Use")!.context).toMatchObject({ serverGroup: "orders-prod-v2.5.1", envUpper: "PROD" });
  });

  it("parameters not given take their defaults; an undeclared --param is warned about and passed on", async () => {
    const r = await cli(["run", fixture("params.json"), "--virtual-time", "--json", "--param", "colour=blue"]);
    expect(r.code).toBe(0);
    const e = r.execution();
    expect(e.trigger.parameters).toEqual({ env: "staging", version: "1.0.0", colour: "blue" });
    expect(e.stages.find((s) => s.name === "Compute")!.outputs).toEqual({ x: "orders-staging-v1.0.0" });
    expect(r.stderr).toContain("warning: --param colour is not declared in parameterConfig");
  });

  it("--trigger supplies the trigger; --param overrides its parameters", async () => {
    const r = await cli(["run", fixture("params.json"), "--virtual-time", "--json", "--trigger", fixture("trigger.json"), "--param", "version=3.0.0"]);
    expect(r.code).toBe(0);
    const e = r.execution();
    expect(e.trigger).toMatchObject({ type: "webhook", user: "ci-bot", source: "github", parameters: { env: "qa", version: "3.0.0" } });
    expect(e.stages.find((s) => s.name === "Compute")!.outputs).toEqual({ x: "orders-qa-v3.0.0" });
  });

  it("a malformed or invalid trigger file exits 2 before anything runs", async () => {
    const bad = tempFile("trigger.json", '{ "type": "manual", "parameters": [1, 2] }');
    const r = await cli(["run", fixture("params.json"), "--virtual-time", "--trigger", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid trigger, 1 problem/);
    expect(r.stderr).toMatch(/ {2}\$\.parameters: .*\(line 1\)/);
    const notObject = tempFile("trigger.json", "[]");
    expect((await cli(["run", fixture("params.json"), "--trigger", notObject])).code).toBe(2);
    const broken = tempFile("trigger.json", '{ "type": manual }');
    const b = await cli(["run", fixture("params.json"), "--trigger", broken]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("trigger.json:1:11: malformed JSON");
  });
});

describe("manual judgments", () => {
  it("--judge continue with an input: the judgment is readable downstream with #judgment, exit 0", async () => {
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time", "--json", "--judge", "Approve deploy=continue:ship"]);
    expect(r.code).toBe(0);
    const e = r.execution();
    const judged = e.stages.find((s) => s.name === "Approve deploy")!;
    expect(judged.status).toBe("SUCCEEDED");
    expect(judged.context).toMatchObject({ judgmentStatus: "continue", judgmentInput: "ship", lastModifiedBy: "gennaker-cli" });
    expect(e.stages.find((s) => s.name === "Record")!.outputs).toEqual({ decision: "ship" });
    expect(r.stderr).toContain('Approve deploy: judged continue with input "ship" (from --judge "Approve deploy=continue:ship")');
  });

  it("--judge stop: the stage and the execution end TERMINAL, exit 1", async () => {
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time", "--json", "--judge", "Approve deploy=stop"]);
    expect(r.code).toBe(1);
    const e = r.execution();
    expect(e.status).toBe("TERMINAL");
    expect(e.stages.map((s) => [s.name, s.status])).toEqual([
      ["Bake", "SUCCEEDED"],
      ["Approve deploy", "TERMINAL"],
      ["Record", "NOT_STARTED"],
    ]);
    expect(r.stderr).toMatch(/✘ TERMINAL after 1m 00s \(virtual time\)/);
  });

  it("--judge also matches a refId; a --judge naming no judgment stage is warned about", async () => {
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time", "--judge", "2=continue", "--judge", "Nope=stop"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: --judge "Nope=stop": the pipeline has no manual judgment stage named "Nope"');
  });

  it("without --judge and without a terminal the judgment is left to time out (virtually), exit 1", async () => {
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time", "--json"]);
    expect(r.code).toBe(1);
    const e = r.execution();
    const judged = e.stages.find((s) => s.name === "Approve deploy")!;
    expect(judged.status).toBe("TERMINAL");
    // stageTimeoutMs: 1 h after the judgment started
    expect(judged.endTime! - judged.startTime!).toBeGreaterThanOrEqual(3_600_000);
    expect(r.stderr).toContain("Approve deploy: awaiting manual judgment; no --judge matches it and stdin is not a terminal, so it is left to time out after 1h 00m");
  });

  it("asks at the terminal when stdin is one: continue and pick an input by number", async () => {
    const stdin = new PassThrough();
    stdin.end("c\n2\n");
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time", "--json"], { stdin, isTTY: { stdin: true } });
    expect(r.code).toBe(0);
    const e = r.execution();
    expect(e.stages.find((s) => s.name === "Record")!.outputs).toEqual({ decision: "hold" });
    expect(r.stderr).toContain("? Manual judgment: Approve deploy (Judged)");
    expect(r.stderr).toContain("  Look at the canary.");
    expect(r.stderr).toContain("  input: 1) ship  2) hold");
    expect(r.stderr).toContain('Approve deploy: judged continue with input "hold" (from the terminal)');
  });

  it("asks again on a bad answer; stop at the terminal ends TERMINAL, exit 1", async () => {
    const stdin = new PassThrough();
    stdin.end("maybe\nstop\n\n");
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time"], { stdin, isTTY: { stdin: true } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("please answer c (continue) or s (stop)");
    expect(r.stderr).toContain("Approve deploy: judged stop (from the terminal)");
  });

  it("a --judge takes precedence over asking; end of input leaves the judgment waiting", async () => {
    const stdin = new PassThrough();
    stdin.end("");
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time"], { stdin, isTTY: { stdin: true } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Approve deploy: no answer (end of input); left waiting, it times out after 1h 00m");
    const stdin2 = new PassThrough();
    const j = await cli(["run", fixture("judgment.json"), "--virtual-time", "--judge", "Approve deploy=continue"], { stdin: stdin2, isTTY: { stdin: true } });
    expect(j.code).toBe(0);
    expect(j.stderr).not.toContain("? Manual judgment");
  });
});

describe("invalid input exits 2 and runs nothing", () => {
  it("malformed JSON: the error's line and column and the source line", async () => {
    const r = await cli(["run", fixture("malformed.json"), "--virtual-time", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("malformed.json:5:3: malformed JSON: unexpected ']' after a comma (trailing commas are not allowed)");
    expect(r.stderr).toContain("  5 |   ]\n    |   ^");
  });

  it.each([
    ['{"a": 1,\n "b" 2}', "2:6", "expected ':' after the property name"],
    ["{\n  'a': 1\n}", "2:3", "property names must use double quotes"],
    ['{"a": [1, 2}', "1:12", "expected ',' or ']' after an array element"],
    ['{"a": "x\ny"}', "1:9", "unterminated string"],
    ['{"a": 01}', "1:7", "leading zeros"],
    ['{"a": tru}', "1:10", "in the literal 'true'"],
    ['{"a": 1} x', "1:10", "after the end of the JSON value"],
    ['{"a": 1', "1:8", "unexpected end of input, expected ',' or '}'"],
    ["", "1:1", "empty document"],
    ['{"a": 1 // no\n}', "1:9", "unexpected '/'"],
  ])("malformed JSON %j is located at %s", async (text, at, message) => {
    const file = tempFile("p.json", text);
    const r = await cli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`p.json:${at}: malformed JSON: `);
    expect(r.stderr).toContain(message);
  });

  it("a pipeline with several problems: every problem with its JSON path (and line)", async () => {
    const r = await cli(["run", fixture("many-problems.json"), "--virtual-time", "--json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "many-problems.json: invalid pipeline, 6 problems (nothing was run):",
        '  $.limitConcurrent: expected boolean or an expression "${...}", got string (line 4)',
        '  $.stages[1].refId: duplicate refId "1", first used by stage 0 (line 7)',
        '  $.stages[2].type: unknown stage type "deployManifest" (line 8)',
        '  $.stages[3].requisiteStageRefIds[0]: requisite stage refId "9" does not match any stage (line 9)',
        "  $.stages[3].type: stage has no type (line 9)",
        "  $.stages[4].restrictedExecutionWindow.whitelist[0].startHour: startHour must be an integer from 0 to 23, got 25 (line 15)",
        "",
      ]
        .join("\n")
        .replace("many-problems.json", fixture("many-problems.json")),
    );
  });

  it("an unknown stage type is reported (a plugin stage type passed to runCli is known)", async () => {
    const file = tempFile("p.json", JSON.stringify({ application: "a", stages: [{ refId: "1", type: "bake", name: "Bake" }] }, null, 2));
    const r = await cli(["run", file, "--virtual-time"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  $.stages[0].type: unknown stage type "bake" (line 6)');

    const bakeTask = defineTask({ type: "fakeBake", execute: () => ({ status: "SUCCEEDED", outputs: { imageId: "ami-123" } }) });
    const bake = defineStage({ type: "bake", tasks: [bakeTask], taskGraph: (_s, g) => void g.task("bake", bakeTask) });
    const ok = await cli(["run", file, "--virtual-time", "--json"], {}, { stages: [bake] });
    expect(ok.code).toBe(0);
    expect(ok.execution().stages[0]!.outputs).toEqual({ imageId: "ami-123" });
  });

  it("a missing file exits 2", async () => {
    const r = await cli(["run", fixture("nope.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read pipeline .*nope\.json: ENOENT/);
  });

  it.each([
    [["run"], "run: missing PIPELINE.json"],
    [["run", "a.json", "b.json"], 'run: unexpected argument "b.json"'],
    [["run", "a.json", "--bogus"], "run: Unknown option '--bogus'"],
    [["run", "a.json", "--param", "novalue"], '--param "novalue": expected name=value'],
    [["run", "a.json", "--judge", "Approve=maybe"], '--judge "Approve=maybe": expected "Stage name=continue|stop[:input]"'],
    [["run", "a.json", "--time-zone", "Mars/Olympus"], '--time-zone "Mars/Olympus": not an IANA time zone'],
    [["deploy"], 'unknown command "deploy"'],
    [["schema", "x"], 'schema: unexpected argument "x"'],
  ])("usage error %j exits 2", async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`gennaker: ${message}`);
    expect(r.stderr).toContain("usage:");
  });
});

describe("gennaker validate and schema", () => {
  it("validate: exit 0 for a valid pipeline, 2 with every problem", async () => {
    const ok = await cli(["validate", fixture("judgment.json")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('judgment.json: valid pipeline "Judged" with 3 stages');
    const bad = await cli(["validate", fixture("many-problems.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.match(/^ {2}\$\./gm)).toHaveLength(6);
  });

  it("validate --json: problems with line and column", async () => {
    const r = await cli(["validate", fixture("many-problems.json"), "--json"]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { valid: boolean; problems: Array<Record<string, unknown>> };
    expect(out.valid).toBe(false);
    expect(out.problems).toHaveLength(6);
    expect(out.problems[2]).toEqual({ path: "$.stages[2].type", code: "unknown_stage_type", message: 'unknown stage type "deployManifest"', line: 8, column: 29 });
  });

  it("schema prints the pipeline JSON Schema", async () => {
    const r = await cli(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(JSON.stringify(schema)).toContain("requisiteStageRefIds");
    expect(JSON.stringify(schema)).toContain("parameterConfig");
  });

  it("help", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("gennaker run PIPELINE.json [options]");
    expect((await cli(["run", "--help"])).stdout).toContain("--virtual-time");
  });
});

describe("live stage tree and real time", () => {
  it("on a terminal stdout the tree is redrawn in place on stderr, in colour unless NO_COLOR", async () => {
    const r = await cli(["run", fixture("judgment.json"), "--virtual-time", "--judge", "Approve deploy=continue"], { isTTY: { stdout: true }, columns: 100 });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\x1b\[\d+F\x1b\[0J/); // cursor up + clear: a redraw
    expect(r.stderr).toContain("\x1b[32m"); // green
    const text = plain(r.stderr);
    expect(text).toMatch(/Judged · SUCCEEDED · 1m 00s\n✔ Bake +wait +SUCCEEDED +1m 00s\n✔ Approve deploy +manualJudgment +SUCCEEDED +0ms {2}← Bake\n✔ Record +evaluateVariables +SUCCEEDED +0ms {2}← Approve deploy\n✔ SUCCEEDED in 1m 00s \(virtual time\)\n$/);
    for (const line of text.split("\n")) expect([...line].length).toBeLessThan(100);

    const mono = await cli(["run", fixture("two-hour-wait.json"), "--virtual-time"], { isTTY: { stdout: true }, env: { NO_COLOR: "1" } });
    expect(mono.stderr).not.toContain("\x1b[32m");
    expect(mono.stderr).toContain("\x1b[0J");
  });

  it("without --virtual-time runs on the real clock with a worker", async () => {
    const file = tempFile(
      "p.json",
      JSON.stringify({
        application: "a",
        name: "quick",
        stages: [
          { refId: "1", type: "wait", name: "zero", waitTime: 0 },
          { refId: "2", type: "manualJudgment", name: "ok", requisiteStageRefIds: ["1"] },
        ],
      }),
    );
    const r = await cli(["run", file, "--json", "--judge", "ok=continue"]);
    expect(r.code).toBe(0);
    const e = r.execution();
    expect(e.status).toBe("SUCCEEDED");
    expect(Math.abs(e.startTime! - Date.now())).toBeLessThan(60_000); // real time, not the virtual epoch
  });

  it("aborting (Ctrl-C) cancels the execution: CANCELED, exit 1", async () => {
    const abort = new AbortController();
    abort.abort();
    const r = await cli(["run", fixture("two-hour-wait.json"), "--virtual-time", "--json"], { signal: abort.signal });
    expect(r.code).toBe(1);
    expect(r.execution().status).toBe("CANCELED");
  });

  it("a disabled pipeline ends TERMINAL at once, exit 1", async () => {
    const file = tempFile("p.json", JSON.stringify({ application: "a", name: "off", disabled: true, stages: [{ refId: "1", type: "wait", waitTime: 1 }] }));
    const r = await cli(["run", file, "--virtual-time", "--json"]);
    expect(r.code).toBe(1);
    expect(r.execution().status).toBe("TERMINAL");
    expect(r.stderr).toContain("disabled");
  });
});
