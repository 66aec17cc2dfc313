/**
 * Execution-window jitter (spec §4.4): an optional random wait after the window opens, so that many
 * pipelines released by the same window do not all start in the same second.
 * @module
 */

/** A stage's `restrictedExecutionWindow.jitter` settings (all optional, as in Spinnaker JSON). */
export interface ExecutionWindowJitter {
  /** Jitter only applies when this is `true`. */
  enabled?: boolean;
  /** Smallest delay, seconds (default 0). */
  minDelay?: number;
  /** Largest delay, seconds, inclusive; jitter is off unless this is greater than 0. */
  maxDelay?: number;
  /** When `true`, executions whose trigger type is `manual` get no jitter. */
  skipManual?: boolean;
}

/**
 * The jitter wait (the `waitForJitter` task's `waitTime`), in whole seconds.
 *
 * Orca's rule: 0 unless `enabled` is true, `maxDelay > 0`, and not (`skipManual` and
 * `triggerType === "manual"`); otherwise a uniform random integer in `[minDelay, maxDelay]`
 * inclusive, drawn from the injected `random`.
 *
 * Defensive normalisation (Orca would fail or misbehave here): `minDelay` defaults to 0 and is
 * clamped to `[0, maxDelay]`; fractional bounds are truncated towards zero; a `random` result
 * outside `[0, 1)` is clamped, so the result never leaves the bounds.
 *
 * @param jitter - the `restrictedExecutionWindow.jitter` object, if any.
 * @param triggerType - the execution's `trigger.type` (e.g. `manual`, `cron`, `git`), if known.
 * @param random - uniform source in `[0, 1)` (inject a seeded one for deterministic tests).
 * @returns seconds to wait; 0 when jitter does not apply.
 */
export function jitterDelaySeconds(
  jitter: ExecutionWindowJitter | undefined,
  triggerType: string | undefined,
  random: () => number,
): number {
  if (jitter === undefined || jitter.enabled !== true) return 0;
  const rawMax = jitter.maxDelay;
  if (typeof rawMax !== "number" || !Number.isFinite(rawMax) || !(rawMax > 0)) return 0;
  if (jitter.skipManual === true && triggerType === "manual") return 0;
  const max = Math.trunc(rawMax);
  const rawMin = typeof jitter.minDelay === "number" && Number.isFinite(jitter.minDelay) ? jitter.minDelay : 0;
  const min = Math.min(Math.max(Math.trunc(rawMin), 0), max);
  const span = max - min + 1;
  const r = random();
  const u = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1 - Number.EPSILON) : 0;
  return min + Math.min(Math.floor(u * span), span - 1);
}
