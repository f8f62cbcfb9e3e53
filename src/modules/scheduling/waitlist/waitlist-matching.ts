import { DateTime } from 'luxon';
import type { InstantRange, Slot } from '../slots/engine/index.js';

/*
 * Pure rules of the waitlist: which offered slots an entry wants. No I/O.
 */

/** A local time-of-day window, `HH:MM` to `HH:MM` (24:00 allowed as an end). */
export interface TimeOfDayWindow {
  start: string;
  end: string;
}

/** Whether `slot` lies wholly inside one of the local time-of-day windows (none: any time) in `timezone`. */
export function withinTimes(slot: Slot, times: readonly TimeOfDayWindow[], timezone: string): boolean {
  if (times.length === 0) return true;
  const start = DateTime.fromJSDate(slot.start, { zone: timezone });
  const end = DateTime.fromJSDate(slot.end, { zone: timezone });
  if (start.toISODate() !== end.minus({ milliseconds: 1 }).toISODate()) return false;
  const from = start.toFormat('HH:mm');
  const to = end.toFormat('HH:mm') === '00:00' ? '24:00' : end.toFormat('HH:mm');
  return times.some((w) => w.start <= from && to <= w.end);
}

/**
 * Where to look for slots for an entry wanting [from, to): the whole window from now on, or,
 * when a known range was freed, only starts whose booking (of `reachMs`) would overlap it.
 */
export function searchRange(entry: { fromAt: Date; toAt: Date }, now: Date, reachMs: number, freed?: InstantRange): InstantRange | null {
  let start = Math.max(entry.fromAt.getTime(), now.getTime());
  let end = entry.toAt.getTime();
  if (freed) {
    start = Math.max(start, freed.start.getTime() - reachMs + 1);
    end = Math.min(end, freed.end.getTime());
  }
  return start < end ? { start: new Date(start), end: new Date(end) } : null;
}
