import { BlockedCursor } from './blocked-ranges.js';
import { MS_PER_MINUTE, weekdayOf } from './civil.js';
import { SlotInputError } from './errors.js';
import { prepareSlotPlan, type SlotPlan } from './plan.js';
import type { AppointmentTiming, InstantRange, Slot, SlotQuery, SlotSchedule } from './types.js';
import { resolveWindow } from './window.js';

/*
 * How a slot is decided (docs/API.md, "Slot rules"):
 *
 * - Each weekly interval of local date D is the real range [first instant the doctor's
 *   clock shows D start, first instant it shows D end) — see ZoneClock.firstInstantAt. So
 *   an interval starting in a spring-forward gap begins when the clock jumps, one starting
 *   in the repeated fall-back hour begins at its first occurrence, and an interval over a
 *   change is an hour (on Lord Howe half an hour) shorter or longer in real time.
 * - Slots start at the interval's start and step by slotIntervalMinutes of real elapsed
 *   time, so a day with a repeated hour never yields the same instant twice and a day with
 *   a gap never yields a start the clock skips. The slot [start, start + duration) must fit
 *   wholly inside the interval; the buffer after it may run past the interval's end,
 *   because it is the doctor's wrap-up time, not patient time.
 * - [start, start + duration + buffer) must be free of busy ranges and time off. The busy
 *   ranges already carry their own buffers, and the database's exclusion constraint will
 *   store this booking's range with its buffer: checking the same range here means every
 *   offered slot can actually be booked, and a booked slot never shows up later as
 *   conflicting with time off that existed when it was offered.
 * - Notice: start >= now + minNoticeMinutes. Advance window: start < now + maxAdvanceDays
 *   × 24 h. Request window: start in [from 00:00, to + 1 00:00) of the requested zone.
 */

/** The slots of a date window, sorted by start. Throws SlotInputError on bad input. */
export function computeSlots(query: SlotQuery): Slot[] {
  const { plan, errors } = prepareSlotPlan(query);
  const window = resolveWindow(query.window ?? { from: '', to: '' }, query.availability?.timezone);
  const all = [...window.errors, ...errors];
  if (all.length > 0 || !plan || !window.bounds) throw new SlotInputError(all);
  return [...slotsBetween(plan, window.bounds.start, window.bounds.end)];
}

/**
 * The first slot from now on (within notice and the advance window), or null; what the
 * directory shows as `nextAvailableAt`. Days are generated lazily, so a doctor with an
 * opening tomorrow costs about a day of arithmetic, not the whole advance window.
 */
export function nextAvailableSlot(schedule: SlotSchedule): Slot | null {
  const plan = planOrThrow(schedule);
  return first(slotsBetween(plan, plan.earliest, plan.horizon));
}

/**
 * The offered slot starting exactly at `start`, or null: the booking check that a requested
 * start is one the engine offers (else 422 SLOT_NOT_AVAILABLE). Only the start's own day
 * is computed. The database constraint, not this check, decides races between bookings.
 */
export function findOfferedSlot(schedule: SlotSchedule, start: Date): Slot | null {
  const plan = planOrThrow(schedule);
  const instant = start instanceof Date ? start.getTime() : Number.NaN;
  if (Number.isNaN(instant)) throw new SlotInputError([{ field: 'start', message: 'must be a valid date' }]);
  return first(slotsBetween(plan, instant, instant + 1));
}

/** Offered slots starting in [from, until), lazily, in order of start (the waitlist's search). */
export function offeredSlotsBetween(schedule: SlotSchedule, from: Date, until: Date): Iterable<Slot> {
  return slotsBetween(planOrThrow(schedule), from.getTime(), until.getTime());
}

/**
 * The range a booking at `start` holds on the doctor's calendar: the visit plus its buffer.
 * Store this as the doctor's `tstzrange` so the exclusion constraint and the engine agree.
 */
export function occupiedRange(start: Date, appointmentType: AppointmentTiming): InstantRange {
  const minutes = appointmentType.durationMinutes + appointmentType.bufferMinutes;
  return { start, end: new Date(start.getTime() + minutes * MS_PER_MINUTE) };
}

function planOrThrow(schedule: SlotSchedule): SlotPlan {
  const { plan, errors } = prepareSlotPlan(schedule);
  if (!plan) throw new SlotInputError(errors);
  return plan;
}

function first<T>(items: Iterator<T>): T | null {
  const step = items.next();
  return step.done ? null : step.value;
}

/** Offered slots with start in [from, until), in increasing order of start. */
function* slotsBetween(plan: SlotPlan, from: number, until: number): Generator<Slot> {
  const low = Math.max(from, plan.earliest);
  const high = Math.min(until, plan.horizon);
  if (low >= high) return;

  const { clock, durationMs, bufferMs, stepMs } = plan;
  const blocked = new BlockedCursor(plan.blocked);
  // Around a fall-back across midnight an interval of local date D holds instants whose
  // calendar shows D - 1, and the calendar is not monotonic there; a day of margin either
  // side of the bounds keeps every interval that can reach into [low, high).
  const firstDay = clock.civilDayAt(low) - 1;
  const lastDay = clock.civilDayAt(high - 1) + 1;

  for (let day = firstDay; day <= lastDay; day += 1) {
    for (const rule of plan.rulesByWeekday.get(weekdayOf(day)) ?? []) {
      const intervalStart = clock.firstInstantAt(day, rule.startMinute);
      if (intervalStart >= high) return; // intervals come in time order
      const intervalEnd = clock.firstInstantAt(day, rule.endMinute);
      if (intervalEnd <= low) continue;

      // Jump over whole steps before `low` instead of walking them; the grid stays anchored
      // at the interval's start.
      let start = intervalStart;
      if (start < low) start += Math.ceil((low - start) / stepMs) * stepMs;
      for (; start < high && start + durationMs <= intervalEnd; start += stepMs) {
        if (blocked.overlaps(start, start + durationMs + bufferMs)) continue;
        yield { start: new Date(start), end: new Date(start + durationMs) };
      }
    }
  }
}
