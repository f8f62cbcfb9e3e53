import { describe, expect, it } from 'vitest';
import { lockScreenNotice } from '../../../src/modules/notifications/lock-screen-text.js';

const base = { appointmentId: 'a1', doctorName: 'Maria Lee', zone: 'Europe/Madrid', now: new Date('2027-03-01T20:00:00Z') };

describe('lock-screen text', () => {
  it('says who and when, in the visit’s zone: today, tomorrow, or the date', () => {
    const at = (iso: string) => lockScreenNotice({ ...base, kind: 'appointment.reminder', startAt: new Date(iso) })!.body;
    expect(at('2027-03-01T21:30:00Z')).toBe('Your appointment with Dr. Lee today at 22:30');
    expect(at('2027-03-02T08:30:00Z')).toBe('Your appointment with Dr. Lee tomorrow at 09:30');
    expect(at('2027-03-05T08:30:00Z')).toBe('Your appointment with Dr. Lee on Fri 5 Mar at 09:30');
  });

  it('has a title per kind and carries the appointment id to collapse on', () => {
    const notice = (kind: string) => lockScreenNotice({ ...base, kind, startAt: new Date('2027-03-02T08:30:00Z') });
    expect(notice('appointment.booked')).toEqual({ title: 'Appointment booked', body: 'Your appointment with Dr. Lee tomorrow at 09:30', collapseId: 'a1' });
    expect(notice('appointment.rescheduled')!.body).toBe('Your appointment with Dr. Lee is now tomorrow at 09:30');
    expect(notice('appointment.cancelled')).toMatchObject({ title: 'Appointment cancelled', body: 'Your appointment with Dr. Lee tomorrow at 09:30 is cancelled' });
    expect(notice('doctor.verified')).toBeNull();
  });

  it('offers a freed slot by the doctor and the time only (issue 14: waitlist offers by push and SMS)', () => {
    const startAt = new Date('2027-03-02T08:30:00Z');
    expect(lockScreenNotice({ ...base, appointmentId: 'h1', kind: 'waitlist.offer', startAt })).toEqual({ title: 'A slot is free', body: 'A slot with Dr. Lee tomorrow at 09:30 is free for you', collapseId: 'h1' });
    expect(lockScreenNotice({ ...base, kind: 'waitlist.offer', startAt, language: 'es' })).toMatchObject({ title: 'Hay un hueco libre', body: 'Hay un hueco con Dr. Lee mañana a las 09:30 libre para ti' });
  });

  it('speaks Spanish, and English for a language it does not have', () => {
    const startAt = new Date('2027-03-02T08:30:00Z');
    expect(lockScreenNotice({ ...base, kind: 'appointment.reminder', startAt, language: 'es-MX' })).toMatchObject({ title: 'Recordatorio de cita', body: 'Tu cita con Dr. Lee mañana a las 09:30' });
    expect(lockScreenNotice({ ...base, kind: 'appointment.reminder', startAt, language: 'de' })!.body).toBe('Your appointment with Dr. Lee tomorrow at 09:30');
  });

});
