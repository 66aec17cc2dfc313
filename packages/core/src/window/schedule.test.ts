import { formatInTimeZone, fromZonedTime } from "date-fns-tz";
import { describe, expect, it } from "vitest";
import { GennakerError } from "../errors.js";
import { ExecutionWindowError, nextWindowStart, type ExecutionWindow } from "./schedule.js";

const LA = "America/Los_Angeles";
const NY = "America/New_York";
const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();
const win = (startHour: number, startMin: number, endHour: number, endMin: number) => ({
  startHour,
  startMin,
  endHour,
  endMin,
});

/** nextWindowStart rendered as an ISO string, for readable failures. */
function next(now: string, window: ExecutionWindow, zone = LA): string {
  return iso(nextWindowStart(ms(now), window, zone));
}

describe("nextWindowStart: spec §4.4 examples, with the QUIRK fixed", () => {
  // 2015-02-25 is a Wednesday. 21:45 PST (UTC-8) = 2015-02-26T05:45Z. Window 06:00-10:00 local.
  const now = "2015-02-26T05:45:00Z";
  const w = [win(6, 0, 10, 0)];

  it("days [4] (Wednesday): today's window has passed, so the NEXT Wednesday 06:00", () => {
    // Orca's quirk: moves to 00:00 of the first allowed day (today, Wed), recomputes 06:00, then adds
    // one extra day => Thursday 2015-02-26 06:00, a day that is not even allowed.
    expect(next(now, { whitelist: w, days: [4] })).toBe("2015-03-04T14:00:00.000Z");
  });

  it("days [5] (Thursday): tomorrow 06:00", () => {
    // Orca's quirk: 00:00 of Thursday, 06:00, plus one extra day => Friday 2015-02-27 06:00.
    expect(next(now, { whitelist: w, days: [5] })).toBe("2015-02-26T14:00:00.000Z");
  });

  it("days [3] (Tuesday): next Tuesday 06:00", () => {
    // Orca's quirk: Tuesday 06:00 plus one extra day => Wednesday 2015-03-04 06:00.
    expect(next(now, { whitelist: w, days: [3] })).toBe("2015-03-03T14:00:00.000Z");
  });

  it("no days: every day is allowed, so tomorrow 06:00", () => {
    expect(next(now, { whitelist: w })).toBe("2015-02-26T14:00:00.000Z");
    expect(next(now, { whitelist: w, days: [] })).toBe("2015-02-26T14:00:00.000Z");
  });
});

