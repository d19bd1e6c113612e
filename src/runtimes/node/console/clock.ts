// The console's clock: the real clock plus an offset that the console's clock control moves forward, so the
// whole app (deadlines, reminders, message times) sees the fast-forwarded time.
import type { Clock } from "../../../app/ports/platform.js";
import { instantAt, localDate } from "../../../domain/time-zone.js";

export interface ConsoleClock extends Clock {
  /** How far ahead of the base clock, in ms. */
  readonly offsetMs: number;
  /** Moves time forward to `at` (never backwards). */
  advanceTo(at: Date): void;
}

export function offsetClock(base: Clock): ConsoleClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    get offsetMs() {
      return offset;
    },
    advanceTo(at) {
      const delta = at.getTime() - (base.now().getTime() + offset);
      if (delta > 0) offset += delta;
    },
  };
}

export function isConsoleClock(c: Clock): c is ConsoleClock {
  return typeof (c as Partial<ConsoleClock>).advanceTo === "function";
}

/** The first instant strictly after `now` at which the wall clock in `timeZone` shows `time` (HH:mm). */
export function nextRunAfter(now: Date, time: string, timeZone: string): Date {
  const today = instantAt(localDate(now, timeZone), time, timeZone);
  if (today.getTime() > now.getTime()) return today;
  // The next calendar day in that zone: 26 h after today's run is always tomorrow there, even across a DST change.
  const tomorrow = localDate(new Date(today.getTime() + 26 * 3600_000), timeZone);
  return instantAt(tomorrow, time, timeZone);
}
