import { describe, expect, it } from "vitest";
import { fingerprint, type Message } from "./messages.js";

/** The definition: keys sorted, each `key=JSON;`. */
function reference(message: Message): string {
  const m = message as unknown as Record<string, unknown>;
  let out = "";
  for (const k of Object.keys(m).sort()) out += `${k}=${JSON.stringify(m[k])};`;
  return out;
}

describe("fingerprint", () => {
  it("is the sorted key=JSON list, for awkward values and changing key sets of one kind too", () => {
    const values: unknown[] = ["a", "", 'q"uote', "back\\slash", "nl\n", "\u0001", "\u2028", "\ud83d\ude00", "\ud800", "é", 0, -0, 1.5, 1e21, NaN, Infinity, -Infinity, null, true, false, undefined, { a: [1, "x"] }, [1, null]];
    const keys = ["z", "a", "m", "10", "b", "stageId", "Q"];
    for (let i = 0; i < 5_000; i++) {
      const m: Record<string, unknown> = { kind: ["StartStage", "RunTask", "CompleteTask"][i % 3] };
      for (let k = 0; k < 1 + (i % keys.length); k++) m[keys[(i + k) % keys.length]!] = values[(i * 7 + k * 13) % values.length];
      expect(fingerprint(m as unknown as Message)).toBe(reference(m as unknown as Message));
    }
  });
});
