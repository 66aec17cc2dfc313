/**
 * Execution windows (spec §4.4, preface decision 2): when may a stage with
 * `restrictExecutionDuringTimeWindow: true` start?
 *
 * Pure and clock-free: the current instant is passed in as epoch milliseconds.
 *
 * Semantics, in one sentence: the result is the first instant `t >= now` whose **local wall-clock
 * minute** (in the window's IANA zone) lies inside one of the allowed windows on an allowed local day.
 * Everything below follows from that definition:
 *
 * - Orca's window rules are kept: windows are sorted by start; a window whose `startHour:startMin` is
 *   later than `endHour:endMin` is split into `[start, 23:59]` and `[00:00, end]` **of the same local
 *   day** (the day filter applies to each piece separately, exactly like Orca); `days` without a
 *   whitelist means the whole day `[00:00, 23:59]`; no `days` means every day; the end minute is
 *   inclusive (a window ending 10:00 still admits 10:00:59).
 * - Orca's QUIRK (an extra day added whenever the search leaves "today") is fixed: the true next
 *   opening is returned.
 * - The zone is the window's own `timezone`, falling back to the engine's default zone.
 * - DST: see {@link nextWindowStart}.
 * @module
 */

import { GennakerError } from "../errors.js";

/** One allowed time-of-day range, in local wall-clock time of the window's zone (end minute inclusive). */
export interface TimeOfDayRange {
  /** Hour the window opens, 0-23. */
  startHour: number;
  /** Minute the window opens, 0-59. */
  startMin: number;
  /** Hour of the window's last allowed minute, 0-23. */
  endHour: number;
  /** Last allowed minute, 0-59 (inclusive). */
  endMin: number;
}

/**
 * A stage's `restrictedExecutionWindow` (the part that decides *when*; jitter is handled by
 * `jitterDelaySeconds` in `jitter.ts`).
 */
export interface ExecutionWindow {
  /**
   * Allowed local time-of-day ranges. A range with start later than end wraps midnight and is split
   * into `[start, 23:59]` and `[00:00, end]` of the same day. Empty or absent with `days` given ⇒
   * the whole day.
   */
  whitelist?: TimeOfDayRange[];
  /** Allowed local days in Java `Calendar` numbering: 1 = Sunday … 7 = Saturday. Empty or absent ⇒ every day. */
  days?: number[];
  /** IANA zone name (e.g. `Europe/Berlin`); empty or absent ⇒ the engine's default zone. */
  timezone?: string;
}

/** Thrown when an execution window cannot be evaluated (bad config or unknown zone). */
export class ExecutionWindowError extends GennakerError {
  /** Always `EXECUTION_WINDOW_INVALID`. */
  declare readonly code: "EXECUTION_WINDOW_INVALID";

