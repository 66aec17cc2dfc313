/**
 * The in-memory {@link Queue}: delayed delivery, de-duplication of identical pending messages,
 * leases, redelivery after lease expiry and dead letters, all on an injected clock.
 * @module
 */
import { systemClock, type Clock } from "../time/clock.js";
import { fingerprint, messageExecutionId, type Message } from "./messages.js";
import { LanedHeap } from "./min-heap.js";
import { DEFAULT_LEASE_MS, DEFAULT_MAX_ATTEMPTS, type DeadLetter, type Delivery, type Queue } from "./queue.js";

interface Entry {
  id: string;
  message: Message;
  fp: string;
  dueAt: number;
  attempts: number;
  leased: boolean;
  /** Incremented whenever `dueAt` changes, so stale heap items are skipped. */
  rev: number;
  /** In `#entries` (not acked, dead or dropped). */
  live: boolean;
  /** The pending entry of its fingerprint in `#pendingByFp`. */
  pending: boolean;
}

interface Slot {
  at: number;
  seq: number;
  entry: Entry;
  rev: number;
}

/** Options of {@link InMemoryQueue}. */
export interface InMemoryQueueOptions {
  clock?: Clock;
  /** Deliveries before a message becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** Lease of a polled message when `poll` is not given one (default 60 s). */
  leaseMs?: number;
}

/** A {@link Queue} held in process memory. Passes `queueContract`. */
export class InMemoryQueue implements Queue {
  readonly #clock: Clock;
  readonly #maxAttempts: number;
  readonly #leaseMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #pendingByFp = new Map<string, Entry>();
  readonly #heap = new LanedHeap<Slot>();
  readonly #dead: DeadLetter[] = [];
  readonly #listeners = new Set<() => void>();
  #seq = 0;

  constructor(options: InMemoryQueueOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  #schedule(entry: Entry, at: number, now: number): void {
    entry.dueAt = at;
    entry.rev++;
    this.#heap.push({ at, seq: this.#seq++, entry, rev: entry.rev }, at === now);
    // Every live entry has one current slot; the rest are stale (rescheduled, leased, acked) and
    // are skipped when they surface. Leases of acked messages surface only when the clock reaches
    // them, so without this a long run on a virtual clock kept every handled message.
    if (this.#heap.size > 2 * this.#entries.size + 1024) {
      this.#heap.retain((slot) => slot.rev === slot.entry.rev && slot.entry.live);
    }
  }

  async push(message: Message, delayMs = 0): Promise<void> {
    this.#push(message, delayMs);
  }

  #push(message: Message, delayMs: number): void {
    const fp = fingerprint(message);
    const now = this.#clock.now();
    const at = now + Math.max(0, delayMs);
    const existing = this.#pendingByFp.get(fp);
    if (existing) {
      this.#schedule(existing, at, now);
    } else {
      const entry: Entry = { id: `m${this.#seq}`, message: { ...message }, fp, dueAt: at, attempts: 0, leased: false, rev: 0, live: true, pending: true };
      this.#entries.set(entry.id, entry);
      this.#pendingByFp.set(fp, entry);
      this.#schedule(entry, at, now);
    }
    for (const l of this.#listeners) l();
  }

  async ensure(message: Message, delayMs = 0): Promise<void> {
    const fp = fingerprint(message);
    for (const e of this.#entries.values()) if (e.fp === fp) return;
    this.#push(message, delayMs);
  }

  async reschedule(message: Message, delayMs = 0): Promise<void> {
    const existing = this.#pendingByFp.get(fingerprint(message));
    if (existing) {
      const now = this.#clock.now();
      this.#schedule(existing, now + Math.max(0, delayMs), now);
      for (const l of this.#listeners) l();
    }
  }

  async poll(leaseMs = this.#leaseMs): Promise<Delivery | undefined> {
    const now = this.#clock.now();
    for (;;) {
      const top = this.#heap.peek();
      if (!top || top.at > now) return undefined;
      this.#heap.pop();
      const e = top.entry;
      if (top.rev !== e.rev || !e.live) continue;
      if (e.leased) {
        // lease expired without an ack: count it as a failed delivery
        if (e.attempts >= this.#maxAttempts) {
          this.#kill(e, `lease expired ${e.attempts} times`);
          continue;
        }
      } else if (e.pending) {
        this.#pendingByFp.delete(e.fp);
        e.pending = false;
      }
      e.leased = true;
      e.attempts++;
      this.#schedule(e, now + leaseMs, now);
      return { id: e.id, message: { ...e.message }, attempts: e.attempts };
    }
  }

  async ack(delivery: Delivery): Promise<void> {
    const e = this.#entries.get(delivery.id);
    if (!e) return;
    this.#drop(e);
  }

  /** Forget an entry (acked, dead, or stood for by an identical one). */
  #drop(e: Entry): void {
    this.#entries.delete(e.id);
    e.live = false;
    if (e.pending) {
      this.#pendingByFp.delete(e.fp);
      e.pending = false;
    }
    e.rev++;
  }

  async retry(delivery: Delivery, reason: string, delayMs = 0): Promise<boolean> {
    const e = this.#entries.get(delivery.id);
    // gone, or re-delivered to someone else since this delivery's lease expired: not ours to retry
    if (!e || !e.leased || e.attempts !== delivery.attempts) return false;
    if (e.attempts >= this.#maxAttempts) {
      this.#kill(e, reason);
      return true;
    }
    e.leased = false;
    const twin = this.#pendingByFp.get(e.fp);
    if (twin) {
      // an identical message was pushed meanwhile: it stands for this one
      this.#drop(e);
      return false;
    }
    this.#pendingByFp.set(e.fp, e);
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
    for (;;) {
      const top = this.#heap.peek();
      if (!top) return undefined;
      if (top.rev === top.entry.rev && top.entry.live) return top.at;
      this.#heap.pop();
    }
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
