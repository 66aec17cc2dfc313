/**
 * A binary min-heap ordered by `(at, seq)`.
 * @module
 */

/** A key of {@link IndexedHeap}. */
export interface HeapItem {
  at: number;
  seq: number;
}

/**
 * An item of {@link IndexedHeap}: its key `(at, seq)` and where the heap holds it, which only the
 * heap writes (-1 when not held; start items at -1).
 */
export interface IndexedItem extends HeapItem {
  pos: number;
}

/**
 * A min-heap on `(at, seq)` whose items know where they are held, so an item can be removed (or
 * moved, by removing and adding it again) without leaving a stale copy behind: the heap holds
 * each item at most once and never more than it was given. Items that are added in `(at, seq)`
 * order (messages due now, on a clock that does not go back) go to a first-in-first-out lane
 * instead of being sifted through the binary heap; they come out in the same order as from one
 * heap, the least of the heap's top and the lane's head.
 *
 * An item's `pos` is its index in the binary heap (>= 0), or `-2 - n` for place `n` of the lane
 * (counted from the lane's first item ever, so places stay put when the lane's front is cut), or
 * -1 when the heap does not hold it. An item's key must not change while the heap holds it.
 */
export class IndexedHeap<T extends IndexedItem> {
  #heap: T[] = [];
  /** The lane; removed items leave `null` holes behind. */
  #lane: (T | null)[] = [];
  /** Index in `#lane` of its first item not yet taken. */
  #head = 0;
  /** Lane place of `#lane[0]`. */
  #base = 0;
  /** Items held in the lane. */
  #laneSize = 0;
  /** Key of the last item added to the lane (every item in the lane is at most this). */
  #tailAt = 0;
  #tailSeq = 0;

  /** Number of items held. */
  get size(): number {
    return this.#heap.length + this.#laneSize;
  }

  /** Number of array slots in use (items, holes and the lane's taken front): at most 4 x {@link size} + 4096. */
  get footprint(): number {
    return this.#heap.length + this.#lane.length;
  }

  /** Add an item the heap does not hold; `inOrder`: it may go to the lane (it is due now). */
  push(item: T, inOrder: boolean): void {
    if (inOrder && (this.#laneSize === 0 || item.at > this.#tailAt || (item.at === this.#tailAt && item.seq > this.#tailSeq))) {
      if (this.#laneSize === 0 && this.#lane.length > 0) this.#resetLane();
      item.pos = -2 - (this.#base + this.#lane.length);
      this.#lane.push(item);
      this.#laneSize++;
      this.#tailAt = item.at;
      this.#tailSeq = item.seq;
      return;
    }
    const a = this.#heap;
    a.push(item);
    siftUpIndexed(a, a.length - 1, item);
  }

  /** The least item, or undefined when empty. */
  peek(): T | undefined {
    const h = this.#heap.length > 0 ? this.#heap[0] : undefined;
    if (this.#laneSize === 0) return h;
    const l = this.#laneHead();
    if (h === undefined || l.at < h.at || (l.at === h.at && l.seq < h.seq)) return l;
    return h;
  }

  /** Remove and return the least item, or undefined when empty. */
  pop(): T | undefined {
    const top = this.peek();
    if (top !== undefined) this.remove(top);
    return top;
  }

  /** Remove an item if the heap holds it. */
  remove(item: T): void {
    const pos = item.pos;
    if (pos >= 0) {
      const a = this.#heap;
      const last = a.pop()!;
      if (pos < a.length) {
        a[pos] = last;
        last.pos = pos;
        if (pos > 0 && lessIndexed(last, a[(pos - 1) >> 1]!)) siftUpIndexed(a, pos, last);
        else siftDownIndexed(a, pos, last);
      }
      item.pos = -1;
    } else if (pos <= -2) {
      const i = -2 - pos - this.#base;
      this.#lane[i] = null;
      item.pos = -1;
      this.#laneSize--;
      if (this.#laneSize === 0) this.#resetLane();
      else if (i === this.#head) this.#laneHead();
      else if (this.#lane.length - this.#head > 2 * this.#laneSize + 1024) this.#packLane();
    }
  }

  /** The lane's first item (the lane holds one), skipping holes and cutting the front it passed. */
  #laneHead(): T {
    const lane = this.#lane;
    let i = this.#head;
    while (lane[i] === null) i++;
    if (i !== this.#head) {
      this.#head = i;
      if (i >= 1024 && i * 2 >= lane.length) {
        this.#lane = lane.slice(i);
        this.#base += i;
        this.#head = 0;
      }
    }
    return this.#lane[this.#head]!;
  }

  #resetLane(): void {
    this.#base += this.#lane.length;
    this.#lane = [];
    this.#head = 0;
  }

  /** Drop the lane's holes (when they outnumber its items), renumbering what is left. */
  #packLane(): void {
    const packed: T[] = [];
    const lane = this.#lane;
    this.#base += lane.length;
    for (let i = this.#head; i < lane.length; i++) {
      const item = lane[i];
      if (item === null || item === undefined) continue;
      item.pos = -2 - (this.#base + packed.length);
      packed.push(item);
    }
    this.#lane = packed;
    this.#head = 0;
  }
}

function lessIndexed(x: HeapItem, y: HeapItem): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

function siftUpIndexed<T extends IndexedItem>(a: T[], from: number, item: T): void {
  let i = from;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const parent = a[p]!;
    if (!lessIndexed(item, parent)) break;
    a[i] = parent;
    parent.pos = i;
    i = p;
  }
  a[i] = item;
  item.pos = i;
}

function siftDownIndexed<T extends IndexedItem>(a: T[], from: number, item: T): void {
  const n = a.length;
  let i = from;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    let c = l;
    let child = a[l]!;
    if (r < n && lessIndexed(a[r]!, child)) {
      c = r;
      child = a[r]!;
    }
    if (!lessIndexed(child, item)) break;
    a[i] = child;
    child.pos = i;
    i = c;
  }
  a[i] = item;
  item.pos = i;
}
