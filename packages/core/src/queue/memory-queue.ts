/**
 * The in-memory {@link Queue}: delayed delivery, de-duplication of identical pending messages,
 * leases, redelivery after lease expiry and dead letters, all on an injected clock.
 * @module
 */
import { systemClock, type Clock } from "../time/clock.js";
import { fingerprint, messageExecutionId, type Message } from "./messages.js";
import { IndexedHeap } from "./min-heap.js";
import { DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, type DeadLetter, type Delivery, type Queue } from "./queue.js";

/**
 * A message the queue holds (pending or leased), until acked, dead or dropped for a twin.
 *
 * Identical messages (same {@link fingerprint}) are found without making fingerprints: a *flat*
 * message (every value a string, number, boolean, null or undefined, and no key with `=` or `;`)
 * has the fingerprint of another flat message exactly when both have the same keys with the same
 * JSON values (a flat fingerprint reads back into its keys and values in only one way), and two
 * such messages have the same {@link bucketKey}. Other messages are compared by fingerprint, with
 * every entry (they never occur in the engine; see `#twin`).
 */
class Entry {
  /** The `(at, seq)` key and place of {@link IndexedHeap}. */
  at = 0;
  seq = 0;
  pos = -1;
  attempts = 0;
  leased = false;
  /** Pending (not leased): at most one entry of a fingerprint is. */
  pending = true;
  /** The next entry of its bucket. */
  next: Entry | undefined = undefined;
  /** `m<n>`, made when first needed. */
  #id: string | undefined = undefined;
  /** The fingerprint, made when first needed (only to compare with messages that are not flat). */
  #fp: string | undefined = undefined;

  constructor(
    readonly n: number,
    /** The queue's own copy. */
    readonly message: Message,
    /** Number of keys when flat, -1 when not. */
    readonly keys: number,
    readonly bucket: string,
  ) {}

  get id(): string {
    return (this.#id ??= `m${this.n}`);
  }

  get fp(): string {
    return (this.#fp ??= fingerprint(this.message));
  }
}

/** Keys checked to hold neither `=` nor `;` (bounded: a key seen after it is full is checked again). */
const plainKeys = new Set<string>();

function isPlainKey(k: string): boolean {
  if (plainKeys.has(k)) return true;
  if (k.includes("=") || k.includes(";")) return false;
  if (plainKeys.size < 1024) plainKeys.add(k);
  return true;
}

/** Number of keys of a copied message when it is flat (see {@link Entry}), else -1. */
function flatKeys(copy: Record<string, unknown>): number {
  let n = 0;
  for (const k in copy) {
    if (!Object.hasOwn(copy, k)) continue;
    const v = copy[k];
    const t = typeof v;
    if (!(t === "string" || t === "number" || t === "boolean" || v === null || v === undefined) || !isPlainKey(k)) return -1;
    n++;
  }
  return n;
}

/**
 * Where a flat message's twins are: the first string among its `stageId`, `executionId`,
 * `pipelineConfigId` and `kind` (twins have the same values, so the same one is first).
 */
function bucketKey(m: Record<string, unknown>): string {
  const s = m["stageId"];
  if (typeof s === "string") return s;
  const e = m["executionId"];
  if (typeof e === "string") return e;
  const p = m["pipelineConfigId"];
  if (typeof p === "string") return p;
  const k = m["kind"];
  return typeof k === "string" ? k : "";
}

/** Values a fingerprint writes as `null`. */
function jsonNull(v: unknown): boolean {
  return v === null || (typeof v === "number" && !Number.isFinite(v));
}

/** Whether two flat copies have the same fingerprint: the same keys, each with the same JSON value. */
function sameFlat(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) {
    if (!Object.hasOwn(a, k)) continue;
    if (!Object.hasOwn(b, k)) return false;
    const u = a[k];
    const v = b[k];
    if (u !== v && !(jsonNull(u) && jsonNull(v))) return false;
  }
  return true;
}

/** Options of {@link InMemoryQueue}. */
export interface InMemoryQueueOptions {
  clock?: Clock;
  /** Deliveries before a message becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** Lease of a polled message when `poll` is not given one (default 60 s). */
  leaseMs?: number;
}

const done: Promise<void> = Promise.resolve();

/** A {@link Queue} held in process memory. Passes `queueContract`. */
export class InMemoryQueue implements Queue {
  readonly #clock: Clock;
  readonly #maxAttempts: number;
  readonly #leaseMs: number;
  /** Live entries by number. */
  readonly #entries = new Map<number, Entry>();
  /** Flat live entries by {@link bucketKey}, chained through `next`. */
  readonly #buckets = new Map<string, Entry>();
  /** Live entries that are not flat. */
  readonly #odd = new Set<Entry>();
  /** Every live entry once: pending at its due time, leased at its lease's end. */
  readonly #heap = new IndexedHeap<Entry>();
  readonly #dead: DeadLetter[] = [];
  readonly #listeners = new Set<() => void>();
  #seq = 0;

