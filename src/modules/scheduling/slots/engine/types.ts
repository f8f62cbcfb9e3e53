import type { FieldError } from '../../../../common/errors/app-error.js';

export type { FieldError };

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One weekly working interval in the doctor's wall-clock time; `end` may be `24:00`. */
export interface WeeklyRule {
  day: Weekday;
  start: string;
  end: string;
}

/**
 * The slot-relevant part of the contract's `Availability`. An availability row (which also
 * carries `cancellationNoticeHours`) can be passed as it is.
 */
export interface AvailabilityRules {
  /** The doctor's IANA time zone; weekly rules are wall-clock times there. */
  timezone: string;
  weekly: readonly WeeklyRule[];
  /** Step between slot starts; null or absent means the appointment type's duration. */
  slotIntervalMinutes?: number | null;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

export interface AppointmentTiming {
  durationMinutes: number;
  /** Time the doctor keeps free after the visit; not part of the offered slot. */
  bufferMinutes: number;
}

/** A half-open range of instants, `[start, end)`, the way PostgreSQL's `tstzrange` '[)' is. */
export interface InstantRange {
  start: Date;
  end: Date;
}

/** Inclusive calendar dates `YYYY-MM-DD` in `timezone` (default: the doctor's). */
export interface DateWindow {
  from: string;
  to: string;
  timezone?: string | null;
}

/** Everything the engine needs except the date window. */
export interface SlotSchedule {
  availability: AvailabilityRules;
  appointmentType: AppointmentTiming;
  /** The doctor's time off. */
  timeOff: readonly InstantRange[];
  /**
   * The doctor's confirmed appointments, each already including its own buffer after
   * (the same range the database's exclusion constraint guards). Cancelled ones are left out.
   * Any order; the engine sorts once.
   */
  busy: readonly InstantRange[];
  now: Date;
}

export interface SlotQuery extends SlotSchedule {
  window: DateWindow;
}

/** An offered visit: `end = start + duration`; the buffer after it is not included. */
export interface Slot {
  start: Date;
  end: Date;
}
