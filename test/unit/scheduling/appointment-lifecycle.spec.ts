import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES, decideTransition, isFinal, patientMayChange, type LifecycleAction } from '../../../src/modules/scheduling/appointments/appointment-lifecycle.js';

const start = new Date('2027-03-08T10:00:00.000Z');
const before = new Date('2027-03-08T09:59:59.999Z');
const after = new Date('2027-03-08T10:00:00.000Z');
const ACTIONS: LifecycleAction[] = ['cancel', 'reschedule', 'complete', 'no_show'];

describe('appointment state machine', () => {
  it('only confirmed is not final', () => {
    expect(APPOINTMENT_STATUSES.filter((s) => !isFinal(s))).toEqual(['confirmed']);
  });

  it.each([
    ['cancel', 'cancelled'],
    ['reschedule', 'confirmed'],
  ] as const)('lets a confirmed appointment %s before its start (→ %s)', (action, next) => {
    expect(decideTransition(action, { status: 'confirmed', start }, before)).toEqual({ ok: true, next });
  });

  it.each([
    ['complete', 'completed'],
    ['no_show', 'no_show'],
  ] as const)('allows %s from the start on (→ %s), not a millisecond before', (action, next) => {
    expect(decideTransition(action, { status: 'confirmed', start }, before)).toEqual({ ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'not_started' });
    expect(decideTransition(action, { status: 'confirmed', start }, after)).toEqual({ ok: true, next });
  });

  it('refuses to reschedule from the start on, not a millisecond before, whoever asks', () => {
    expect(decideTransition('reschedule', { status: 'confirmed', start }, before)).toEqual({ ok: true, next: 'confirmed' });
    expect(decideTransition('reschedule', { status: 'confirmed', start }, after)).toEqual({ ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'started' });
    expect(decideTransition('reschedule', { status: 'confirmed', start }, new Date('2027-03-08T12:00:00.000Z'))).toEqual({ ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'started' });
  });

  it('refuses every action out of every final state', () => {
    for (const status of ['cancelled', 'completed', 'no_show'] as const) {
      for (const action of ACTIONS) {
        for (const now of [before, after]) {
          expect(decideTransition(action, { status, start }, now)).toEqual({ ok: false, code: 'INVALID_STATUS_TRANSITION', reason: 'final_state' });
        }
      }
    }
  });
});

describe('patient cancellation window (cancel and reschedule alike)', () => {
  it('allows a change up to exactly noticeHours before the start', () => {
    expect(patientMayChange(start, new Date('2027-03-07T10:00:00.000Z'), 24)).toBe(true);
    expect(patientMayChange(start, new Date('2027-03-07T10:00:00.001Z'), 24)).toBe(false);
    expect(patientMayChange(start, before, 0)).toBe(true);
    expect(patientMayChange(start, new Date('2027-03-08T10:00:00.001Z'), 0)).toBe(false);
  });
});
