import { describe, expect, it } from "vitest";
import { JsonPathError, parseJsonPath, readJsonPath } from "./json-path.js";

const doc = {
  status: "RUNNING",
  a: { b: [{ c: 1 }, { c: 2, d: null }] },
  "x-key": { "a b": true, "it's": "quoted", 'say "hi"': "dq" },
  items: ["first", "middle", "last"],
  "0": "zero-key",
};

describe("parseJsonPath", () => {
  it("parses dot and bracket notation", () => {
    expect(parseJsonPath("$.a.b[0].c")).toEqual([
      { kind: "key", key: "a" },
      { kind: "key", key: "b" },
      { kind: "index", index: 0 },
      { kind: "key", key: "c" },
    ]);
    expect(parseJsonPath("$['a'][\"b\"][ 1 ]")).toEqual([
      { kind: "key", key: "a" },
      { kind: "key", key: "b" },
      { kind: "index", index: 1 },
    ]);
    expect(parseJsonPath("$.items[-1]")).toEqual([
      { kind: "key", key: "items" },
      { kind: "index", index: -1 },
    ]);
  });

  it("reads `$` alone as the root and a path without `$` as rooted (Jayway)", () => {
    expect(parseJsonPath("$")).toEqual([]);
    expect(parseJsonPath(" status.phase ")).toEqual([
      { kind: "key", key: "status" },
      { kind: "key", key: "phase" },
    ]);
    expect(parseJsonPath("['a']")).toEqual([{ kind: "key", key: "a" }]);
  });

  it("unescapes quoted names", () => {
    expect(parseJsonPath("$['it\\'s']")).toEqual([{ kind: "key", key: "it's" }]);
    expect(parseJsonPath('$["say \\"hi\\""]')).toEqual([{ kind: "key", key: 'say "hi"' }]);
    expect(parseJsonPath("$['a.b[0]']")).toEqual([{ kind: "key", key: "a.b[0]" }]);
  });

  it.each([
    ["", "empty path"],
    ["$..a", "deep scan"],
    ["$.a[*]", "wildcards"],
    ["$.*", "wildcards"],
    ["$.a[?(@.b)]", "filters"],
    ["$.a[0:2]", "slices"],
    ["$.a[0,1]", "index unions"],
    ["$['a','b']", "multiple properties"],
    ["$.a.length()", "functions"],
    ["$['a", "unterminated"],
    ["$.a[0", "unclosed"],
    ["$.a.", "missing property name"],
    ["$a", "unexpected character"],
    ["@.a", "filters"],
    ["$[abc]", "bracket expression"],
  ])("rejects %j (%s)", (path, reason) => {
    expect(() => parseJsonPath(path)).toThrow(JsonPathError);
    expect(() => parseJsonPath(path)).toThrow(reason);
  });

  it("reports the code and path on the error", () => {
    try {
      parseJsonPath("$..x");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(JsonPathError);
      expect((err as JsonPathError).code).toBe("JSON_PATH_INVALID");
      expect((err as JsonPathError).path).toBe("$..x");
    }
  });
});

describe("readJsonPath", () => {
  it("reads nested values", () => {
    expect(readJsonPath(doc, "$.status")).toEqual({ found: true, value: "RUNNING" });
    expect(readJsonPath(doc, "$.a.b[1].c")).toEqual({ found: true, value: 2 });
    expect(readJsonPath(doc, "$['x-key']['a b']")).toEqual({ found: true, value: true });
    expect(readJsonPath(doc, "$['x-key']['it\\'s']")).toEqual({ found: true, value: "quoted" });
    expect(readJsonPath(doc, "$.items[-1]")).toEqual({ found: true, value: "last" });
    expect(readJsonPath(doc, "items[0]")).toEqual({ found: true, value: "first" });
    expect(readJsonPath(doc, "$")).toEqual({ found: true, value: doc });
    expect(readJsonPath(doc, "$['0']")).toEqual({ found: true, value: "zero-key" });
  });

  it("finds a key whose value is null", () => {
    expect(readJsonPath(doc, "$.a.b[1].d")).toEqual({ found: true, value: null });
  });

  it.each([
    "$.missing",
    "$.a.missing.deeper",
    "$.a.b[5]",
    "$.items[-4]",
    "$.a[0]", // index on an object
    "$.items.length", // key on an array
    "$.status.x", // key on a string
    "$.a.b[1].d.e", // key on null
  ])("does not find %s", (path) => {
    expect(readJsonPath(doc, path)).toEqual({ found: false });
  });

  it("does not find anything below a non-JSON body", () => {
    expect(readJsonPath("plain text", "$.status")).toEqual({ found: false });
    expect(readJsonPath(undefined, "$.status")).toEqual({ found: false });
  });

  it("accepts pre-parsed segments", () => {
    expect(readJsonPath(doc, parseJsonPath("$.a.b[0].c"))).toEqual({ found: true, value: 1 });
  });

  it("ignores inherited properties", () => {
    expect(readJsonPath({}, "$.toString")).toEqual({ found: false });
    expect(readJsonPath({}, "$.__proto__")).toEqual({ found: false });
  });
});
