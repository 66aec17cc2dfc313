/**
 * Time, injected (spec preface decision 5): nothing in the engine reads `Date.now()` or calls
 * `setTimeout` directly. Production uses {@link systemClock}; tests use {@link VirtualClock}.
 * @module
 */

/** A cancellable timer handle. */
export interface Timer {
  cancel(): void;
}

/** The engine's source of time and timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Call `callback` once after `delayMs`. */
  setTimer(callback: () => void, delayMs: number): Timer;
}

/** The real clock: `Date.now()` and `setTimeout` (unref'd, so it never keeps a process alive alone). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const t = setTimeout(callback, Math.max(0, delayMs));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  callback: () => void;
  canceled: boolean;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order; timers
 * scheduled by a firing timer fire too if they fall inside the advanced span.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: PendingTimer[] = [];

  /** @param start initial time (epoch ms); default 2026-01-01T00:00:00Z. */
  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): Timer {
    const timer: PendingTimer = { at: this.#now + Math.max(0, delayMs), seq: this.#seq++, callback, canceled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.canceled = true) };
  }

  /** Time of the next timer, if any. */
  nextTimerAt(): number | undefined {
    let min: number | undefined;
    for (const t of this.#timers) if (!t.canceled && (min === undefined || t.at < min)) min = t.at;
    return min;
  }

  /** Move time to `at` (never backwards) without firing timers. */
  set(at: number): void {
    if (at > this.#now) this.#now = at;
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.#now + Math.max(0, ms);
    for (;;) {
      this.#timers = this.#timers.filter((t) => !t.canceled);
      let next: PendingTimer | undefined;
      for (const t of this.#timers) if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.#timers.splice(this.#timers.indexOf(next), 1);
      this.set(next.at);
      next.callback();
    }
    this.set(target);
  }
}