describe("nextWindowStart: basic rules", () => {
  const w = { whitelist: [win(6, 0, 10, 0)] };

  it("inside a window returns now itself (seconds and ms kept)", () => {
    const now = ms("2015-02-25T16:17:33.123Z"); // 08:17:33.123 PST
    expect(nextWindowStart(now, w, LA)).toBe(now);
  });

  it("window bounds are inclusive at minute granularity", () => {
    expect(next("2015-02-25T14:00:00Z", w)).toBe("2015-02-25T14:00:00.000Z"); // 06:00:00
    expect(next("2015-02-25T18:00:59.999Z", w)).toBe("2015-02-25T18:00:59.999Z"); // 10:00:59.999
    expect(next("2015-02-25T18:01:00Z", w)).toBe("2015-02-26T14:00:00.000Z"); // 10:01 => tomorrow
    expect(next("2015-02-25T13:59:59.999Z", w)).toBe("2015-02-25T14:00:00.000Z"); // 05:59:59 => 06:00
  });

  it("before today's window returns today's start with seconds and ms zeroed", () => {
    expect(next("2015-02-25T09:12:34.567Z", w)).toBe("2015-02-25T14:00:00.000Z"); // 01:12:34 PST
  });

  it("after all windows, tomorrow not allowed: the next allowed day", () => {
    // Wed 11:00 PST, allowed Fri (6) and Sat (7) only.
    expect(next("2015-02-25T19:00:00Z", { whitelist: [win(6, 0, 10, 0)], days: [6, 7] })).toBe(
      "2015-02-27T14:00:00.000Z",
    );
  });

  it("today not allowed but allowed later today is impossible: a later allowed day's first window", () => {
    // Wed 05:00 PST, before the window, but only Thursday allowed.
    expect(next("2015-02-25T13:00:00Z", { whitelist: [win(6, 0, 10, 0)], days: [5] })).toBe(
      "2015-02-26T14:00:00.000Z",
    );
  });

  it("multiple windows are sorted by start and the earliest upcoming one wins", () => {
    const multi = { whitelist: [win(13, 0, 14, 0), win(6, 0, 8, 0)] };
    expect(next("2015-02-25T13:00:00Z", multi)).toBe("2015-02-25T14:00:00.000Z"); // 05:00 => 06:00
    expect(next("2015-02-25T17:00:00Z", multi)).toBe("2015-02-25T21:00:00.000Z"); // 09:00 => 13:00
    expect(next("2015-02-25T21:30:00Z", multi)).toBe("2015-02-25T21:30:00.000Z"); // 13:30 inside
    expect(next("2015-02-25T22:30:00Z", multi)).toBe("2015-02-26T14:00:00.000Z"); // 14:30 => tomorrow 06:00
  });

  it("overlapping windows: inside either one is inside", () => {
    const overlap = { whitelist: [win(6, 0, 12, 0), win(8, 0, 9, 0)] };
    expect(next("2015-02-25T19:30:00Z", overlap)).toBe("2015-02-25T19:30:00.000Z"); // 11:30
  });

  it("start later than end by minutes only is treated as a wrapping window", () => {
    // 10:30-10:15 => [10:30, 23:59] and [00:00, 10:15]; 10:20 PST is the only gap.
    const w2 = { whitelist: [win(10, 30, 10, 15)] };
    expect(next("2015-02-25T18:20:00Z", w2)).toBe("2015-02-25T18:30:00.000Z");
    expect(next("2015-02-25T18:15:30Z", w2)).toBe("2015-02-25T18:15:30.000Z");
  });

  it("a single-minute window", () => {
    const one = { whitelist: [win(7, 0, 7, 0)] };
    expect(next("2015-02-25T15:00:42Z", one)).toBe("2015-02-25T15:00:42.000Z");
    expect(next("2015-02-25T15:01:00Z", one)).toBe("2015-02-26T15:00:00.000Z");
  });
});

