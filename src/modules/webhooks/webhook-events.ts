import type { AppointmentChange } from '../../common/events/event-bus.service.js';

/** The events a subscription can ask for. */
export const WEBHOOK_EVENTS = [
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.completed',
  'appointment.no_show',
  'doctor.verified',
  'waitlist.offered',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The webhook event of an appointment change: the same name. */
export function appointmentEvent(change: AppointmentChange): WebhookEvent {
  return change;
}

/**
 * A message's body, as Standard Webhooks suggests: the event `type`, when it happened, and
 * `data`, the resource as the API shows it to the subscription's owner.
 */
export function messageBody(type: WebhookEvent, timestamp: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
}
