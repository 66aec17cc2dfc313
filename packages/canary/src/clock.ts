/** Injected time source for the analysis runner. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Waits `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock (`Date.now` and `setTimeout`). */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A manual clock for tests: `sleep` advances time instantly and records the waits. */
export class ManualClock implements Clock {
  private current: number;
  /** Every wait requested, in order. */
  readonly sleeps: number[] = [];

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
  }
}