describe("nextWindowStart: overnight window 22:00-02:00", () => {
  const overnight = { whitelist: [win(22, 0, 2, 0)] };

  it("is inside late evening and early morning, and opens at 22:00 in between", () => {
    expect(next("2015-02-26T07:30:00Z", overnight)).toBe("2015-02-26T07:30:00.000Z"); // Wed 23:30
    expect(next("2015-02-25T09:00:00Z", overnight)).toBe("2015-02-25T09:00:00.000Z"); // Wed 01:00
    expect(next("2015-02-25T10:00:59Z", overnight)).toBe("2015-02-25T10:00:59.000Z"); // Wed 02:00:59
    expect(next("2015-02-25T11:00:00Z", overnight)).toBe("2015-02-26T06:00:00.000Z"); // Wed 03:00 => 22:00
  });

  it("is split per local day, so the day filter applies to each half (Orca's rule)", () => {
    // Allowed: Wednesday only. Tue 23:30 PST is not allowed (Tuesday); Wed 00:00 opens the morning half.
    expect(next("2015-02-25T07:30:00Z", { ...overnight, days: [4] })).toBe("2015-02-25T08:00:00.000Z");
    // Wed 03:00 => Wed 22:00.
    expect(next("2015-02-25T11:00:00Z", { ...overnight, days: [4] })).toBe("2015-02-26T06:00:00.000Z");
    // Thu 01:00 PST: Thursday not allowed => next Wednesday 00:00.
    expect(next("2015-02-26T09:00:00Z", { ...overnight, days: [4] })).toBe("2015-03-04T08:00:00.000Z");
  });

  it("works across the spring-forward night (America/New_York, 2026-03-07/08)", () => {
    // Sat 2026-03-07 21:00 EST = 2026-03-08T02:00Z => Sat 22:00 EST = 03:00Z.
    expect(next("2026-03-08T02:00:00Z", overnight, NY)).toBe("2026-03-08T03:00:00.000Z");
    // Sun 2026-03-08 02:30 does not exist; 03:00 EDT (07:00Z) is outside [00:00, 02:00] => Sun 22:00 EDT.
    expect(next("2026-03-08T07:00:00Z", overnight, NY)).toBe("2026-03-09T02:00:00.000Z");
    // Sun 01:59 EST (06:59Z) is inside.
    expect(next("2026-03-08T06:59:00Z", overnight, NY)).toBe("2026-03-08T06:59:00.000Z");
  });

  it("works across the fall-back night (America/New_York, 2026-10-31/11-01)", () => {
    // Sun 2026-11-01 01:30 EST (06:30Z) is inside the morning half; 02:01 EST (07:01Z) is not.
    expect(next("2026-11-01T06:30:00Z", overnight, NY)).toBe("2026-11-01T06:30:00.000Z");
    // 02:01 EST => Sun 22:00 EST = 2026-11-02T03:00Z.
    expect(next("2026-11-01T07:01:00Z", overnight, NY)).toBe("2026-11-02T03:00:00.000Z");
  });
});

describe("nextWindowStart: days without a whitelist mean the whole day", () => {
  it("opens at 00:00 of the next allowed day", () => {
    // Wed 2015-02-25 12:00 PST; Saturday (7) only => Sat 2015-02-28 00:00 PST = 08:00Z.
    expect(next("2015-02-25T20:00:00Z", { days: [7] })).toBe("2015-02-28T08:00:00.000Z");
    expect(next("2015-02-25T20:00:00Z", { whitelist: [], days: [7] })).toBe("2015-02-28T08:00:00.000Z");
  });

  it("any time on an allowed day is inside", () => {
    expect(next("2015-02-25T20:00:00Z", { days: [4] })).toBe("2015-02-25T20:00:00.000Z");
    expect(next("2015-02-26T07:59:59Z", { days: [4] })).toBe("2015-02-26T07:59:59.000Z"); // Wed 23:59:59
    expect(next("2015-02-26T08:00:00Z", { days: [4] })).toBe("2015-03-04T08:00:00.000Z"); // Thu 00:00
  });
});

