import bcrypt from 'bcrypt';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, expectNoneInLogs, getMe, login, registerUser, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('auth: accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const register = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v1/auth/register', payload });
  const valid = () => ({ email: uniqueEmail(), password: strongPassword(), fullName: 'Ada Lovelace', role: 'patient' });

  describe('register', () => {
    it('creates a patient and answers 201 with a Session', async () => {
      const input = { ...valid(), phone: '+4930123456' };
      const response = await register(input);
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      expect(body).toEqual({
        user: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: input.email, fullName: 'Ada Lovelace', role: 'patient', phone: '+4930123456', dateOfBirth: null, locale: 'en', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(response.body).not.toMatch(/password|hash/i);
      expect((await getMe(t, body.accessToken)).json()).toEqual(body.user);
    });

    it('creates a pending doctor profile with a doctor account, in the same transaction', async () => {
      const session = await registerUser(t, { role: 'doctor' });
      const rows = await queryRows(t, sql`select verification_status, timezone from doctors where user_id = ${session.user.id}`);
      expect(rows).toEqual([{ verification_status: 'pending', timezone: 'UTC' }]);
      const patient = await registerUser(t, { role: 'patient' });
      expect(await queryRows(t, sql`select 1 from doctors where user_id = ${patient.user.id}`)).toHaveLength(0);
    });

    it('refuses role "admin", unknown fields and wrong types with 400 listing the fields', async () => {
      for (const payload of [
        { ...valid(), role: 'admin' },
        { ...valid(), isAdmin: true },
        { ...valid(), fullName: 42 },
        { ...valid(), email: 'not-an-email' },
        { ...valid(), role: undefined },
        { ...valid(), phone: 'call me' },
      ]) {
        const body = expectProblem(await register(payload), 400, 'VALIDATION_FAILED');
        expect((body.errors as unknown[]).length).toBeGreaterThan(0);
      }
      const unknown = expectProblem(await register({ ...valid(), isAdmin: true }), 400, 'VALIDATION_FAILED');
      expect(unknown.errors).toContainEqual({ field: 'isAdmin', message: 'is not a known field' });
    });

    it('refuses a name with control, line-separator or text-direction characters: it is shown to others in mail, texts and calendars', async () => {
      for (const fullName of ['Mallory\rEND:VEVENT', 'Line\nbreak', 'Bell\u0007', 'Esc\u001b[31m', 'Del\u007f', 'Next\u0085line', 'Sep\u2028arator', 'evil\u202egnp.exe', 'Iso\u2066late']) {
        const body = expectProblem(await register({ ...valid(), fullName }), 400, 'VALIDATION_FAILED');
        expect(body.errors, JSON.stringify(fullName)).toEqual([{ field: 'fullName', message: 'must not contain control, line-separator or text-direction characters' }]);
      }
      // Letters of any script, marks, apostrophes and hyphens are names.
      for (const fullName of ['Zoë O’Brien-Smith', 'محمد عبد الله', '山田 太郎', 'Nguyễn Thị Minh Khai']) {
        expect((await register({ ...valid(), fullName })).statusCode, fullName).toBe(201);
      }
    });

    it('accepts passwords of 10 and 128 characters and refuses 9 and 129', async () => {
      expect((await register({ ...valid(), password: 'x7#Kq2!vZp' })).statusCode).toBe(201);
      expect((await register({ ...valid(), password: 'Zq'.repeat(64) })).statusCode).toBe(201);
      expectProblem(await register({ ...valid(), password: 'x7#Kq2!vZ' }), 400, 'VALIDATION_FAILED');
      expectProblem(await register({ ...valid(), password: 'Zq'.repeat(64) + 'Z' }), 400, 'VALIDATION_FAILED');
    });

    it('refuses common passwords, whatever their case', async () => {
      for (const password of ['password123', 'PASSWORD123', '1234567890', 'qwertyuiop']) {
        const body = expectProblem(await register({ ...valid(), password }), 400, 'VALIDATION_FAILED');
        expect(body.errors).toContainEqual({ field: 'password', message: expect.stringMatching(/common/) });
      }
    });

    it('keeps spaces and emoji exactly as typed (never trims or normalises)', async () => {
      const password = '  🐢 slow and steady 🐢  ';
      const { email } = await registerUser(t, { password });
      expect((await login(t, email, password)).statusCode).toBe(200);
      expectProblem(await login(t, email, password.trim()), 401, 'INVALID_CREDENTIALS');
      // 10 characters counted as characters: five emoji and five letters.
      const emoji = '🔑🔑🔑🔑🔑abcde';
      const { email: other } = await registerUser(t, { password: emoji });
      expect((await login(t, other, emoji)).statusCode).toBe(200);
      // Composed and decomposed "é" are different passwords.
      const composed = 'caf\u00e9-au-lait-42';
      const { email: third } = await registerUser(t, { password: composed });
      expectProblem(await login(t, third, 'cafe\u0301-au-lait-42'), 401, 'INVALID_CREDENTIALS');
    });

    it('does not truncate at 72 bytes: passwords differing only after byte 72 are different', async () => {
      const prefix = 'a1B2c3D4e5'.repeat(8); // 80 bytes
      const { email } = await registerUser(t, { password: `${prefix}-first` });
      expect((await login(t, email, `${prefix}-first`)).statusCode).toBe(200);
      expectProblem(await login(t, email, `${prefix}-other`), 401, 'INVALID_CREDENTIALS');
      expectProblem(await login(t, email, prefix.slice(0, 72)), 401, 'INVALID_CREDENTIALS');
    });

    it('treats e-mail case-insensitively: a second registration in another case is 409 EMAIL_TAKEN', async () => {
      const email = uniqueEmail('Case.Person');
      await registerUser(t, { email });
      expectProblem(await register({ ...valid(), email: email.toUpperCase() }), 409, 'EMAIL_TAKEN');
      expectProblem(await register({ ...valid(), email }), 409, 'EMAIL_TAKEN');
    });
  });

  describe('login', () => {
    it('signs in with the e-mail in any case', async () => {
      const { email, password, user } = await registerUser(t);
      const response = await login(t, email.toUpperCase(), password);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ user: { id: user.id }, tokenType: 'Bearer', expiresIn: 900 });
    });

    it('answers an unknown e-mail and a wrong password identically', async () => {
      const { email } = await registerUser(t);
      const wrong = await login(t, email, strongPassword());
      const unknown = await login(t, uniqueEmail('nobody'), strongPassword());
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(strip(expectProblem(wrong, 401, 'INVALID_CREDENTIALS'))).toEqual(strip(expectProblem(unknown, 401, 'INVALID_CREDENTIALS')));
      const headerNames = (h: Record<string, unknown>) => Object.keys(h).filter((k) => !['x-request-id', 'date', 'ratelimit'].includes(k)).sort();
      expect(headerNames(wrong.headers)).toEqual(headerNames(unknown.headers));
    });

    it('spends the same bcrypt work on an unknown e-mail as on a wrong password', async () => {
      // What it costs in time is the benchmark's business (scripts/bench-auth.mjs); what the
      // test pins is that the work is done: one bcrypt compare at the configured cost, either way.
      const { email } = await registerUser(t);
      const compare = vi.spyOn(bcrypt, 'compare');
      try {
        const work = async (address: string) => {
          compare.mockClear();
          expectProblem(await login(t, address, strongPassword()), 401, 'INVALID_CREDENTIALS');
          return compare.mock.calls.map(([, hash]) => String(hash).slice(0, 7));
        };
        expect(await work(email)).toEqual(['$2b$10$']);
        expect(await work(uniqueEmail('ghost'))).toEqual(['$2b$10$']);
      } finally {
        compare.mockRestore();
      }
    });

    it('refuses missing or extra fields with 400', async () => {
      expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.co' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.co', password: 'x', remember: true } }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('me', () => {
    it('needs a token', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/auth/me' });
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('updates fullName, phone and dateOfBirth, and clears phone with null', async () => {
      const { accessToken } = await registerUser(t, { phone: '+44 20 7946 0958' });
      const patch = (payload: Record<string, unknown>) => t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(accessToken), payload });
      const updated = await patch({ fullName: 'Grace Hopper', dateOfBirth: '1906-12-09' });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json()).toMatchObject({ fullName: 'Grace Hopper', dateOfBirth: '1906-12-09', phone: '+44 20 7946 0958' });
      expect((await patch({ phone: null })).json()).toMatchObject({ phone: null, fullName: 'Grace Hopper' });
      expect((await getMe(t, accessToken)).json()).toMatchObject({ phone: null, dateOfBirth: '1906-12-09' });
      expectProblem(await patch({ fullName: 'Grace\u202eHopper' }), 400, 'VALIDATION_FAILED');
      expect((await getMe(t, accessToken)).json()).toMatchObject({ fullName: 'Grace Hopper' });
    });

    it('refuses unknown fields (role, email) and invalid dates with 400', async () => {
      const { accessToken } = await registerUser(t);
      for (const payload of [{ role: 'admin' }, { email: uniqueEmail() }, { dateOfBirth: '1990-02-30' }, { dateOfBirth: '3000-01-01' }, { fullName: '' }]) {
        expectProblem(await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: bearer(accessToken), payload }), 400, 'VALIDATION_FAILED');
      }
      expect((await getMe(t, accessToken)).json()).toMatchObject({ role: 'patient' });
    });
  });

  it('never writes a password, token or hash to the logs', async () => {
    const session = await registerUser(t);
    await login(t, session.email, session.password);
    await login(t, session.email, 'wrong-password-123');
    const [row] = await queryRows<{ password_hash: string }>(t, sql`select password_hash from users where id = ${session.user.id}`);
    expect(row!.password_hash).toMatch(/^\$2b\$10\$/);
    expectNoneInLogs(t, [session.password, session.accessToken, session.refreshToken, 'wrong-password-123', row!.password_hash]);
  });
});
