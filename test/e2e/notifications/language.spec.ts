import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import { OutboxWorker } from '../../../src/modules/scheduling/notifications/outbox.worker.js';
import { bearer, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { createBookableDoctor } from '../../helpers/factories.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

async function registerWith(t: TestApp, acceptLanguage?: string): Promise<{ token: string; email: string }> {
  const email = uniqueEmail('lang');
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/auth/register',
    headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    payload: { email, password: strongPassword(), fullName: 'Lena Lang', role: 'patient' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return { token: response.json().accessToken as string, email };
}

describe('the language of a user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, '2027-03-01T00:00:00.000Z');
  });
  afterAll(() => t.close());

  const me = async (token: string) => (await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).json();

  it('comes from Accept-Language at registration, en by default', async () => {
    expect((await me((await registerWith(t, 'es-ES,es;q=0.9,en;q=0.5')).token)).locale).toBe('es');
    expect((await me((await registerWith(t, 'fr-FR')).token)).locale).toBe('en');
    expect((await me((await registerWith(t)).token)).locale).toBe('en');
  });

  it('changes in the profile, and only to a supported language', async () => {
    const user = await registerWith(t);
    const patch = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(user.token), payload: { locale: 'es' } });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().locale).toBe('es');
    expect((await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(user.token), payload: { locale: 'de' } })).statusCode).toBe(400);
  });

  it('is the language of the mail and its invite', async () => {
    const doctor = await createBookableDoctor(t, { fullName: 'Dra Ruiz', timezone: 'Europe/Madrid' });
    const patient = await registerWith(t, 'es');
    const mailer = t.app.get<DevelopmentMailer>(MAIL as never, { strict: false });
    const worker = t.app.get(OutboxWorker, { strict: false });
    await worker.tick();
    mailer.outbox.length = 0;
    await bookOk(t, patient.token, doctor, '2027-03-08T10:00:00.000Z');
    await worker.tick();
    const toPatient = mailer.outbox.find((m) => m.to === patient.email)!;
    expect(toPatient.subject).toBe('Tu cita está reservada');
    // The test doctor's visits are video visits: the meeting link follows, in the patient's language too.
    expect(toPatient.text).toMatch(/^Tu cita está confirmada: lunes 8 de marzo de 2027, 11:00 \(Europe\/Madrid\), con Dra Ruiz\.\nÚnase a la videoconsulta: https:\/\/\S+$/);
    expect(toPatient.calendar?.content).toContain('SUMMARY:Cita con Dra Ruiz');
    // The doctor registered without a preference: English.
    expect(mailer.outbox.find((m) => m.to !== patient.email)!.subject).toBe('New appointment');
  });
});
