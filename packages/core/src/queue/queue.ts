/**
 * The work queue the engine runs on (keiko's `Queue`, spec section 3.1): delayed, de-duplicated,
 * at-least-once delivery with leases, acks, redelivery and dead letters.
 * @module
 */
import type { Message } from "./messages.js";

/** A message handed to a worker. Until it is acked its lease keeps it from other workers. */
export interface Delivery {
  /** The queue's id for this pending message (stable across redeliveries). */
  readonly id: string;
  readonly message: Message;
  /** How many times this message has been delivered, this delivery included (1 on first delivery). */
  readonly attempts: number;
}

/** A message that exhausted its delivery attempts. */
export interface DeadLetter {
  readonly id: string;
  readonly message: Message;
  readonly attempts: number;
  /** Why it died: the last handler error, or `lease expired` attempts. */
  readonly reason: string;
  /** When it died (clock ms). */
  readonly at: number;
}

/**
 * A queue implementation. All methods may be called concurrently from several workers; an
 * implementation must pass `queueContract` from `@gennaker/core/testing`.
 */
export interface Queue {
  /**
   * Enqueue for delivery after `delayMs` (default 0). If an identical message (same fingerprint)
   * is already pending and not leased, only its delivery time is reset — no duplicate.
   */
  push(message: Message, delayMs?: number): Promise<void>;
  /** Push only if no identical message is pending or in flight. */
  ensure(message: Message, delayMs?: number): Promise<void>;
  /** If an identical message is pending, move its delivery time to now + `delayMs`; otherwise do nothing. */
  reschedule(message: Message, delayMs?: number): Promise<void>;
  /**
   * Take the next due message (earliest delivery time first), leasing it for `leaseMs`. A message
   * whose lease expires without an ack is delivered again. Returns undefined when nothing is due.
   */
  poll(leaseMs?: number): Promise<Delivery | undefined>;
  /** The handler finished: remove the message for good. */
  ack(delivery: Delivery): Promise<void>;
  /**
   * The handler failed: deliver again after `delayMs`, or, once `attempts` reached the queue's
   * maximum, move the message to the dead letters with `reason` and return true.
   */
  retry(delivery: Delivery, reason: string, delayMs?: number): Promise<boolean>;
  /** When the earliest pending (or leased) message becomes deliverable; undefined when empty. */
  nextDueAt(): Promise<number | undefined>;
  /** Messages that exhausted their attempts, oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Number of pending and in-flight messages. */
  size(): Promise<number>;
  /** Pending and in-flight messages of one execution (used by the zombie check). */
  messagesFor(executionId: string): Promise<Message[]>;
  /** Register a callback fired when a message is pushed (so idle workers wake at once). Returns an unsubscribe. */
  onPush?(listener: () => void): () => void;
}

/** Default lease: how long a delivered message is hidden from other workers before redelivery. */
export const DEFAULT_LEASE_MS = 60_000;
/** Default number of deliveries before a message becomes a dead letter. */
export const DEFAULT_MAX_ATTEMPTS = 5;
