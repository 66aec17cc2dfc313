/**
 * A binary min-heap ordered by `(at, seq)`.
 * @module
 */

/** An item of {@link MinHeap}. */
export interface HeapItem {
  at: number;
  seq: number;
}

/** A binary min-heap on `(at, seq)`: earliest first, ties in insertion order. */
export class MinHeap<T extends HeapItem> {
  #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const a = this.#items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  /** Keep only the items `keep` accepts (they still come out in `(at, seq)` order). O(n). */
  retain(keep: (item: T) => boolean): void {
    const a = this.#items.filter(keep);
    this.#items = a;
    for (let i = (a.length >> 1) - 1; i >= 0; i--) siftDown(a, i);
  }

  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      siftDown(a, 0);
    }
    return top;
  }
}

function siftDown(a: HeapItem[], from: number): void {
  let i = from;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < a.length && less(a[l]!, a[m]!)) m = l;
    if (r < a.length && less(a[r]!, a[m]!)) m = r;
    if (m === i) break;
    [a[i], a[m]] = [a[m]!, a[i]!];
    i = m;
  }
}

function less(x: HeapItem, y: HeapItem): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

/**
 * A {@link MinHeap} with a first-in-first-out lane: items that are added in `(at, seq)` order
 * (messages due now, on a clock that does not go back) are appended to a list instead of sifted
 * through the heap. Items come out in the same order as from one heap: the least of the heap's
 * top and the lane's head.
 */
export class LanedHeap<T extends HeapItem> {
  readonly #heap = new MinHeap<T>();
  #lane: T[] = [];
  #head = 0;

  get size(): number {
    return this.#heap.size + this.#lane.length - this.#head;
  }

  /** Add an item; `inOrder`: it may go to the lane (it is due now). */
  push(item: T, inOrder: boolean): void {
    const lane = this.#lane;
    if (inOrder && (lane.length === this.#head || !less(item, lane[lane.length - 1]!))) lane.push(item);
    else this.#heap.push(item);
  }

  peek(): T | undefined {
    const h = this.#heap.peek();
    const l = this.#head < this.#lane.length ? this.#lane[this.#head] : undefined;
    if (h === undefined) return l;
    if (l === undefined) return h;
    return less(l, h) ? l : h;
  }

  pop(): T | undefined {
    const h = this.#heap.peek();
    const l = this.#head < this.#lane.length ? this.#lane[this.#head] : undefined;
    if (l !== undefined && (h === undefined || less(l, h))) {
      this.#lane[this.#head] = undefined as unknown as T;
      this.#head++;
      if (this.#head === this.#lane.length) {
        this.#lane = [];
        this.#head = 0;
      } else if (this.#head >= 1024 && this.#head * 2 >= this.#lane.length) {
        this.#lane = this.#lane.slice(this.#head);
        this.#head = 0;
      }
      return l;
    }
    return this.#heap.pop();
  }

  /** Keep only the items `keep` accepts. O(n). */
  retain(keep: (item: T) => boolean): void {
    this.#heap.retain(keep);
    this.#lane = this.#lane.slice(this.#head).filter(keep);
    this.#head = 0;
  }
}
