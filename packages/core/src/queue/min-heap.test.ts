import { describe, expect, it } from "vitest";
import { LanedHeap, MinHeap } from "./min-heap.js";

interface Item {
  at: number;
  seq: number;
}

/** A small deterministic random source (the test must not depend on luck). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("LanedHeap", () => {
  it("pops in (at, seq) order exactly like one heap, whatever goes to the lane", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = random(seed);
      const laned = new LanedHeap<Item>();
      const plain = new MinHeap<Item>();
      let seq = 0;
      let now = 0;
      for (let step = 0; step < 2_000; step++) {
        const x = r();
        if (x < 0.5) {
          // due now (sometimes on a clock that went back), or later
          if (r() < 0.05) now -= Math.floor(r() * 5);
          else now += Math.floor(r() * 3);
          const later = r() < 0.3;
          const item = { at: later ? now + Math.floor(r() * 100) : now, seq: seq++ };
          laned.push(item, !later);
          plain.push(item);
        } else if (x < 0.95) {
          expect(laned.peek()).toBe(plain.peek());
          expect(laned.pop()).toBe(plain.pop());
        } else {
          const keep = (item: Item) => item.seq % 3 !== 0;
          laned.retain(keep);
          plain.retain(keep);
        }
        expect(laned.size).toBe(plain.size);
      }
      while (plain.size > 0) expect(laned.pop()).toBe(plain.pop());
      expect(laned.pop()).toBeUndefined();
    }
  });
});