describe("nextWindowStart: time zones", () => {
  const nine = { whitelist: [win(9, 0, 10, 0)] };

  it("a per-window timezone overrides the default zone", () => {
    // 2015-02-25T07:30Z is 08:30 CET in Berlin and 23:30 PST (Feb 24) in Los Angeles.
    expect(next("2015-02-25T07:30:00Z", { ...nine, timezone: "Europe/Berlin" })).toBe("2015-02-25T08:00:00.000Z");
    expect(next("2015-02-25T07:30:00Z", nine)).toBe("2015-02-25T17:00:00.000Z");
    expect(next("2015-02-25T07:30:00Z", { ...nine, timezone: "" })).toBe("2015-02-25T17:00:00.000Z");
    expect(next("2015-02-25T07:30:00Z", nine, "Europe/Berlin")).toBe("2015-02-25T08:00:00.000Z");
  });

  it("days are local days of the zone, not UTC days", () => {
    // 2015-02-25T07:30Z is Wednesday in Berlin but still Tuesday in Los Angeles.
    expect(next("2015-02-25T07:30:00Z", { days: [4], timezone: "Europe/Berlin" })).toBe("2015-02-25T07:30:00.000Z");
    expect(next("2015-02-25T07:30:00Z", { days: [4] })).toBe("2015-02-25T08:00:00.000Z"); // Wed 00:00 PST
  });

  it("Asia/Kolkata (+05:30)", () => {
    const zone = "Asia/Kolkata";
    // 2026-01-15T00:00Z = Thu 05:30 IST => 09:00 IST = 03:30Z.
    expect(next("2026-01-15T00:00:00Z", { ...nine, timezone: zone })).toBe("2026-01-15T03:30:00.000Z");
    // 2026-01-17T20:00Z is Saturday in UTC but Sunday 01:30 in Kolkata; Sunday (1) allowed => now.
    expect(next("2026-01-17T20:00:00Z", { days: [1], timezone: zone })).toBe("2026-01-17T20:00:00.000Z");
    // Saturday (7) only, asked on Sunday 01:30 IST => next Saturday 00:00 IST = 2026-01-23T18:30Z.
    expect(next("2026-01-17T20:00:00Z", { days: [7], timezone: zone })).toBe("2026-01-23T18:30:00.000Z");
  });

  it("Asia/Kathmandu (+05:45)", () => {
    const zone = "Asia/Kathmandu";
    // 2026-01-15T00:00Z = 05:45 NPT => 09:00 NPT = 03:15Z.
    expect(next("2026-01-15T00:00:00Z", { ...nine, timezone: zone })).toBe("2026-01-15T03:15:00.000Z");
    // 10:00:59 NPT = 04:15:59Z still inside; 10:01 NPT = 04:16Z => tomorrow 03:15Z.
    expect(next("2026-01-15T04:15:59Z", { ...nine, timezone: zone })).toBe("2026-01-15T04:15:59.000Z");
    expect(next("2026-01-15T04:16:00Z", { ...nine, timezone: zone })).toBe("2026-01-16T03:15:00.000Z");
  });
});

describe("nextWindowStart: spring forward (non-existent local times)", () => {
  // America/New_York 2026-03-08: 02:00 EST (07:00Z) jumps to 03:00 EDT; 02:00-02:59 do not exist.
  it("a window opening inside the gap opens at the first instant after it (03:00 EDT)", () => {
    expect(next("2026-03-08T05:00:00Z", { whitelist: [win(2, 30, 4, 0)] }, NY)).toBe("2026-03-08T07:00:00.000Z");
    // fromZonedTime would instead map the non-existent 02:30 to 01:30 EST, before the gap, when the
    // local time is not inside the window; we deliberately do not use that instant.
    expect(iso(fromZonedTime("2026-03-08T02:30:00", NY).getTime())).toBe("2026-03-08T06:30:00.000Z");
  });

  it("a window opening exactly at the gap start opens at the transition", () => {
    expect(next("2026-03-08T05:00:00Z", { whitelist: [win(2, 0, 3, 30)] }, NY)).toBe("2026-03-08T07:00:00.000Z");
  });

  it("a window wholly inside the gap does not occur that day", () => {
    // Next 02:30 is Monday 2026-03-09 02:30 EDT = 06:30Z.
    expect(next("2026-03-08T05:00:00Z", { whitelist: [win(2, 30, 2, 45)] }, NY)).toBe("2026-03-09T06:30:00.000Z");
  });

  it("windows just before and just after the gap", () => {
    expect(next("2026-03-08T05:00:00Z", { whitelist: [win(1, 30, 1, 45)] }, NY)).toBe("2026-03-08T06:30:00.000Z");
    expect(next("2026-03-08T05:00:00Z", { whitelist: [win(3, 30, 4, 0)] }, NY)).toBe("2026-03-08T07:30:00.000Z");
    // Saturday evening EST, window 09:00 local on the (23-hour) Sunday => 09:00 EDT = 13:00Z.
    expect(next("2026-03-07T23:00:00Z", { whitelist: [win(9, 0, 17, 0)] }, NY)).toBe("2026-03-08T13:00:00.000Z");
  });

  it("Europe/London 2026-03-29: 01:00 GMT jumps to 02:00 BST at 01:00Z", () => {
    const london = "Europe/London";
    expect(next("2026-03-29T00:00:00Z", { whitelist: [win(1, 30, 3, 0)] }, london)).toBe("2026-03-29T01:00:00.000Z");
    expect(next("2026-03-29T00:00:00Z", { whitelist: [win(1, 15, 1, 45)] }, london)).toBe("2026-03-30T00:15:00.000Z");
    expect(next("2026-03-29T00:00:00Z", { whitelist: [win(2, 30, 3, 0)] }, london)).toBe("2026-03-29T01:30:00.000Z");
    expect(next("2026-03-28T12:00:00Z", { whitelist: [win(9, 0, 10, 0)] }, london)).toBe("2026-03-29T08:00:00.000Z");
  });
});

