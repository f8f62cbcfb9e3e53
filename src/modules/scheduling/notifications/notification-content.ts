import type { MailMessage } from '../../../common/mail/mail.port.js';
import { writeCalendar, type CalendarEvent } from './calendar/icalendar.js';
import type { AppointmentContacts } from './notification-contacts.repository.js';
import { longWhen, shortWhen, textsFor, type Audience, type Locale, type MessageTopic } from './notification-texts.js';

/** One party of an appointment as a recipient. */
export interface Recipient {
  userId: string;
  audience: Audience;
  email: string;
  name: string;
  locale: Locale;
  /** The other party's name, which the message mentions. */
  other: string;
}

export function recipientOf(contacts: AppointmentContacts, audience: Audience): Recipient {
  return audience === 'patient'
    ? { userId: contacts.patientId, audience, email: contacts.patientEmail, name: contacts.patientName, locale: contacts.patientLocale, other: contacts.doctorName }
    : { userId: contacts.doctorUserId, audience, email: contacts.doctorEmail, name: contacts.doctorName, locale: contacts.doctorLocale, other: contacts.patientName };
}

/** The appointment as a calendar event for `recipient`: the same UID for every version, SEQUENCE from the row. */
export function calendarEvent(contacts: AppointmentContacts, recipient: Pick<Recipient, 'locale' | 'other'>, stamp: Date): CalendarEvent {
  return {
    uid: `${contacts.id}@ihosi`,
    sequence: contacts.sequence,
    start: contacts.startAt,
    end: contacts.endAt,
    timeZone: contacts.doctorTimezone,
    summary: textsFor(recipient.locale).summary(recipient.other),
    status: contacts.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    stamp,
  };
}

/**
 * The e-mail for one recipient. Confirmation and change mails carry an iTIP invite of the
 * appointment as it is now: REQUEST while it stands, CANCEL once cancelled.
 */
export function renderMail(topic: MessageTopic, contacts: AppointmentContacts, recipient: Recipient, organizer: string, now: Date): MailMessage {
  const texts = textsFor(recipient.locale);
  const line = texts.line[topic][recipient.audience](longWhen(contacts.startAt, contacts.doctorTimezone, recipient.locale), recipient.other);
  // A video visit's link goes to the two participants only, in the confirmation and after a move,
  // marked as a secret so no transport logs it; the outbox payload never holds it.
  const link = contacts.videoUrl && (topic === 'booked' || topic === 'rescheduled') ? contacts.videoUrl : null;
  const text = link ? `${line}\n${texts.videoLink(link)}` : line;
  const mail: MailMessage = { to: recipient.email, subject: texts.subject[topic][recipient.audience], text, secrets: link ? [link] : [] };
  if (topic === 'reminder') return mail;
  const cancelled = contacts.status === 'cancelled';
  const event: CalendarEvent = {
    ...calendarEvent(contacts, recipient, now),
    organizer: { name: 'iHosi', email: addressOf(organizer) },
    attendee: { name: recipient.name, email: recipient.email },
  };
  const method = cancelled ? 'CANCEL' : 'REQUEST';
  return { ...mail, calendar: { method, content: writeCalendar({ method, events: [event] }) } };
}

/** The push or SMS text: names and a short time, nothing a lock screen should not show. */
export function renderShort(topic: MessageTopic, contacts: AppointmentContacts, recipient: Recipient, now: Date): { title: string; body: string; collapseKey: string } {
  const texts = textsFor(recipient.locale);
  return {
    title: 'iHosi',
    body: texts.short[topic](shortWhen(contacts.startAt, now, contacts.doctorTimezone, recipient.locale), recipient.other),
    collapseKey: `appointment-${contacts.id}`,
  };
}

function addressOf(from: string): string {
  const match = /<([^>]+)>/.exec(from);
  return (match ? match[1]! : from).trim();
}
