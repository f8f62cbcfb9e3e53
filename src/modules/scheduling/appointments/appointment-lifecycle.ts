/*
 * The appointment state machine, pure. `confirmed` is the only state that holds time; the
 * other three are final. Complete and no-show are facts about a visit that has begun, so
 * they are refused before the start; a visit that has begun cannot be moved either.
 */

import type { AppointmentStatus } from '../../../common/validation/enums.js';

// The statuses are the database enum's (appointment_status).
export { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../../common/validation/enums.js';
export type LifecycleAction = 'cancel' | 'reschedule' | 'complete' | 'no_show';

export type Transition =
  | { ok: true; next: AppointmentStatus }
  | { ok: false; code: 'INVALID_STATUS_TRANSITION'; reason: 'final_state' | 'not_started' | 'started' };

const targets: Record<LifecycleAction, AppointmentStatus> = {
  cancel: 'cancelled',
  reschedule: 'confirmed',
  complete: 'completed',
  no_show: 'no_show',
};

export function isFinal(status: AppointmentStatus): boolean {
  return status !== 'confirmed';
}

/** Whether `action` may happen to an appointment in `status` starting at `start`, at `now`. */
export function decideTransition(action: LifecycleAction, appointment: { status: AppointmentStatus; start: Date }, now: Date): Transition {
  if (isFinal(appointment.status)) return { ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'final_state' };
  if ((action === 'complete' || action === 'no_show') && now.getTime() < appointment.start.getTime()) {
    return { ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'not_started' };
  }
  // Whoever asks: moving a visit that is under way (or over) would rewrite what happened.
  if (action === 'reschedule' && now.getTime() >= appointment.start.getTime()) {
    return { ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'started' };
  }
  return { ok: true, next: targets[action] };
}

/**
 * A patient may cancel or reschedule until `noticeHours` before the start; doctors and admins
 * are not bound by it. Rescheduling follows the same window because a move to next week
 * followed by a cancellation there would otherwise get around it.
 */
export function patientMayChange(start: Date, now: Date, noticeHours: number): boolean {
  return now.getTime() <= start.getTime() - noticeHours * 3_600_000;
}
