import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { createPatient } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const URL = '/api/v1/me/notification-preferences';

const choice = {
  channels: { bookingConfirmed: ['email'], reminder: ['push', 'sms'], appointmentChanged: ['email', 'push'], waitlistOffer: ['push'], accountSecurity: ['push'] },
  quietHours: { start: '22:00', end: '07:30', timeZone: 'Europe/Madrid', otherwise: 'email' },
};

describe('notification preferences', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers the defaults before any choice: e-mail and push for every kind, no quiet hours', async () => {
    const patient = await createPatient(t);
    const response = await t.request({ method: 'GET', url: URL, headers: bearer(patient.token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      channels: { bookingConfirmed: ['email', 'push'], reminder: ['email', 'push'], appointmentChanged: ['email', 'push'], waitlistOffer: ['email', 'push'], accountSecurity: ['email', 'push'] },
      quietHours: null,
    });
  });

  it('replaces them and reads them back; account security keeps e-mail whatever is asked', async () => {
    const patient = await createPatient(t);
    const put = await t.request({ method: 'PUT', url: URL, headers: bearer(patient.token), payload: choice });
    expect(put.statusCode, put.body).toBe(200);
    const expected = { channels: { ...choice.channels, accountSecurity: ['email', 'push'] }, quietHours: choice.quietHours };
    expect(put.json()).toEqual(expected);
    expect((await t.request({ method: 'GET', url: URL, headers: bearer(patient.token) })).json()).toEqual(expected);
    // Another user's preferences are untouched.
    const other = await createPatient(t);
    expect((await t.request({ method: 'GET', url: URL, headers: bearer(other.token) })).json().quietHours).toBeNull();
    // A second PUT replaces the whole set: quiet hours off again.
    const again = await t.request({ method: 'PUT', url: URL, headers: bearer(patient.token), payload: { ...choice, quietHours: null } });
    expect(again.json().quietHours).toBeNull();
  });

  it.each([
    ['an unknown channel', { ...choice, channels: { ...choice.channels, reminder: ['pigeon'] } }],
    ['a channel twice', { ...choice, channels: { ...choice.channels, reminder: ['push', 'push'] } }],
    ['a missing kind', { ...choice, channels: { reminder: ['push'] } }],
    ['an invalid local time', { ...choice, quietHours: { ...choice.quietHours, start: '24:00' } }],
    ['an unknown zone', { ...choice, quietHours: { ...choice.quietHours, timeZone: 'Mars/Olympus' } }],
    ['equal start and end', { ...choice, quietHours: { ...choice.quietHours, end: '22:00' } }],
    ['an unknown field', { ...choice, extra: 1 }],
  ])('refuses %s with 400', async (_name, payload) => {
    const patient = await createPatient(t);
    expectProblem(await t.request({ method: 'PUT', url: URL, headers: bearer(patient.token), payload }), 400, 'VALIDATION_FAILED');
  });

  it('needs a signed-in caller', async () => {
    expectProblem(await t.request({ method: 'GET', url: URL }), 401, 'UNAUTHENTICATED');
  });
});
