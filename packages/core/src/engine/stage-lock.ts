/**
 * The per-stage lock held while a task runs (Orca's `RunTaskHandler` lock), so two workers that
 * receive the same RunTask (a redelivery racing a slow handler) never run the task at once.
 * @module
 */

/** A lock keyed by stage id. Implementations must expire a lock after `ttlMs` (a crashed holder). */
export interface StageLock {
  /** Take the lock for `key` for up to `ttlMs`; false when someone else holds it. */
  tryAcquire(key: string, ttlMs: number): Promise<boolean>;
  /** Release a lock taken by this process. */
  release(key: string): Promise<void>;
}

/** A {@link StageLock} for one process (the default). */
export class InMemoryStageLock implements StageLock {
  readonly #held = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  async tryAcquire(key: string, ttlMs: number): Promise<boolean> {
    const until = this.#held.get(key);
    if (until !== undefined && until > this.now()) return false;
    this.#held.set(key, this.now() + ttlMs);
    return true;
  }

  async release(key: string): Promise<void> {
    this.#held.delete(key);
  }
}
