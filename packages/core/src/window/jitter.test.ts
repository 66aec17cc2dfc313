import { describe, expect, it } from "vitest";
import { jitterDelaySeconds } from "./jitter.js";

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const never = (): number => {
  throw new Error("random must not be consulted when jitter does not apply");
};

describe("jitterDelaySeconds", () => {
  const on = { enabled: true, minDelay: 10, maxDelay: 20 };

  it("is 0 without config, when disabled, or when maxDelay is not positive", () => {
    expect(jitterDelaySeconds(undefined, "cron", never)).toBe(0);
    expect(jitterDelaySeconds({}, "cron", never)).toBe(0);
    expect(jitterDelaySeconds({ ...on, enabled: false }, "cron", never)).toBe(0);
    expect(jitterDelaySeconds({ minDelay: 10, maxDelay: 20 }, "cron", never)).toBe(0);
    expect(jitterDelaySeconds({ enabled: true, maxDelay: 0 }, "cron", never)).toBe(0);
    expect(jitterDelaySeconds({ enabled: true, minDelay: 5 }, "cron", never)).toBe(0);
    expect(jitterDelaySeconds({ enabled: true, maxDelay: -3 }, "cron", never)).toBe(0);
  });

  it("skipManual skips only manual triggers", () => {
    const skip = { ...on, skipManual: true };
    expect(jitterDelaySeconds(skip, "manual", never)).toBe(0);
    expect(jitterDelaySeconds(skip, "cron", () => 0)).toBe(10);
    expect(jitterDelaySeconds(skip, undefined, () => 0)).toBe(10);
    expect(jitterDelaySeconds(on, "manual", () => 0)).toBe(10);
  });

  it("maps random into [minDelay, maxDelay] inclusive", () => {
    expect(jitterDelaySeconds(on, "cron", () => 0)).toBe(10);
    expect(jitterDelaySeconds(on, "cron", () => 0.999999)).toBe(20);
    expect(jitterDelaySeconds(on, "cron", () => 0.5)).toBe(15); // 10 + floor(0.5 * 11)
    expect(jitterDelaySeconds({ enabled: true, maxDelay: 3 }, "cron", () => 0.9)).toBe(3); // minDelay defaults to 0
    expect(jitterDelaySeconds({ enabled: true, minDelay: 7, maxDelay: 7 }, "cron", () => 0.42)).toBe(7);
  });

  it("covers every integer in the range uniformly and never leaves it", () => {
    const rnd = lcg(42);
    const counts = new Map<number, number>();
    for (let i = 0; i < 11_000; i++) {
      const d = jitterDelaySeconds(on, "git", rnd);
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(10);
      expect(d).toBeLessThanOrEqual(20);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(800); // expected 1,000 each
  });

  it("is deterministic for a given random source", () => {
    const draw = (seed: number): number[] => {
      const r = lcg(seed);
      return Array.from({ length: 20 }, () => jitterDelaySeconds(on, "cron", r));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("normalises odd bounds and out-of-contract random values", () => {
    // minDelay above maxDelay is clamped down to maxDelay; negative minDelay to 0.
    expect(jitterDelaySeconds({ enabled: true, minDelay: 30, maxDelay: 20 }, "cron", () => 0.5)).toBe(20);
    expect(jitterDelaySeconds({ enabled: true, minDelay: -5, maxDelay: 2 }, "cron", () => 0)).toBe(0);
    expect(jitterDelaySeconds({ enabled: true, minDelay: 1.7, maxDelay: 2.9 }, "cron", () => 0.99)).toBe(2);
    expect(jitterDelaySeconds(on, "cron", () => 1)).toBe(20);
    expect(jitterDelaySeconds(on, "cron", () => -0.5)).toBe(10);
    expect(jitterDelaySeconds(on, "cron", () => Number.NaN)).toBe(10);
  });
});
