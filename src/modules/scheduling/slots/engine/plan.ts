import { MS_PER_DAY, MS_PER_MINUTE } from './civil.js';
import { mergeRanges, type MergedRanges } from './blocked-ranges.js';
import type { FieldError, SlotSchedule, Weekday } from './types.js';
import { checkWeeklyRules, type ParsedRule } from './weekly-rules.js';
import { ZoneClock } from './zone-clock.js';

/** The contract's ceiling on `maxAdvanceDays`; it also bounds the engine's day loop. */
export const MAX_ADVANCE_DAYS = 730;

/** A validated schedule in the units the engine computes with (epoch and duration ms). */
export interface SlotPlan {
  clock: ZoneClock;
  /** Each weekday's intervals, sorted by start. */
  rulesByWeekday: ReadonlyMap<Weekday, readonly ParsedRule[]>;
  durationMs: number;
  bufferMs: number;
  stepMs: number;
  blocked: MergedRanges;
  /** The earliest start offered: now + minimum notice (inclusive). */
  earliest: number;
  /** Starts must be strictly before this: now + maxAdvanceDays × 24 h. */
  horizon: number;
}

export function prepareSlotPlan(schedule: SlotSchedule): { plan: SlotPlan | null; errors: FieldError[] } {
  const { availability, appointmentType } = schedule;
  const errors: FieldError[] = [];

  const clock = ZoneClock.of(availability?.timezone);
  if (!clock) errors.push({ field: 'availability.timezone', message: 'must be an IANA time zone' });

  const weekly = checkWeeklyRules(availability?.weekly, 'availability.weekly');
  errors.push(...weekly.errors);

  const duration = integerIn(appointmentType?.durationMinutes, 1, Infinity, 'appointmentType.durationMinutes', errors);
  const buffer = integerIn(appointmentType?.bufferMinutes, 0, Infinity, 'appointmentType.bufferMinutes', errors);
  const interval = availability?.slotIntervalMinutes ?? null;
  const step =
    interval === null ? duration : integerIn(interval, 1, Infinity, 'availability.slotIntervalMinutes', errors);
  const notice = integerIn(availability?.minNoticeMinutes, 0, Infinity, 'availability.minNoticeMinutes', errors);
  const advance = integerIn(availability?.maxAdvanceDays, 0, MAX_ADVANCE_DAYS, 'availability.maxAdvanceDays', errors);

  const now = schedule.now instanceof Date ? schedule.now.getTime() : Number.NaN;
  if (Number.isNaN(now)) errors.push({ field: 'now', message: 'must be a valid date' });

  const blocked = mergeRanges([
    ['timeOff', schedule.timeOff],
    ['busy', schedule.busy],
  ]);
  errors.push(...blocked.errors);

  if (errors.length > 0 || !clock) return { plan: null, errors };

  const rulesByWeekday = new Map<Weekday, ParsedRule[]>();
  for (const rule of weekly.rules) {
    const list = rulesByWeekday.get(rule.day) ?? [];
    list.push(rule);
    rulesByWeekday.set(rule.day, list);
  }

  return {
    plan: {
      clock,
      rulesByWeekday,
      durationMs: duration * MS_PER_MINUTE,
      bufferMs: buffer * MS_PER_MINUTE,
      stepMs: step * MS_PER_MINUTE,
      blocked: blocked.ranges,
      earliest: now + notice * MS_PER_MINUTE,
      // Real elapsed days, not calendar days in some zone: the horizon then moves smoothly
      // with `now` and does not depend on which zone is asking.
      horizon: now + advance * MS_PER_DAY,
    },
    errors,
  };
}

function integerIn(value: unknown, min: number, max: number, field: string, errors: FieldError[]): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
  errors.push({ field, message: `must be a whole number ${range}` });
  return 0;
}
