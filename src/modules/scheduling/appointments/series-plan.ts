/*
 * A follow-up series, pure: the starts of `count` occurrences `every` weeks apart that keep the
 * first one's wall-clock time in the doctor's zone, across daylight-saving changes too (a
 * 09:00 visit stays at 09:00 when the offset changes in between).
 */
import { MS_PER_DAY, MS_PER_MINUTE } from '../slots/engine/civil.js';
import { ZoneClock } from '../slots/engine/zone-clock.js';

export const SERIES_INTERVALS = [1, 2, 4] as const;
export const MAX_SERIES_COUNT = 12;

export function seriesStarts(first: Date, timezone: string, everyWeeks: number, count: number): Date[] {
  const clock = ZoneClock.of(timezone);
  if (!clock) throw new Error(`Unknown time zone ${timezone}`);
  const instant = first.getTime();
  const day = clock.civilDayAt(instant);
  const minuteOfDay = Math.round((instant + clock.offsetMs(instant) - day * MS_PER_DAY) / MS_PER_MINUTE);
  return Array.from({ length: count }, (_, i) => (i === 0 ? first : new Date(clock.firstInstantAt(day + i * 7 * everyWeeks, minuteOfDay))));
}