  constructor(options: InMemoryQueueOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** Array slots the queue's schedule uses (for tests: bounded by the live messages). @internal */
  get scheduleFootprint(): number {
    return this.#heap.footprint;
  }

  #schedule(entry: Entry, at: number, now: number): void {
    this.#heap.remove(entry);
    entry.at = at;
    entry.seq = this.#seq++;
    this.#heap.push(entry, at === now);
  }

  /**
   * A live entry with the fingerprint of `copy` (flat with `keys` keys, in `bucket`; or not flat,
   * `keys` -1), other than `self`; only a pending one when `pending`.
   */
  #twin(copy: Message, keys: number, bucket: string, pending: boolean, self?: Entry): Entry | undefined {
    if (keys >= 0) {
      for (let e = this.#buckets.get(bucket); e !== undefined; e = e.next) {
        if (e === self || (pending && !e.pending) || e.keys !== keys) continue;
        if (sameFlat(e.message as unknown as Record<string, unknown>, copy as unknown as Record<string, unknown>)) return e;
      }
      if (this.#odd.size === 0) return undefined;
      const fp = self !== undefined ? self.fp : fingerprint(copy);
      for (const e of this.#odd) if (e !== self && (!pending || e.pending) && e.fp === fp) return e;
      return undefined;
    }
    const fp = self !== undefined ? self.fp : fingerprint(copy);
    for (const e of this.#entries.values()) if (e !== self && (!pending || e.pending) && e.fp === fp) return e;
    return undefined;
  }

  push(message: Message, delayMs = 0): Promise<void> {
    try {
      this.#push({ ...message }, delayMs);
      return done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Push the queue's own copy of a message. */
  #push(copy: Message, delayMs: number, known?: { keys: number; bucket: string }): void {
    const keys = known !== undefined ? known.keys : flatKeys(copy as unknown as Record<string, unknown>);
    const bucket = known !== undefined ? known.bucket : keys >= 0 ? bucketKey(copy as unknown as Record<string, unknown>) : "";
    const now = this.#clock.now();
    const at = now + Math.max(0, delayMs);
    const existing = this.#twin(copy, keys, bucket, true);
    if (existing !== undefined) {
      this.#schedule(existing, at, now);
    } else {
      const entry = new Entry(this.#seq, copy, keys, bucket);
      this.#entries.set(entry.n, entry);
      if (keys >= 0) {
        entry.next = this.#buckets.get(bucket);
        this.#buckets.set(bucket, entry);
      } else {
        this.#odd.add(entry);
      }
      this.#schedule(entry, at, now);
    }
    if (this.#listeners.size > 0) for (const l of this.#listeners) l();
  }

  ensure(message: Message, delayMs = 0): Promise<void> {
    try {
      const copy = { ...message };
      const keys = flatKeys(copy as unknown as Record<string, unknown>);
      const bucket = keys >= 0 ? bucketKey(copy as unknown as Record<string, unknown>) : "";
      if (this.#twin(copy, keys, bucket, false) === undefined) this.#push(copy, delayMs, { keys, bucket });
      return done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  reschedule(message: Message, delayMs = 0): Promise<void> {
    try {
      const copy = { ...message };
      const keys = flatKeys(copy as unknown as Record<string, unknown>);
      const existing = this.#twin(copy, keys, keys >= 0 ? bucketKey(copy as unknown as Record<string, unknown>) : "", true);
      if (existing !== undefined) {
        const now = this.#clock.now();
        this.#schedule(existing, now + Math.max(0, delayMs), now);
        if (this.#listeners.size > 0) for (const l of this.#listeners) l();
      }
      return done;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async poll(leaseMs = this.#leaseMs): Promise<Delivery | undefined> {
    const now = this.#clock.now();
    for (;;) {
      const e = this.#heap.peek();
      if (e === undefined || e.at > now) return undefined;
      if (e.leased) {
        // lease expired without an ack: count it as a failed delivery
        if (e.attempts >= this.#maxAttempts) {
          this.#kill(e, `lease expired ${e.attempts} times`);
          continue;
        }
      } else {
        e.pending = false;
      }
      e.leased = true;
      e.attempts++;
      this.#schedule(e, now + leaseMs, now);
      return { id: e.id, message: { ...e.message }, attempts: e.attempts };
    }
  }

  /** The live entry a delivery's id names. */
  #entryOf(id: string): Entry | undefined {
    // ids are `m<n>`: read n without making a string, then check the entry's id is this one
    if (typeof id !== "string" || id.length < 2 || id.length > 17 || id.charCodeAt(0) !== 109) return undefined;
    let n = 0;
    for (let i = 1; i < id.length; i++) {
      const c = id.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      n = n * 10 + c;
    }
    const e = this.#entries.get(n);
    return e !== undefined && e.id === id ? e : undefined;
  }

  ack(delivery: Delivery): Promise<void> {
    const e = this.#entryOf(delivery.id);
    if (e !== undefined) this.#drop(e);
    return done;
  }

  /** Forget an entry (acked, dead, or stood for by an identical one). */
  #drop(e: Entry): void {
    this.#entries.delete(e.n);
    this.#heap.remove(e);
    e.pending = false;
    if (e.keys < 0) {
      this.#odd.delete(e);
      return;
    }
    const first = this.#buckets.get(e.bucket);
    if (first === e) {
      if (e.next === undefined) this.#buckets.delete(e.bucket);
      else this.#buckets.set(e.bucket, e.next);
    } else {
      let p = first;
      while (p !== undefined && p.next !== e) p = p.next;
      if (p !== undefined) p.next = e.next;
    }
    e.next = undefined;
  }

  async retry(delivery: Delivery, reason: string, delayMs = 0): Promise<boolean> {
    const e = this.#entryOf(delivery.id);
    // gone, or re-delivered to someone else since this delivery's lease expired: not ours to retry
    if (!e || !e.leased || e.attempts !== delivery.attempts) return false;
    if (e.attempts >= this.#maxAttempts) {
      this.#kill(e, reason);
      return true;
    }
    e.leased = false;
    if (this.#twin(e.message, e.keys, e.bucket, true, e) !== undefined) {
      // an identical message was pushed meanwhile: it stands for this one
      this.#drop(e);
      return false;
    }
    e.pending = true;
    const now = this.#clock.now();
    this.#schedule(e, now + Math.max(0, delayMs), now);
    return false;
  }

  #kill(e: Entry, reason: string): void {
    this.#drop(e);
    this.#dead.push({ id: e.id, message: e.message, attempts: e.attempts, reason, at: this.#clock.now() });
  }

  async nextDueAt(): Promise<number | undefined> {
    return this.#heap.peek()?.at;
  }

  async deadLetters(): Promise<DeadLetter[]> {
    return this.#dead.map((d) => ({ ...d, message: { ...d.message } }));
  }

  async size(): Promise<number> {
    return this.#entries.size;
  }

  async messagesFor(executionId: string): Promise<Message[]> {
    const out: Message[] = [];
    for (const e of this.#entries.values()) if (messageExecutionId(e.message) === executionId) out.push({ ...e.message });
    return out;
  }

  onPush(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}
