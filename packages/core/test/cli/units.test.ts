import { describe, expect, it } from "vitest";
import { parseCliArgs, parseJudgeSpec, UsageError } from "../../src/cli/args.js";
import { formatDuration, formatElapsed } from "../../src/cli/format.js";
import { codeFrame, locate, parseJsonPath, parseJsonText } from "../../src/cli/json-text.js";

describe("cli argument parsing", () => {
  it("parses run with every option", () => {
    expect(
      parseCliArgs([
        "run", "p.json", "--param", "env=prod", "-p", "q=a=b", "--param", "empty=", "--trigger", "t.json",
        "--judge", "Approve=continue:ship it", "--judge", "Gate = x=stop", "--virtual-time", "--json", "--time-zone", "Europe/Berlin",
      ]),
    ).toEqual({
      command: "run",
      file: "p.json",
      params: { env: "prod", q: "a=b", empty: "" },
      triggerFile: "t.json",
      judges: [
        { stage: "Approve", status: "continue", input: "ship it", raw: "Approve=continue:ship it" },
        { stage: "Gate = x", status: "stop", raw: "Gate = x=stop" },
      ],
      virtualTime: true,
      json: true,
      timeZone: "Europe/Berlin",
    });
  });

  it("judge specs: case-insensitive status, input may contain = and :", () => {
    expect(parseJudgeSpec("A=CONTINUE:x=y:z")).toEqual({ stage: "A", status: "continue", input: "x=y:z", raw: "A=CONTINUE:x=y:z" });
    expect(() => parseJudgeSpec("=continue")).toThrow(UsageError);
    expect(() => parseJudgeSpec("A=go")).toThrow(/expected "Stage name=continue\|stop\[:input\]"/);
  });

  it("help topics", () => {
    expect(parseCliArgs([])).toEqual({ command: "help" });
    expect(parseCliArgs(["help", "run"])).toEqual({ command: "help", topic: "run" });
    expect(parseCliArgs(["validate", "-h"])).toEqual({ command: "help", topic: "validate" });
  });
});

describe("formatting", () => {
  it.each([
    [0, "0ms"],
    [850, "850ms"],
    [4_250, "4.2s"],
    [12_000, "12s"],
    [303_000, "5m 03s"],
    [7_200_000, "2h 00m"],
    [7_230_000, "2h 00m 30s"],
    [3 * 86_400_000 + 4 * 3_600_000, "3d 4h"],
    [-5, "0ms"],
  ])("duration %d ms is %s", (ms, text) => expect(formatDuration(ms)).toBe(text));

  it("elapsed stamps", () => {
    expect(formatElapsed(0)).toBe("+00:00:00");
    expect(formatElapsed(7_830_000)).toBe("+02:10:30");
    expect(formatElapsed(3 * 86_400_000 + 3_600_000)).toBe("+3d01:00:00");
  });
});

describe("JSON text positions", () => {
  const text = '\uFEFF{\r\n  "stages": [\r\n    { "refId": "1", "type": "wait" },\r\n    {"odd key": [true, null, -1.5e3]}\r\n  ]\r\n}';

  it("locates every value by JSON path (CRLF, BOM)", () => {
    const r = parseJsonText(text);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.positions.get("$")).toMatchObject({ line: 1, column: 1 });
    expect(r.positions.get("$.stages[0].type")).toMatchObject({ line: 3, column: 29 });
    expect(r.positions.get('$.stages[1]["odd key"][2]')).toMatchObject({ line: 4, column: 30 });
    // a missing key falls back to its nearest ancestor
    expect(locate(r.positions, ["stages", 0, "name"])).toMatchObject({ line: 3, column: 5 });
    expect(parseJsonPath('$.stages[1]["odd key"][2]')).toEqual(["stages", 1, "odd key", 2]);
    expect(parseJsonPath("stages")).toBeUndefined();
  });

  it("code frames point at the column (tabs kept)", () => {
    const src = '{\n\t"a": 1\n\t"b": 2\n}';
    const r = parseJsonText(src);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ line: 3, column: 2, message: "unexpected '\"', expected ',' or '}' after a property value" });
    expect(codeFrame(src, r.error)).toBe('  2 | \t"a": 1\n  3 | \t"b": 2\n    | \t^');
  });

  it("agrees with JSON.parse on valid documents", () => {
    for (const doc of ['{"a":[1,2,{"b":"\\u00e9\\n"}],"c":-0.5E-2,"d":false}', "[]", '"x"', "0", " null "]) {
      const r = parseJsonText(doc);
      expect(r.ok && r.value).toEqual(JSON.parse(doc));
    }
  });
});
