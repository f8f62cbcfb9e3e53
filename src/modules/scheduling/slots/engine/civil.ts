import { WEEKDAYS, type Weekday } from './types.js';

/*
 * Calendar arithmetic without a time zone. A civil day is the number of days since
 * 1970-01-01; a clock time is minutes since local midnight. Plain integers keep the
 * per-day loop of the engine free of date-library calls.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Hours 00–23 only: `24:00` is a separate, end-only spelling (see parseClockTime).
const CLOCK_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `YYYY-MM-DD` → civil day, or null when malformed or not a real date (2027-02-30). */
export function parseCivilDate(text: string): number | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2027-02-30 over to March; a round trip catches that.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

export function formatCivilDate(civilDay: number): string {
  return new Date(civilDay * MS_PER_DAY).toISOString().slice(0, 10);
}

export function weekdayOf(civilDay: number): Weekday {
  // 1970-01-01 was a Thursday, index 3 in WEEKDAYS (Monday first).
  const index = (((civilDay + 3) % 7) + 7) % 7;
  return WEEKDAYS[index] as Weekday;
}

/**
 * `HH:MM` → minutes since midnight, or null. `24:00` (1440, the start of the next day)
 * is accepted only when `allowEndOfDay`, because it is meaningful only as an end.
 */
export function parseClockTime(text: string, allowEndOfDay: boolean): number | null {
  if (text === '24:00') return allowEndOfDay ? MINUTES_PER_DAY : null;
  const match = CLOCK_PATTERN.exec(text);
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}
