import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSlots, type SlotQuery, type WeeklyRule } from '../../../src/modules/scheduling/slots/engine/index.js';
import { EVERY_DAY } from './fixtures.js';

/*
 * Random schedules against an independent oracle. The oracle reads the wall clock straight
 * from Intl (not Luxon) and finds "the first instant the clock shows a time" by scanning
 * minute by minute around offset changes, instead of the engine's candidate-and-bisect.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns', // −03:30 with DST
  'America/Santiago', // changes at midnight
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Chatham', // +12:45 with DST
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Eucla',
];

// Dates near 2027's offset changes of the zones above, so many runs straddle one.
const NEAR_CHANGES = ['2027-03-14', '2027-03-28', '2027-04-04', '2027-09-05', '2027-09-26', '2027-10-03', '2027-10-31', '2027-11-07'];

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's wall clock at `instant`, as milliseconds of a UTC-labelled local date-time. */
function wallClock(zone: string, instant: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const part = (parts: Intl.DateTimeFormatPart[], type: string) => Number(parts.find((p) => p.type === type)?.value);
  const parts = format.formatToParts(new Date(instant));
  const wall = Date.UTC(part(parts, 'year'), part(parts, 'month') - 1, part(parts, 'day'), part(parts, 'hour'), part(parts, 'minute'), part(parts, 'second'));
  return wall + (((instant % 1000) + 1000) % 1000);
}

const firstInstantCache = new Map<string, number>();
/** Oracle: the first instant at which `zone`'s clock shows `civilDay` + `minute`, or later. */
function firstInstantShowing(zone: string, civilDay: number, minute: number): number {
  const key = `${zone} ${civilDay} ${minute}`;
  const cached = firstInstantCache.get(key);
  if (cached !== undefined) return cached;
  const target = civilDay * DAY + minute * MINUTE;
  const before = wallClock(zone, target - DAY) - (target - DAY);
  const after = wallClock(zone, target + DAY) - (target + DAY);
  let result: number;
  if (before === after && wallClock(zone, target - before) === target) {
    result = target - before;
  } else {
    // Near an offset change: scan every minute from safely before.
    result = target - Math.max(before, after) - 3 * 60 * MINUTE;
    while (wallClock(zone, result) < target) result += MINUTE;
  }
  firstInstantCache.set(key, result);
  return result;
}

