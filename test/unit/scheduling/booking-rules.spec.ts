import { describe, expect, it } from 'vitest';
import { checkIntakeAnswers, type IntakeQuestion } from '../../../src/modules/scheduling/appointment-types/intake.js';
import { audienceAdmits } from '../../../src/modules/scheduling/appointments/audience.js';
import { seriesStarts } from '../../../src/modules/scheduling/appointments/series-plan.js';
import type { AppointmentContacts } from '../../../src/modules/scheduling/notifications/notification-contacts.repository.js';
import { recipientOf, renderMail } from '../../../src/modules/scheduling/notifications/notification-content.js';
import { suspensionAfterNoShow } from '../../../src/modules/scheduling/suspensions/no-show-policy.js';

const Q = {
  allergies: { id: '00000000-0000-4000-8000-000000000001', text: 'Any allergies?', kind: 'yes_no', required: true },
  notes: { id: '00000000-0000-4000-8000-000000000002', text: 'Anything else?', kind: 'text', required: false },
  insurer: { id: '00000000-0000-4000-8000-000000000003', text: 'Insurer', kind: 'single_choice', required: true, options: ['AOK', 'TK'] },
  since: { id: '00000000-0000-4000-8000-000000000004', text: 'Since when?', kind: 'date', required: false },
} satisfies Record<string, IntakeQuestion>;
const questions: IntakeQuestion[] = Object.values(Q);

describe('intake answers', () => {
  it('accept answers of the right kind and keep the question as asked', () => {
    const checked = checkIntakeAnswers(questions, [
      { questionId: Q.allergies.id, answer: false },
      { questionId: Q.insurer.id, answer: 'TK' },
      { questionId: Q.since.id, answer: '2027-02-28' },
    ]);
    expect(checked).toEqual({
      ok: true,
      answers: [
        { questionId: Q.allergies.id, question: 'Any allergies?', answer: false },
        { questionId: Q.insurer.id, question: 'Insurer', answer: 'TK' },
        { questionId: Q.since.id, question: 'Since when?', answer: '2027-02-28' },
      ],
    });
  });

  it('name each required answer that is missing', () => {
    const checked = checkIntakeAnswers(questions, [{ questionId: Q.insurer.id, answer: '' }]);
    expect(checked).toEqual({
      ok: false,
      errors: [
        { field: `intakeAnswers.${Q.allergies.id}`, message: 'is required' },
        { field: `intakeAnswers.${Q.insurer.id}`, message: 'is required' },
      ],
    });
  });

  it('refuse answers of the wrong kind, options not offered, impossible dates and unknown or repeated questions', () => {
    const checked = checkIntakeAnswers(questions, [
      { questionId: Q.allergies.id, answer: 'yes' },
      { questionId: Q.notes.id, answer: true },
      { questionId: Q.insurer.id, answer: 'Other' },
      { questionId: Q.since.id, answer: '2027-02-30' },
      { questionId: '00000000-0000-4000-8000-000000000009', answer: 'x' },
      { questionId: Q.notes.id, answer: 'again' },
    ]);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'intakeAnswers.4.questionId: is not a question of this appointment type',
      'intakeAnswers.5.questionId: is answered twice',
      `intakeAnswers.${Q.allergies.id}: must be true or false`,
      `intakeAnswers.${Q.notes.id}: must be text`,
      `intakeAnswers.${Q.insurer.id}: must be one of the offered options`,
      `intakeAnswers.${Q.since.id}: must be a date (YYYY-MM-DD)`,
    ]);
  });
});

describe('audience', () => {
  it('admits new patients to `new` types only, returning ones to `returning` types only, everyone to `any`', () => {
    expect([audienceAdmits('any', false), audienceAdmits('any', true)]).toEqual([true, true]);
    expect([audienceAdmits('new', false), audienceAdmits('new', true)]).toEqual([true, false]);
    expect([audienceAdmits('returning', false), audienceAdmits('returning', true)]).toEqual([false, true]);
  });
});

describe('series starts', () => {
  it('keep the local wall-clock time across the spring-forward change (Europe/Berlin, 28 March 2027)', () => {
    // 09:00 CET (+01:00) on 22 March; 29 March is 09:00 CEST (+02:00), an hour earlier in UTC.
    const starts = seriesStarts(new Date('2027-03-22T08:00:00.000Z'), 'Europe/Berlin', 1, 3).map((d) => d.toISOString());
    expect(starts).toEqual(['2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);
  });

  it('keep it across the fall-back change too, every 2 and 4 weeks (America/New_York, 7 November 2027)', () => {
    expect(seriesStarts(new Date('2027-10-25T13:30:00.000Z'), 'America/New_York', 2, 2).map((d) => d.toISOString())).toEqual(['2027-10-25T13:30:00.000Z', '2027-11-08T14:30:00.000Z']);
    expect(seriesStarts(new Date('2027-01-04T10:00:00.000Z'), 'UTC', 4, 3).map((d) => d.toISOString())).toEqual(['2027-01-04T10:00:00.000Z', '2027-02-01T10:00:00.000Z', '2027-03-01T10:00:00.000Z']);
  });
});

describe('no-show suspension', () => {
  const now = new Date('2027-06-01T12:00:00.000Z');
  it('begins at the limit, for 30 days, counting visits of the last 180 days', () => {
    expect(suspensionAfterNoShow.decide(2, 3, now)).toBeNull();
    expect(suspensionAfterNoShow.decide(3, 3, now)).toEqual({ start: now, end: new Date('2027-07-01T12:00:00.000Z') });
    expect(suspensionAfterNoShow.countSince(now)).toEqual(new Date('2026-12-03T12:00:00.000Z'));
  });
});

describe('video link in mail', () => {
  const contacts: AppointmentContacts = {
    id: '7d1f0c1e-0000-4000-8000-000000000001',
    status: 'confirmed',
    startAt: new Date('2027-03-08T10:00:00.000Z'),
    endAt: new Date('2027-03-08T10:30:00.000Z'),
    sequence: 0,
    mode: 'video',
    doctorTimezone: 'UTC',
    doctorUserId: '00000000-0000-4000-8000-000000000002',
    doctorName: 'Dr Who',
    doctorEmail: 'doc@example.com',
    doctorLocale: 'en',
    patientId: '00000000-0000-4000-8000-000000000001',
    patientName: 'Pat',
    patientEmail: 'pat@example.com',
    patientLocale: 'en',
    videoUrl: 'https://meet.jit.si/ihosi-secret',
  };
  const now = new Date('2027-03-01T00:00:00.000Z');
  it('goes to both participants in the confirmation and after a move, marked as a secret', () => {
    for (const topic of ['booked', 'rescheduled'] as const) {
      const mails = (['patient', 'doctor'] as const).map((audience) => renderMail(topic, contacts, recipientOf(contacts, audience), 'x@y.z', now));
      expect(mails).toHaveLength(2);
      for (const mail of mails) {
        expect(mail.text).toContain(contacts.videoUrl);
        expect(mail.secrets).toEqual([contacts.videoUrl]);
      }
    }
    expect(renderMail('cancelled', { ...contacts, status: 'cancelled' }, recipientOf(contacts, 'patient'), 'x@y.z', now).text).not.toContain(contacts.videoUrl);
  });
});
