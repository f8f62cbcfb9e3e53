import { describe, expect, it } from 'vitest';
import { bookedMessages, cancelledMessages, renderMail, rescheduledMessages, retryDelaySeconds } from '../../../src/modules/scheduling/notifications/notification-messages.js';

const start = new Date('2027-03-08T10:00:00.000Z');
const contacts = {
  status: 'confirmed' as const,
  patientId: '00000000-0000-4000-8000-000000000001',
  startAt: start,
  doctorTimezone: 'Europe/Berlin',
  doctorName: 'Dr Who',
  doctorEmail: 'doc@example.com',
  patientName: 'Pat',
  patientEmail: 'pat@example.com',
};

describe('outbox messages', () => {
  it('queue a reminder 24 h before the visit on booking and reschedule, when that is still ahead', () => {
    const booked = bookedMessages('a1', start, new Date('2027-03-01T00:00:00Z'));
    expect(booked.map((m) => m.kind)).toEqual(['appointment.booked', 'appointment.reminder']);
    expect(booked[1]!.availableAt).toEqual(new Date('2027-03-07T10:00:00.000Z'));
    expect(bookedMessages('a1', start, new Date('2027-03-07T12:00:00Z')).map((m) => m.kind)).toEqual(['appointment.booked']);
    expect(rescheduledMessages('a1', start, new Date('2027-03-01T00:00:00Z')).map((m) => m.kind)).toEqual(['appointment.rescheduled', 'appointment.reminder']);
    expect(cancelledMessages('a1', start).map((m) => m.kind)).toEqual(['appointment.cancelled']);
  });

  it('carry ids and instants only', () => {
    for (const m of bookedMessages('a1', start, new Date('2027-03-01T00:00:00Z'))) expect(Object.keys(m.payload).sort()).toEqual(['appointmentId', 'start']);
  });

  it('render to patient and doctor in the doctor\'s zone', () => {
    const mails = renderMail('appointment.booked', { appointmentId: 'a1', start: start.toISOString() }, contacts);
    expect(mails.map((m) => m.to)).toEqual(['pat@example.com', 'doc@example.com']);
    expect(mails[0]!.text).toContain('Monday 8 March 2027 at 11:00');
  });

  it('drop a reminder for an appointment cancelled or moved since it was queued', () => {
    const payload = { appointmentId: 'a1', start: start.toISOString() };
    expect(renderMail('appointment.reminder', payload, contacts)).toHaveLength(1);
    expect(renderMail('appointment.reminder', payload, { ...contacts, status: 'cancelled' })).toEqual([]);
    expect(renderMail('appointment.reminder', payload, { ...contacts, startAt: new Date('2027-03-09T10:00:00Z') })).toEqual([]);
  });

  it('retry with exponential backoff, capped at an hour', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20)).toBe(3600);
  });
});