  constructor(message: string) {
    super("EXECUTION_WINDOW_INVALID", message);
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Offsets are sampled this far apart when looking for a DST transition (no zone changes twice within it). */
const TRANSITION_PROBE = 6 * 3_600_000;

/** A normalised window: minutes of the local day, inclusive, start <= end. */
interface Range {
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        era: "short",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch (cause) {
      throw new ExecutionWindowError(
        `unknown time zone ${JSON.stringify(timeZone)} (expected an IANA name such as "America/Los_Angeles"): ${String(cause)}`,
      );
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** UTC offset (ms, local − UTC) of `timeZone` at instant `t`. */
function offsetAt(f: Intl.DateTimeFormat, t: number): number {
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === "BC" || p.era === "B") year = 1 - year;
  const month = Number(p.month) - 1;
  const asUtc = Date.UTC(year, month, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const wholeSecond = Math.floor(t / 1000) * 1000;
  return asUtc - wholeSecond;
}

function isInt(v: unknown, lo: number, hi: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
}

function normalise(window: ExecutionWindow): { ranges: Range[]; days: Set<number> | undefined } {
  const whitelist = window.whitelist ?? [];
  const dayList = window.days ?? [];
  if (whitelist.length === 0 && dayList.length === 0) {
    throw new ExecutionWindowError(
      "execution window has neither a whitelist of time ranges nor any days: nothing is ever allowed",
    );
  }
  for (const [i, d] of dayList.entries()) {
    if (!isInt(d, 1, 7)) {
      throw new ExecutionWindowError(
        `execution window days[${i}] is ${JSON.stringify(d)}; expected an integer 1 (Sunday) … 7 (Saturday)`,
      );
    }
  }
  const ranges: Range[] = [];
  for (const [i, w] of whitelist.entries()) {
    const fields = [
      ["startHour", w.startHour, 23],
      ["startMin", w.startMin, 59],
      ["endHour", w.endHour, 23],
      ["endMin", w.endMin, 59],
    ] as const;
    for (const [name, value, max] of fields) {
      if (!isInt(value, 0, max)) {
        throw new ExecutionWindowError(
          `execution window whitelist[${i}].${name} is ${JSON.stringify(value)}; expected an integer 0-${max}`,
        );
      }
    }
    const start = w.startHour * 60 + w.startMin;
    const end = w.endHour * 60 + w.endMin;
    if (start > end) {
      ranges.push({ start, end: 23 * 60 + 59 }, { start: 0, end });
    } else {
      ranges.push({ start, end });
    }
  }
  if (ranges.length === 0) ranges.push({ start: 0, end: 23 * 60 + 59 });
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { ranges, days: dayList.length === 0 ? undefined : new Set(dayList) };
}

/**
 * Wall-clock search with no zone involved: `wall` is a local wall time encoded as if it were UTC.
 * Returns `wall` itself when its minute is inside an allowed window on an allowed day, else the next
 * window start (seconds 0), looking at most 8 days ahead.
 */
function nextAllowedWall(wall: number, ranges: readonly Range[], days: Set<number> | undefined): number | undefined {
  const dayStart = Math.floor(wall / DAY) * DAY;
  const minuteOfDay = Math.floor((wall - dayStart) / MINUTE);
  for (let k = 0; k <= 8; k++) {
    const d = dayStart + k * DAY;
    const javaDay = new Date(d).getUTCDay() + 1;
    if (days !== undefined && !days.has(javaDay)) continue;
    for (const r of ranges) {
      if (k > 0 || minuteOfDay < r.start) return d + r.start * MINUTE;
      if (minuteOfDay <= r.end) return wall;
    }
  }
  return undefined;
}

/** First instant in `(from, to]` whose offset differs from `offset`, or undefined if there is none. */
function nextTransition(f: Intl.DateTimeFormat, from: number, to: number, offset: number): number | undefined {
  let lo = from;
  while (lo < to) {
    let hi = Math.min(lo + TRANSITION_PROBE, to);
    if (offsetAt(f, hi) !== offset) {
      // Invariant: offset(lo) === offset, offset(hi) !== offset.
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offsetAt(f, mid) === offset) lo = mid;
        else hi = mid;
      }
      return hi;
    }
    lo = hi;
  }
  return undefined;
}

/**
 * When may a stage restricted to `window` start?
 *
 * Returns `now` itself if the local wall-clock minute of `now` (in `window.timezone`, or
 * `defaultTimeZone` when that is absent or empty) lies inside an allowed window on an allowed day;
 * otherwise the epoch ms of the true next opening (always a whole minute, seconds and ms 0). Unlike
 * Orca, no extra day is ever added.
 *
 * Daylight-saving decisions (the result is always the first instant whose local wall time is
 * allowed, so these follow from the definition):
 * - **Spring forward (gap):** a window whose start does not exist that day (e.g. 02:30 in
 *   America/New_York on 2026-03-08, where 02:00-02:59 is skipped) opens at the first instant after
 *   the gap, 03:00 EDT (07:00Z), provided the window still covers 03:00 local; a window lying wholly
 *   inside the gap does not occur that day and the next day's opening is returned. This deliberately
 *   does **not** use date-fns-tz `fromZonedTime` semantics, which map the non-existent 02:30 to 01:30
 *   EST (06:30Z), an instant *before* the gap when the local time is not inside the window.
 * - **Fall back (overlap):** a window opening at a repeated local time (e.g. 01:30 in
 *   America/New_York on 2026-11-01) opens at the **first** occurrence (01:30 EDT, 05:30Z). If `now`
 *   is already past that first occurrence and the window had closed, the repeated hour re-enters it and
 *   the second occurrence (or the moment of the change, if the repeated wall time is already inside
 *   a window) is returned, because the local wall time is then inside the window again.
 * - Windows wrapping midnight are split per local day (Orca's rule), so they work across days and
 *   DST changes without special cases.
 *
 * @param now - the current instant, epoch ms (never read from a clock here).
 * @param window - the stage's `restrictedExecutionWindow` (whitelist, days, optional IANA timezone).
 * @param defaultTimeZone - the engine's configured zone (Orca's default is `America/Los_Angeles`).
 * @returns `now`, or the epoch ms of the next allowed window opening.
 * @throws {@link ExecutionWindowError} (`code` `EXECUTION_WINDOW_INVALID`) when the whitelist is empty
 *   and no days are given, when an hour, minute or day is out of range, or when the zone is unknown.
 */
export function nextWindowStart(now: number, window: ExecutionWindow, defaultTimeZone: string): number {
  if (!Number.isFinite(now)) {
    throw new ExecutionWindowError(`execution window: "now" must be a finite epoch ms, got ${String(now)}`);
  }
  const { ranges, days } = normalise(window);
  const zone = window.timezone !== undefined && window.timezone !== "" ? window.timezone : defaultTimeZone;
  const f = formatterFor(zone);

  let t = now;
  // Each pass handles one constant-offset stretch; a 9-day search crosses only a few transitions.
  for (let pass = 0; pass < 16; pass++) {
    const offset = offsetAt(f, t);
    const wall = nextAllowedWall(t + offset, ranges, days);
    if (wall === undefined) break;
    const candidate = wall - offset;
    if (candidate === t) return t;
    const change = nextTransition(f, t, candidate, offset);
    if (change === undefined) return candidate;
    // The offset changes before the candidate: continue from the change with the new offset.
    t = change;
  }
  throw new ExecutionWindowError(
    `no allowed execution window found within 8 days after ${new Date(now).toISOString()} in ${zone}`,
  );
}
