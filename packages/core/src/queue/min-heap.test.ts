import { describe, expect, it } from "vitest";
import { IndexedHeap } from "./min-heap.js";

interface Item {
  at: number;
  seq: number;
  pos: number;
}

/** A small deterministic random source (the test must not depend on luck). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const byKey = (x: Item, y: Item) => x.at - y.at || x.seq - y.seq;

describe("IndexedHeap", () => {
  it("holds, removes and moves items exactly like a sorted list, whatever goes to the lane", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const r = random(seed);
      const heap = new IndexedHeap<Item>();
      const items: Item[] = Array.from({ length: 60 }, () => ({ at: 0, seq: 0, pos: -1 }));
      const held = new Set<Item>();
      const least = () => [...held].sort(byKey)[0];
      let seq = 0;
      let now = 0;
      let wrong = 0;
      for (let step = 0; step < 2_000; step++) {
        const x = r();
        const item = items[Math.floor(r() * items.length)]!;
        if (x < 0.45) {
          // add (or move: remove and add again) an item, due now (sometimes on a clock that went back) or later
          if (item.pos !== -1) heap.remove(item);
          if (r() < 0.05) now -= Math.floor(r() * 5);
          else now += Math.floor(r() * 3);
          const later = r() < 0.3;
          item.at = later ? now + Math.floor(r() * 100) : now;
          item.seq = seq++;
          heap.push(item, !later);
          held.add(item);
        } else if (x < 0.7) {
          const expected = least();
          if (heap.peek() !== expected) wrong++;
          const top = heap.pop();
          if (top !== expected || (top !== undefined && top.pos !== -1)) wrong++;
          if (top) held.delete(top);
        } else {
          heap.remove(item);
          if (item.pos !== -1) wrong++;
          held.delete(item);
        }
        if (heap.size !== held.size) wrong++;
        for (const i of items) if ((i.pos !== -1) !== held.has(i)) wrong++;
      }
      expect(wrong).toBe(0);
      const rest = [...held].sort(byKey);
      for (const i of rest) expect(heap.pop()).toBe(i);
      expect(heap.pop()).toBeUndefined();
      expect(heap.size).toBe(0);
    }
  });

  it("keeps its footprint bounded when lane items are removed or moved again and again", () => {
    const heap = new IndexedHeap<Item>();
    const items: Item[] = Array.from({ length: 10 }, () => ({ at: 0, seq: 0, pos: -1 }));
    let seq = 0;
    for (let round = 0; round < 20_000; round++) {
      // the same few items, all due now, moved to the back of the lane over and over
      const item = items[round % items.length]!;
      heap.remove(item);
      item.seq = seq++;
      heap.push(item, true);
      if (heap.footprint > 4 * heap.size + 4096) throw new Error(`footprint ${heap.footprint} for ${heap.size} items`);
    }
    // a removed item in the middle of a long lane leaves a hole that is skipped
    const long: Item[] = Array.from({ length: 3_000 }, () => ({ at: 0, seq: seq++, pos: -1 }));
    for (const item of long) heap.push(item, true);
    for (let i = 0; i < long.length; i += 2) heap.remove(long[i]!);
    expect(heap.footprint).toBeLessThanOrEqual(4 * heap.size + 4096);
    const out: Item[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
    expect(out).toEqual([...items].sort(byKey).concat(long.filter((_, i) => i % 2 === 1)));
  });
});
