/*
 * The appointment state machine, pure. `confirmed` is the only state that holds time; the
 * other three are final. Complete and no-show are facts about a visit that has begun, so
 * they are refused before the start.
 */

export const APPOINTMENT_STATUSES = ['confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export type LifecycleAction = 'cancel' | 'reschedule' | 'complete' | 'no_show';

export type Transition =
  | { ok: true; next: AppointmentStatus }
  | { ok: false; code: 'INVALID_STATUS_TRANSITION'; reason: 'final_state' | 'not_started' };

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
  return { ok: true, next: targets[action] };
}

/** A patient may cancel until `noticeHours` before the start; doctors and admins any time. */
export function patientMayCancel(start: Date, now: Date, noticeHours: number): boolean {
  return now.getTime() <= start.getTime() - noticeHours * 3_600_000;
}
