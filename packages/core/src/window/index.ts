/**
 * Execution windows and jitter (spec §4.4): pure, clock-free helpers used by the
 * `restrictExecutionDuringTimeWindow` stage.
 * @module
 */

/**
 * Compute when a window-restricted stage may start: `now` if inside an allowed window, else the
 * true next opening (DST-correct, per-window IANA zone falling back to the engine default).
 */
export { nextWindowStart } from "./schedule.js";

/** Typed error (`code` `EXECUTION_WINDOW_INVALID`) for unusable window configs and unknown zones. */
export { ExecutionWindowError } from "./schedule.js";

/** A stage's `restrictedExecutionWindow`: whitelist of local time ranges, Java-numbered days, timezone. */
export type { ExecutionWindow } from "./schedule.js";

/** One allowed local time-of-day range (end minute inclusive). */
export type { TimeOfDayRange } from "./schedule.js";

/** Seconds of random jitter to wait after the window opens (Orca's `waitForJitter` rule). */
export { jitterDelaySeconds } from "./jitter.js";

/** A stage's `restrictedExecutionWindow.jitter` settings. */
export type { ExecutionWindowJitter } from "./jitter.js";
