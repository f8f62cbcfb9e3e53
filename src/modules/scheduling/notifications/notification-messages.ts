import { DateTime } from 'luxon';
import type { MailMessage } from '../../../common/mail/mail.port.js';
import type { AppointmentContacts } from './notification-contacts.repository.js';
import type { OutboxMessage } from './outbox.repository.js';
import { planDeliveries, type ChannelName, type NotificationKind, type QuietHours } from './preferences/quiet-hours.js';
import type { Audience, MessageTopic } from './notification-texts.js';

/*
 * What the outbox carries. Payloads hold ids and instants only: the visit reason is health
 * data and goes into no message, log or outbox row. Optional payload fields narrow a row to
 * one recipient (`recipientId`) and some channels (`channels`, comma-separated): rows split
 * off by quiet hours.
 */

export type OutboxKind = 'appointment.booked' | 'appointment.cancelled' | 'appointment.rescheduled' | 'appointment.reminder';

/** Reminder offsets when an appointment type names none: 24 h and 2 h before the visit. */
export const DEFAULT_REMINDER_OFFSETS_MINUTES: readonly number[] = [1440, 120];

export function bookedMessage(appointmentId: string, start: Date): OutboxMessage {
  return { kind: 'appointment.booked', payload: { appointmentId, start: start.toISOString() } };
}

export function rescheduledMessage(appointmentId: string, start: Date): OutboxMessage {
  return { kind: 'appointment.rescheduled', payload: { appointmentId, start: start.toISOString() } };
}

export function cancelledMessage(appointmentId: string, start: Date): OutboxMessage {
  return { kind: 'appointment.cancelled', payload: { appointmentId, start: start.toISOString() } };
}

/**
 * One reminder per offset (minutes before `start`) still ahead of `now`, earliest first. Each
 * is good `until` the next one's time (the last: the visit), so after an outage only the
 * latest reminder that is due goes out, once, and none after the visit.
 */
export function reminderMessages(appointmentId: string, start: Date, offsetsMinutes: readonly number[], now: Date): OutboxMessage[] {
  const times = [...new Set(offsetsMinutes)].sort((a, b) => b - a).map((m) => start.getTime() - m * 60_000);
  return times.flatMap((at, i) => {
    if (at <= now.getTime()) return [];
    const until = new Date(times[i + 1] ?? start.getTime());
    return [{ kind: 'appointment.reminder', payload: { appointmentId, start: start.toISOString(), until: until.toISOString() }, availableAt: new Date(at) }];
  });
}

/** A reminder goes out only for the visit it was queued for, still confirmed, before its `until` (a later reminder or the visit). */
export function reminderStillDue(payload: Record<string, string>, contacts: Pick<AppointmentContacts, 'status' | 'startAt'>, now: Date): boolean {
  if (contacts.status !== 'confirmed' || contacts.startAt.toISOString() !== payload.start) return false;
  const until = new Date(payload.until ?? payload.start ?? 0);
  return now.getTime() < Math.min(until.getTime(), contacts.startAt.getTime());
}

/** Both parties hear of a booking or a change (patient first); only the patient is reminded. */
const PARTIES: Record<Audience, true> = { patient: true, doctor: true };
const BOTH = Object.keys(PARTIES) as Audience[];

/** Which preference a message answers to, its wording, and who hears of it. */
export function describe(kind: string): { preference: NotificationKind; topic: MessageTopic; audiences: Audience[] } | null {
  switch (kind) {
    case 'appointment.booked':
      return { preference: 'bookingConfirmed', topic: 'booked', audiences: BOTH };
    case 'appointment.rescheduled':
      return { preference: 'appointmentChanged', topic: 'rescheduled', audiences: BOTH };
    case 'appointment.cancelled':
      return { preference: 'appointmentChanged', topic: 'cancelled', audiences: BOTH };
    case 'appointment.reminder':
      return { preference: 'reminder', topic: 'reminder', audiences: ['patient'] };
    default:
      return null;
  }
}

/** Issue 13: a waitlist offer, to its patient. The payload names the hold, never the visit. */
export function offerMessages(holdId: string, start: Date, expiresAt: Date): OutboxMessage[] {
  return [{ kind: 'waitlist.offer', payload: { holdId, start: start.toISOString(), expiresAt: expiresAt.toISOString() } }];
}

/** What an offer's messages need: the patient, the doctor and the times, and whether the hold still stands. */
export interface OfferContacts {
  patientId: string;
  patientEmail: string;
  patientLocale: 'en' | 'es';
  /** The hold stands: not ended (booked, declined, …) and not expired, by the database's clock as every hold check. */
  open: boolean;
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

/**
 * A reminder whose push or SMS would fall in the patient's quiet hours is split, when it is
 * queued, into rows per delivery time: those channels just before the quiet hours start, the
 * rest at the reminder's time. Otherwise the row stays whole (planned again when it is sent).
 */
export function splitReminder(message: OutboxMessage, channels: readonly ChannelName[], quietHours: QuietHours | null, now: Date): OutboxMessage[] {
  const at = message.availableAt ?? now;
  const deliveries = planDeliveries({ kind: 'reminder', channels, plannedAt: at, now, notAfter: new Date(message.payload.start ?? at), quietHours });
  const groups = new Map<number, ChannelName[]>();
  for (const d of deliveries) groups.set(d.at.getTime(), [...(groups.get(d.at.getTime()) ?? []), d.channel]);
  if (groups.size === 0 || (groups.size === 1 && groups.has(at.getTime()))) return [message];
  return [...groups].map(([time, list]) => ({ ...message, payload: { ...message.payload, channels: list.join(',') }, availableAt: new Date(time) }));
}