const civilDayOf = (zone: string, instant: number) => Math.floor(wallClock(zone, instant) / DAY);
const weekdayOf = (civilDay: number) => EVERY_DAY[(((civilDay + 3) % 7) + 7) % 7];
const clock = (minute: number) =>
  minute === 1440 ? '24:00' : `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const parseClock = (text: string) => (text === '24:00' ? 1440 : Number(text.slice(0, 2)) * 60 + Number(text.slice(3)));
const isoDate = (civilDay: number) => new Date(civilDay * DAY).toISOString().slice(0, 10);

/** Weekly rules that are valid by construction: candidates, then overlapping ones dropped. */
const weeklyArb = fc
  .array(
    fc.record({
      day: fc.constantFrom(...EVERY_DAY),
      // Bias towards the night, where clocks change.
      start: fc.oneof(fc.integer({ min: 0, max: 287 }), fc.integer({ min: 0, max: 48 })).map((n) => n * 5),
      length: fc.integer({ min: 1, max: 120 }).map((n) => n * 5),
    }),
    { maxLength: 8 },
  )
  .map((candidates) => {
    const kept: WeeklyRule[] = [];
    for (const c of candidates) {
      const start = c.start;
      const end = Math.min(1440, start + c.length);
      const clash = kept.some((r) => r.day === c.day && start < parseClock(r.end) && parseClock(r.start) < end);
      if (!clash) kept.push({ day: c.day, start: clock(start), end: clock(end) });
    }
    return kept;
  });

const queryArb = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    requestZone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
    anchor: fc.oneof(
      fc.constantFrom(...NEAR_CHANGES).map((d) => Date.parse(d) / DAY),
      fc.integer({ min: Date.parse('2026-06-01') / DAY, max: Date.parse('2028-06-01') / DAY }),
    ),
    fromShift: fc.integer({ min: -3, max: 1 }),
    length: fc.integer({ min: 0, max: 9 }),
    nowShiftMinutes: fc.integer({ min: -4 * 1440, max: 2 * 1440 }),
    nowSeconds: fc.integer({ min: 0, max: 59 }),
    weekly: weeklyArb,
    duration: fc.oneof(fc.constantFrom(15, 30, 45, 60), fc.integer({ min: 5, max: 240 })),
    buffer: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
    interval: fc.option(fc.integer({ min: 5, max: 120 }), { nil: null }),
    notice: fc.integer({ min: 0, max: 1440 }),
    advance: fc.integer({ min: 0, max: 14 }),
    busy: fc.array(fc.tuple(fc.integer({ min: -2 * 1440, max: 12 * 1440 }), fc.integer({ min: 5, max: 240 })), { maxLength: 40 }),
    timeOff: fc.array(fc.tuple(fc.integer({ min: -2 * 1440, max: 12 * 1440 }), fc.integer({ min: 30, max: 3 * 1440 })), { maxLength: 3 }),
  })
  .map((r): SlotQuery => {
    const base = r.anchor * DAY;
    const range = ([offset, minutes]: [number, number]) => ({
      start: new Date(base + offset * MINUTE),
      end: new Date(base + (offset + minutes) * MINUTE),
    });
    return {
      availability: {
        timezone: r.zone,
        weekly: r.weekly,
        slotIntervalMinutes: r.interval,
        minNoticeMinutes: r.notice,
        maxAdvanceDays: r.advance,
      },
      appointmentType: { durationMinutes: r.duration, bufferMinutes: r.buffer },
      busy: r.busy.map(range),
      timeOff: r.timeOff.map(range),
      now: new Date(base + r.nowShiftMinutes * MINUTE + r.nowSeconds * 1000),
      window: { from: isoDate(r.anchor + r.fromShift), to: isoDate(r.anchor + r.fromShift + r.length), timezone: r.requestZone },
    };
  });

/** The weekly intervals of the doctor's civil days around [low, high), as the oracle sees them. */
function intervalsAround(query: SlotQuery, low: number, high: number) {
  const zone = query.availability.timezone;
  const intervals: Array<{ start: number; end: number }> = [];
  for (let day = civilDayOf(zone, low) - 2; day <= civilDayOf(zone, high) + 2; day += 1) {
    for (const rule of query.availability.weekly.filter((r) => r.day === weekdayOf(day))) {
      intervals.push({
        start: firstInstantShowing(zone, day, parseClock(rule.start)),
        end: firstInstantShowing(zone, day, parseClock(rule.end)),
      });
    }
  }
  return intervals;
}

/** Brute force: every grid start of every interval, checked against every blocked range. */
function referenceStarts(query: SlotQuery, windowStart: number, windowEnd: number): number[] {
  const { durationMinutes, bufferMinutes } = query.appointmentType;
  const step = (query.availability.slotIntervalMinutes ?? durationMinutes) * MINUTE;
  const now = query.now.getTime();
  const blocked = [...query.busy, ...query.timeOff];
  const starts: number[] = [];
  for (const interval of intervalsAround(query, windowStart, windowEnd)) {
    for (let s = interval.start; s + durationMinutes * MINUTE <= interval.end; s += step) {
      const end = s + (durationMinutes + bufferMinutes) * MINUTE;
      if (s < windowStart || s >= windowEnd) continue;
      if (s < now + query.availability.minNoticeMinutes * MINUTE) continue;
      if (s >= now + query.availability.maxAdvanceDays * DAY) continue;
      if (blocked.some((b) => b.start.getTime() < end && s < b.end.getTime())) continue;
      starts.push(s);
    }
  }
  return starts.sort((a, b) => a - b);
}

describe('slot engine properties', () => {
  it('offers only free, in-hours, in-window slots, strictly increasing, and exactly those a brute-force model offers', () => {
    let slotsSeen = 0;
    fc.assert(
      fc.property(queryArb, (query) => {
        const slots = computeSlots(query);
        slotsSeen += slots.length;
        const { durationMinutes, bufferMinutes } = query.appointmentType;
        const requestZone = query.window.timezone ?? query.availability.timezone;
        const windowStart = firstInstantShowing(requestZone, Date.parse(query.window.from) / DAY, 0);
        const windowEnd = firstInstantShowing(requestZone, Date.parse(query.window.to) / DAY + 1, 0);
        const now = query.now.getTime();
        const intervals = intervalsAround(query, windowStart, windowEnd);

        let previous = Number.NEGATIVE_INFINITY;
        for (const slot of slots) {
          const start = slot.start.getTime();
          const end = slot.end.getTime();
          const held = end + bufferMinutes * MINUTE;
          expect(start).toBeGreaterThan(previous); // strictly increasing: no duplicates
          previous = start;
          expect(end - start).toBe(durationMinutes * MINUTE);
          expect(start).toBeGreaterThanOrEqual(now + query.availability.minNoticeMinutes * MINUTE);
          expect(start).toBeLessThan(now + query.availability.maxAdvanceDays * DAY);
          expect(start).toBeGreaterThanOrEqual(windowStart);
          expect(start).toBeLessThan(windowEnd);
          for (const busy of [...query.busy, ...query.timeOff]) {
            expect(busy.start.getTime() < held && start < busy.end.getTime()).toBe(false);
          }
          expect(intervals.some((i) => i.start <= start && end <= i.end)).toBe(true);
        }
        expect(slots.map((s) => s.start.getTime())).toEqual(referenceStarts(query, windowStart, windowEnd));
      }),
      { numRuns: 200 },
    );
    // Guard against a generator that only ever produces empty answers.
    expect(slotsSeen).toBeGreaterThan(200);
  });
});