describe("nextWindowStart: fall back (repeated local times)", () => {
  // America/New_York 2026-11-01: 02:00 EDT (06:00Z) falls back to 01:00 EST; 01:00-01:59 happen twice.
  const w = { whitelist: [win(1, 30, 1, 45)] };

  it("a window at a repeated time opens at the FIRST occurrence", () => {
    expect(next("2026-11-01T04:00:00Z", w, NY)).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT
  });

  it("inside during either occurrence", () => {
    expect(next("2026-11-01T05:35:00Z", w, NY)).toBe("2026-11-01T05:35:00.000Z"); // 01:35 EDT
    expect(next("2026-11-01T06:35:00Z", w, NY)).toBe("2026-11-01T06:35:00.000Z"); // 01:35 EST
  });

  it("after the first occurrence closed, the repeated hour re-opens the window at the second 01:30", () => {
    expect(next("2026-11-01T05:50:00Z", w, NY)).toBe("2026-11-01T06:30:00.000Z"); // 01:50 EDT
    expect(next("2026-11-01T06:10:00Z", w, NY)).toBe("2026-11-01T06:30:00.000Z"); // 01:10 EST
    expect(next("2026-11-01T06:46:00Z", w, NY)).toBe("2026-11-02T06:30:00.000Z"); // 01:46 EST => tomorrow
  });

  it("when the clock falls back into a window, it opens at the moment of the change", () => {
    // Window 01:00-01:15; at 01:20 EDT the next local time inside it is 01:00 EST at 06:00Z.
    expect(next("2026-11-01T05:20:00Z", { whitelist: [win(1, 0, 1, 15)] }, NY)).toBe("2026-11-01T06:00:00.000Z");
  });

  it("Europe/London 2026-10-25: 02:00 BST falls back to 01:00 GMT at 01:00Z", () => {
    const london = "Europe/London";
    expect(next("2026-10-24T23:00:00Z", { whitelist: [win(1, 30, 1, 40)] }, london)).toBe("2026-10-25T00:30:00.000Z");
    expect(next("2026-10-25T00:45:00Z", { whitelist: [win(1, 30, 1, 40)] }, london)).toBe("2026-10-25T01:30:00.000Z");
    // The 25-hour day: 09:00 GMT = 09:00Z.
    expect(next("2026-10-24T12:00:00Z", { whitelist: [win(9, 0, 10, 0)] }, london)).toBe("2026-10-25T09:00:00.000Z");
  });
});

