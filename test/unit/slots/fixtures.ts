import { DateTime } from 'luxon';
import {
  SlotInputError,
  type FieldError,
  type Slot,
  type SlotQuery,
  type WeeklyRule,
} from '../../../src/modules/scheduling/slots/engine/index.js';
import { thrownBy } from '../../helpers/errors.js';

export const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The same hours on every day of the week. */
export function daily(start: string, end: string): WeeklyRule[] {
  return EVERY_DAY.map((day) => ({ day, start, end }));
}

export interface QueryOverrides {
  timezone?: string;
  weekly?: WeeklyRule[];
  slotIntervalMinutes?: number | null;
  minNoticeMinutes?: number;
  maxAdvanceDays?: number;
  durationMinutes?: number;
  bufferMinutes?: number;
  timeOff?: Array<[string, string]>;
  busy?: Array<[string, string]>;
  now?: string;
  from?: string;
  to?: string;
  requestTimezone?: string;
}

/**
 * A slot query with readable defaults: a Berlin doctor working Mondays 09:00–12:00,
 * 30-minute visits, no notice, a generous advance window, and "now" well before the
 * window (2027-01-04 is a Monday).
 */
export function slotQuery(o: QueryOverrides = {}): SlotQuery {
  const range = ([start, end]: [string, string]) => ({ start: new Date(start), end: new Date(end) });
  return {
    availability: {
      timezone: o.timezone ?? 'Europe/Berlin',
      weekly: o.weekly ?? [{ day: 'monday', start: '09:00', end: '12:00' }],
      slotIntervalMinutes: o.slotIntervalMinutes ?? null,
      minNoticeMinutes: o.minNoticeMinutes ?? 0,
      maxAdvanceDays: o.maxAdvanceDays ?? 730,
    },
    appointmentType: { durationMinutes: o.durationMinutes ?? 30, bufferMinutes: o.bufferMinutes ?? 0 },
    timeOff: (o.timeOff ?? []).map(range),
    busy: (o.busy ?? []).map(range),
    now: new Date(o.now ?? '2026-12-01T00:00:00Z'),
    window: { from: o.from ?? '2027-01-04', to: o.to ?? o.from ?? '2027-01-04', timezone: o.requestTimezone },
  };
}

/** Slot starts as UTC ISO strings, the exact instants under test. */
export function startsOf(slots: readonly Slot[]): string[] {
  return slots.map((slot) => slot.start.toISOString());
}

/** Slot starts as local wall-clock times with their offset, e.g. `01:30-04:00`. */
export function localStartsOf(slots: readonly Slot[], zone: string): string[] {
  return slots.map((slot) => DateTime.fromJSDate(slot.start, { zone }).toFormat('HH:mmZZ'));
}

/** Runs `fn`, expects a SlotInputError, and returns its field errors. */
export function inputErrorsOf(fn: () => unknown): readonly FieldError[] {
  return thrownBy(fn, SlotInputError).errors;
}
