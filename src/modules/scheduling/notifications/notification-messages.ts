import { DateTime } from 'luxon';
import type { MailMessage } from '../../../common/mail/mail.port.js';
import type { AppointmentContacts } from '../appointments/appointments.repository.js';
import type { OutboxMessage } from './outbox.repository.js';

/*
 * What the outbox carries and what the e-mails say. Payloads hold ids and instants only:
 * the visit reason is health data and goes into no message, log or outbox row.
 */

export const REMINDER_LEAD_MS = 24 * 3_600_000;

export type NotificationKind = 'appointment.booked' | 'appointment.cancelled' | 'appointment.rescheduled' | 'appointment.reminder' | 'waitlist.offer';

function reminder(appointmentId: string, start: Date, now: Date): OutboxMessage[] {
  const at = new Date(start.getTime() - REMINDER_LEAD_MS);
  if (at.getTime() <= now.getTime()) return [];
  return [{ kind: 'appointment.reminder', payload: { appointmentId, start: start.toISOString() }, availableAt: at }];
}

export function bookedMessages(appointmentId: string, start: Date, now: Date): OutboxMessage[] {
  return [{ kind: 'appointment.booked', payload: { appointmentId, start: start.toISOString() } }, ...reminder(appointmentId, start, now)];
}

export function rescheduledMessages(appointmentId: string, start: Date, now: Date): OutboxMessage[] {
  return [{ kind: 'appointment.rescheduled', payload: { appointmentId, start: start.toISOString() } }, ...reminder(appointmentId, start, now)];
}

export function cancelledMessages(appointmentId: string, start: Date): OutboxMessage[] {
  return [{ kind: 'appointment.cancelled', payload: { appointmentId, start: start.toISOString() } }];
}

/**
 * The e-mails for one outbox message, to the patient and the doctor. A reminder for an
 * appointment that was cancelled or moved since it was queued sends nothing.
 */
export function renderMail(kind: string, payload: Record<string, string>, contacts: AppointmentContacts): MailMessage[] {
  const when = DateTime.fromJSDate(contacts.startAt, { zone: contacts.doctorTimezone }).toFormat("cccc d LLLL yyyy 'at' HH:mm (z)");
  const line = (other: string) => `${when}, with ${other}.`;
  // A video visit's link goes to the two participants only, in the confirmation and after a move,
  // marked as a secret so no transport logs it; the outbox payload never holds it.
  const link = contacts.videoUrl ? `\nJoin the video visit: ${contacts.videoUrl}` : '';
  const to = (email: string, subject: string, text: string): MailMessage => ({ to: email, subject, text, secrets: contacts.videoUrl && text.includes(contacts.videoUrl) ? [contacts.videoUrl] : [] });
  switch (kind) {
    case 'appointment.booked':
      return [
        to(contacts.patientEmail, 'Your appointment is booked', `Your appointment is confirmed: ${line(contacts.doctorName)}${link}`),
        to(contacts.doctorEmail, 'New appointment', `A patient booked an appointment: ${line(contacts.patientName)}${link}`),
      ];
    case 'appointment.rescheduled':
      return [
        to(contacts.patientEmail, 'Your appointment has moved', `Your appointment is now ${line(contacts.doctorName)}${link}`),
        to(contacts.doctorEmail, 'An appointment has moved', `An appointment is now ${line(contacts.patientName)}${link}`),
      ];
    case 'appointment.cancelled':
      return [
        to(contacts.patientEmail, 'Your appointment is cancelled', `This appointment is cancelled: ${line(contacts.doctorName)}`),
        to(contacts.doctorEmail, 'An appointment is cancelled', `This appointment is cancelled: ${line(contacts.patientName)}`),
      ];
    case 'appointment.reminder':
      if (contacts.status !== 'confirmed' || contacts.startAt.toISOString() !== payload.start) return [];
      return [to(contacts.patientEmail, 'Reminder: your appointment tomorrow', `A reminder of your appointment: ${line(contacts.doctorName)}`)];
    default:
      return [];
  }
}

/** Issue 13: a waitlist offer, to its patient. The payload names the hold, never the visit. */
export function offerMessages(holdId: string, start: Date, expiresAt: Date): OutboxMessage[] {
  return [{ kind: 'waitlist.offer', payload: { holdId, start: start.toISOString(), expiresAt: expiresAt.toISOString() } }];
}

/** What an offer's e-mail needs: the patient's address, the doctor and the times. */
export interface OfferContacts {
  patientEmail: string;
  doctorName: string;
  doctorTimezone: string;
  startAt: Date;
  expiresAt: Date;
}

export function renderOfferMail(contacts: OfferContacts): MailMessage[] {
  const local = (instant: Date, format: string) => DateTime.fromJSDate(instant, { zone: contacts.doctorTimezone }).toFormat(format);
  const when = local(contacts.startAt, "cccc d LLLL yyyy 'at' HH:mm (z)");
  const text = `A slot you are waiting for is free: ${when}, with ${contacts.doctorName}. It is held for you until ${local(contacts.expiresAt, 'HH:mm (z)')}; book it with the hold, or decline it so the next patient may have it.`;
  return [{ to: contacts.patientEmail, subject: 'A slot you are waiting for is free', text, secrets: [] }];
}

/** Seconds before retry `attempts` (1-based): 10 s, 20 s, 40 s, … at most an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3_600, 10 * 2 ** Math.max(0, attempts - 1));
}