describe("nextWindowStart: invalid configuration", () => {
  function thrown(f: () => unknown): unknown {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error("expected a throw");
  }

  it("empty whitelist and no days is a typed error", () => {
    for (const bad of [{}, { whitelist: [] }, { whitelist: [], days: [] }, { days: [] }] as ExecutionWindow[]) {
      const e = thrown(() => nextWindowStart(0, bad, LA));
      expect(e).toBeInstanceOf(ExecutionWindowError);
      expect(e).toBeInstanceOf(GennakerError);
      expect(e).toBeInstanceOf(Error);
      expect((e as ExecutionWindowError).code).toBe("EXECUTION_WINDOW_INVALID");
      expect((e as ExecutionWindowError).name).toBe("ExecutionWindowError");
      expect((e as Error).message).toMatch(/neither a whitelist/);
    }
  });

  it("out-of-range hours, minutes and days, and unknown zones", () => {
    const cases: [ExecutionWindow, string, RegExp][] = [
      [{ whitelist: [win(24, 0, 1, 0)] }, LA, /startHour/],
      [{ whitelist: [win(1, 60, 2, 0)] }, LA, /startMin/],
      [{ whitelist: [win(1, 0, 2, 0.5)] }, LA, /endMin/],
      [{ days: [0] }, LA, /days\[0\]/],
      [{ days: [8] }, LA, /days\[0\]/],
      [{ days: [1], timezone: "Mars/Olympus_Mons" }, LA, /unknown time zone/],
      [{ days: [1] }, "Not/AZone", /unknown time zone/],
    ];
    for (const [bad, zone, message] of cases) {
      const e = thrown(() => nextWindowStart(0, bad, zone));
      expect(e).toBeInstanceOf(ExecutionWindowError);
      expect((e as Error).message).toMatch(message);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Property test: seeded pseudo-random instants, zones and windows, checked against an independent
// oracle (date-fns-tz for the result's wall time, a plain Intl formatter for the minute-by-minute scan).

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ZONES = [
  "America/Los_Angeles",
  "America/New_York",
  "Europe/London",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Australia/Sydney",
  "Australia/Lord_Howe", // 30-minute DST shift
  "Pacific/Chatham", // +12:45 / +13:45
  "America/Sao_Paulo",
  "UTC",
];

const WEEKDAY: Record<string, number> = { Sun: 1, Mon: 2, Tue: 3, Wed: 4, Thu: 5, Fri: 6, Sat: 7 };

interface Wall {
  day: number;
  minute: number;
}

const oracleFormatters = new Map<string, Intl.DateTimeFormat>();
function wallByIntl(t: number, zone: string): Wall {
  let f = oracleFormatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
    oracleFormatters.set(zone, f);
  }
  const m = /^(\w{3}) (\d\d):(\d\d)$/.exec(f.format(t));
  if (m === null) throw new Error(`unexpected format ${f.format(t)}`);
  return { day: WEEKDAY[m[1]!]!, minute: Number(m[2]) * 60 + Number(m[3]) };
}

function wallByDateFnsTz(t: number, zone: string): Wall {
  const [isoDay, hh, mm] = formatInTimeZone(t, zone, "i HH mm").split(" ").map(Number);
  return { day: (isoDay! % 7) + 1, minute: hh! * 60 + mm! };
}

function allowed(w: Wall, window: ExecutionWindow): boolean {
  const days = window.days ?? [];
  if (days.length > 0 && !days.includes(w.day)) return false;
  const list = window.whitelist ?? [];
  if (list.length === 0) return true;
  return list.some((r) => {
    const s = r.startHour * 60 + r.startMin;
    const e = r.endHour * 60 + r.endMin;
    return s <= e ? w.minute >= s && w.minute <= e : w.minute >= s || w.minute <= e;
  });
}

/** UTC instants (whole hours) in `year` at which `zone`'s offset changes, found by sampling the oracle. */
const transitionCache = new Map<string, number[]>();
function transitionsOf(zone: string, year: number): number[] {
  const key = `${zone} ${year}`;
  const cached = transitionCache.get(key);
  if (cached !== undefined) return cached;
  const H = 3_600_000;
  const week = (t: number): number => {
    const w = wallByIntl(t, zone);
    return w.day * 1440 + w.minute;
  };
  const advanced = (a: number, b: number, minutes: number): boolean =>
    (((week(b) - week(a) - minutes) % 10_080) + 10_080) % 10_080 === 0;
  const found: number[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 6 * H) {
    if (advanced(t, t + 6 * H, 360)) continue;
    for (let h = t; h < t + 6 * H; h += H) if (!advanced(h, h + H, 60)) found.push(h + H);
  }
  transitionCache.set(key, found);
  return found;
}

function randomCase(rnd: () => number): { now: number; window: ExecutionWindow } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const zone = pick(ZONES);
  let now: number;
  const transitions = rnd() < 0.5 ? transitionsOf(zone, 2018 + Math.floor(rnd() * 12)) : [];
  if (transitions.length > 0) {
    // Within 36 hours either side of a real DST change of the zone.
    now = pick(transitions) + Math.floor((rnd() * 2 - 1) * 36 * 3_600_000);
  } else {
    const year = 2000 + Math.floor(rnd() * 40);
    // Bias towards months with DST changes (northern and southern hemispheres).
    const month = rnd() < 0.7 ? pick([2, 3, 8, 9, 10]) : Math.floor(rnd() * 12);
    now = Date.UTC(year, month, 1 + Math.floor(rnd() * 28)) + Math.floor(rnd() * 86_400_000);
  }
  // Hours near typical DST transitions are over-represented.
  const hour = () => (rnd() < 0.5 ? pick([0, 1, 2, 3, 23]) : Math.floor(rnd() * 24));
  const minute = () => (rnd() < 0.5 ? pick([0, 15, 30, 45, 59]) : Math.floor(rnd() * 60));
  const whitelist = Array.from({ length: Math.floor(rnd() * 4) }, () => win(hour(), minute(), hour(), minute()));
  const days =
    whitelist.length === 0 || rnd() < 0.6
      ? [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => 1 + Math.floor(rnd() * 7)))]
      : [];
  return { now, window: { whitelist, days, timezone: rnd() < 0.8 ? zone : undefined } };
}

describe("nextWindowStart: properties over seeded random cases", () => {
  it("2,000 cases: r >= now, r is allowed, r = now iff now is allowed, openings are whole minutes", () => {
    const rnd = lcg(0x5eed);
    for (let i = 0; i < 2000; i++) {
      const { now, window } = randomCase(rnd);
      const effective = window.timezone ?? "America/Chicago";
      const r = nextWindowStart(now, window, window.timezone === undefined ? "America/Chicago" : "UTC");
      const label = `case ${i}: now=${iso(now)} zone=${effective} window=${JSON.stringify(window)} r=${iso(r)}`;
      expect(r, label).toBeGreaterThanOrEqual(now);
      expect(r - now, label).toBeLessThanOrEqual(8 * 86_400_000);
      expect(allowed(wallByDateFnsTz(r, effective), window), label).toBe(true);
      if (allowed(wallByDateFnsTz(now, effective), window)) expect(r, label).toBe(now);
      else expect(r % 60_000, label).toBe(0);
    }
  });

  it("the transition finder used by the generator sees real DST changes", () => {
    expect(transitionsOf("America/New_York", 2026).map(iso)).toEqual([
      "2026-03-08T07:00:00.000Z",
      "2026-11-01T06:00:00.000Z",
    ]);
    expect(transitionsOf("Asia/Kolkata", 2026)).toEqual([]);
  });

  it("200 cases checked minute by minute: no allowed minute lies between now and r", () => {
    const rnd = lcg(0xc0ffee);
    for (let i = 0; i < 200; i++) {
      const { now, window } = randomCase(rnd);
      const zone = window.timezone ?? "Asia/Kathmandu";
      const r = nextWindowStart(now, window, "Asia/Kathmandu");
      const label = `case ${i}: now=${iso(now)} zone=${zone} window=${JSON.stringify(window)} r=${iso(r)}`;
      expect(allowed(wallByIntl(r, zone), window), label).toBe(true);
      if (r === now) continue;
      expect(allowed(wallByIntl(now, zone), window), label).toBe(false);
      for (let t = Math.ceil(now / 60_000) * 60_000; t < r; t += 60_000) {
        if (allowed(wallByIntl(t, zone), window)) {
          expect.fail(`${label}: ${iso(t)} is already inside an allowed window`);
        }
      }
    }
  });
});
