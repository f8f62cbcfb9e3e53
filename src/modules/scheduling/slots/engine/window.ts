import { parseCivilDate } from './civil.js';
import type { DateWindow, FieldError } from './types.js';
import { ZoneClock } from './zone-clock.js';

/** The contract's limit on `to - from`. */
export const MAX_WINDOW_DAYS = 62;

/** A requested window as instants: `[from 00:00, to + 1 00:00)` in its time zone. */
export interface WindowBounds {
  start: number;
  end: number;
  /** The zone the dates were read in: the requested one, else the doctor's. */
  timezone: string;
}

/**
 * Reads the request's dates in the requested zone, which may differ from the doctor's
 * (a patient in Kolkata looking at a Berlin doctor). Midnight that a zone skips resolves
 * like any other skipped wall time: to the first instant of that day.
 */
export function resolveWindow(
  window: DateWindow,
  doctorTimezone: string,
): { bounds: WindowBounds | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const requestedZone = window.timezone ?? null;
  const clock = ZoneClock.of(requestedZone ?? doctorTimezone);
  if (!clock && requestedZone !== null) {
    errors.push({ field: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' });
  }

  const from = typeof window.from === 'string' ? parseCivilDate(window.from) : null;
  const to = typeof window.to === 'string' ? parseCivilDate(window.to) : null;
  if (from === null) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
  if (to === null) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
  if (from !== null && to !== null) {
    if (from > to) errors.push({ field: 'to', message: 'must not be before from' });
    else if (to - from > MAX_WINDOW_DAYS) {
      errors.push({ field: 'to', message: `must be at most ${MAX_WINDOW_DAYS} days after from` });
    }
  }

  // A missing doctor zone is reported by the schedule checks, not here.
  if (errors.length > 0 || !clock || from === null || to === null) return { bounds: null, errors };
  return {
    bounds: {
      start: clock.firstInstantAt(from, 0),
      end: clock.firstInstantAt(to + 1, 0),
      timezone: clock.name,
    },
    errors,
  };
}
