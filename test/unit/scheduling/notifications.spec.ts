import { describe, expect, it } from 'vitest';
import type { AppointmentContacts } from '../../../src/modules/scheduling/notifications/notification-contacts.repository.js';
import { recipientOf, renderMail, renderShort } from '../../../src/modules/scheduling/notifications/notification-content.js';
import {
  bookedMessage,
  cancelledMessage,
  reminderMessages,
  reminderStillDue,
  rescheduledMessage,
  retryDelaySeconds,
  splitReminder,
} from '../../../src/modules/scheduling/notifications/notification-messages.js';
import { parseCalendar } from '../../helpers/icalendar.js';

const start = new Date('2027-03-08T10:00:00.000Z');
const contacts: AppointmentContacts = {
  id: '7d1f0c1e-0000-4000-8000-000000000001',
  status: 'confirmed',
  startAt: start,
  endAt: new Date('2027-03-08T10:30:00.000Z'),
  sequence: 0,
  mode: 'in_person',
  doctorTimezone: 'Europe/Berlin',
  doctorUserId: 'd1',
  doctorName: 'Dr Who',
  doctorEmail: 'doc@example.com',
  doctorLocale: 'en',
  patientId: 'p1',
  patientName: 'Pat',
  patientEmail: 'pat@example.com',
  patientLocale: 'en',
};
const NOW = new Date('2027-03-01T00:00:00Z');

describe('outbox messages', () => {
  it('carry ids and instants only', () => {
    for (const m of [bookedMessage('a1', start), rescheduledMessage('a1', start), cancelledMessage('a1', start), ...reminderMessages('a1', start, [1440, 120], NOW)]) {
      expect(Object.keys(m.payload).every((k) => ['appointmentId', 'start', 'until'].includes(k))).toBe(true);
    }
  });

  it('queue one reminder per offset still ahead, each good until the next one and the last until the visit', () => {
    const reminders = reminderMessages('a1', start, [120, 1440], NOW);
    expect(reminders.map((m) => [m.availableAt?.toISOString(), m.payload.until])).toEqual([
      ['2027-03-07T10:00:00.000Z', '2027-03-08T08:00:00.000Z'],
      ['2027-03-08T08:00:00.000Z', '2027-03-08T10:00:00.000Z'],
    ]);
    expect(reminderMessages('a1', start, [1440, 120], new Date('2027-03-07T12:00:00Z')).map((m) => m.availableAt?.toISOString())).toEqual(['2027-03-08T08:00:00.000Z']);
    expect(reminderMessages('a1', start, [1440, 120], new Date('2027-03-08T09:00:00Z'))).toEqual([]);
    expect(reminderMessages('a1', start, [60, 60], NOW)).toHaveLength(1);
  });

  it('send a reminder only before its until, for the same visit, still confirmed', () => {
    const [first, last] = reminderMessages('a1', start, [1440, 120], NOW);
    expect(reminderStillDue(first!.payload, contacts, new Date('2027-03-07T10:00:00Z'))).toBe(true);
    // Down through the 2 h reminder's time: the 24 h one is dropped, the 2 h one goes once…
    expect(reminderStillDue(first!.payload, contacts, new Date('2027-03-08T08:30:00Z'))).toBe(false);
    expect(reminderStillDue(last!.payload, contacts, new Date('2027-03-08T08:30:00Z'))).toBe(true);
    // …and never at or after the visit.
    expect(reminderStillDue(last!.payload, contacts, start)).toBe(false);
    expect(reminderStillDue(last!.payload, { ...contacts, status: 'cancelled' }, new Date('2027-03-08T08:30:00Z'))).toBe(false);
    expect(reminderStillDue(last!.payload, { ...contacts, startAt: new Date('2027-03-09T10:00:00Z') }, new Date('2027-03-08T08:30:00Z'))).toBe(false);
  });

  it('split a reminder whose push falls in quiet hours: push before they start, e-mail at its time', () => {
    // Visit 08:00 Berlin; the 2 h reminder at 06:00 falls in 22:00–07:00.
    const visit = new Date('2027-03-08T07:00:00Z');
    const [, twoHours] = reminderMessages('a1', visit, [1440, 120], NOW);
    const quiet = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin', otherwise: 'wait' as const };
    const rows = splitReminder(twoHours!, ['email', 'push'], quiet, NOW);
    expect(rows.map((r) => [r.payload.channels, r.availableAt?.toISOString()])).toEqual([
      ['email', '2027-03-08T05:00:00.000Z'],
      ['push', '2027-03-07T20:59:00.000Z'],
    ]);
    expect(splitReminder(twoHours!, ['email', 'push'], null, NOW)).toEqual([twoHours]);
  });

  it('retry with exponential backoff, capped at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20)).toBe(3600);
  });
});

describe('notification content', () => {
  it("renders to patient and doctor in the doctor's zone, with an invite", () => {
    const mail = renderMail('booked', contacts, recipientOf(contacts, 'patient'), 'iHosi <no-reply@ihosi.test>', NOW);
    expect(mail.to).toBe('pat@example.com');
    expect(mail.text).toContain('Monday 8 March 2027 at 11:00');
    expect(mail.calendar?.method).toBe('REQUEST');
    const invite = parseCalendar(mail.calendar!.content);
    expect(invite.events[0]).toMatchObject({ uid: `${contacts.id}@ihosi`, sequence: 0, summary: 'Appointment with Dr Who', start, end: contacts.endAt });
    expect(renderMail('booked', contacts, recipientOf(contacts, 'doctor'), 'x@y.z', NOW).to).toBe('doc@example.com');
  });

  it('writes Spanish for a recipient whose language is es', () => {
    const mail = renderMail('cancelled', { ...contacts, status: 'cancelled', sequence: 1, patientLocale: 'es' }, recipientOf({ ...contacts, patientLocale: 'es' }, 'patient'), 'x@y.z', NOW);
    expect(mail.subject).toBe('Tu cita está cancelada');
    expect(mail.text).toContain('lunes 8 de marzo de 2027');
    expect(mail.calendar?.method).toBe('CANCEL');
    expect(parseCalendar(mail.calendar!.content).events[0]).toMatchObject({ sequence: 1, status: 'CANCELLED', summary: 'Cita con Dr Who' });
  });

  it('keeps the push text to a name and a time', () => {
    const short = renderShort('reminder', contacts, recipientOf(contacts, 'patient'), new Date('2027-03-07T12:00:00Z'));
    expect(short.body).toBe('Your appointment with Dr Who tomorrow at 11:00');
    const es = renderShort('reminder', contacts, { ...recipientOf(contacts, 'patient'), locale: 'es' }, new Date('2027-03-07T12:00:00Z'));
    expect(es.body).toBe('Tu cita con Dr Who mañana a las 11:00');
  });
});
