import { describe, expect, it } from "vitest";
import { fingerprint, sameMessage, type Message } from "./messages.js";

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

describe("sameMessage", () => {
  it("answers whether two messages have the same fingerprint, for awkward values and key sets", () => {
    const values: unknown[] = ["a", "b", "", 0, -0, 1, NaN, null, Infinity, true, false, undefined, { a: [1] }, { a: [1] }, { a: [2] }, [1, null], [null, 1]];
    const keys = ["stageId", "taskId", "a", "10", "user"];
    const messages: Record<string, unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      const m: Record<string, unknown> = { kind: ["StartStage", "RunTask"][i % 2] };
      for (let k = 0; k < keys.length; k++) if ((i >> k) % 3 !== 0) m[keys[(i + k) % keys.length]!] = values[(i * 5 + k * 3) % values.length];
      messages.push(m);
      messages.push({ ...m }); // a twin
      if (i % 7 === 0) messages.push(Object.fromEntries(Object.entries(m).reverse())); // the same, keys in another order
    }
    let same = 0;
    for (let i = 0; i < messages.length; i += 3) {
      for (let j = 0; j < messages.length; j += 5) {
        const a = messages[i] as unknown as Message;
        const b = messages[j] as unknown as Message;
        const expected = fingerprint(a) === fingerprint(b);
        expect(sameMessage(a, b), `${fingerprint(a)} vs ${fingerprint(b)}`).toBe(expected);
        if (expected) same++;
      }
    }
    expect(same).toBeGreaterThan(50); // both answers were met often
  });
});
