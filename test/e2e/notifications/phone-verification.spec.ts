import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { smsEnv } from '../../helpers/providers/provider-env.js';
import { startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';
import { setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = Date.parse('2027-03-01T08:00:00.000Z');

describe('phone verification', () => {
  let t: TestApp;
  let sms: ProviderServer;
  beforeAll(async () => {
    sms = await startProviderServer('http', () => ({ status: 201, body: { sid: 'SM1' } }));
    t = await startTestApp({ env: smsEnv(sms.origin) });
    setNow(t, new Date(NOW));
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
  });

  const start = (token: string, phone: string) => t.request({ method: 'POST', url: '/api/v1/me/phone/verification', headers: bearer(token), payload: { phone } });
  const confirm = (token: string, code: string) => t.request({ method: 'POST', url: '/api/v1/me/phone/verification/confirm', headers: bearer(token), payload: { code } });
  /** The code in the last text sent to `phone`. */
  const codeSentTo = (phone: string) => {
    const form = new URLSearchParams(sms.requests.filter((r) => new URLSearchParams(r.body.toString()).get('To') === phone).at(-1)!.body.toString());
    return /\b(\d{6})\b/.exec(form.get('Body')!)![1]!;
  };
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('texts a 6-digit code and verifies the phone with it', async () => {
    const user = await registerUser(t);
    const started = await start(user.accessToken, '+4930123401');
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toEqual({ phoneEnding: '3401', expiresAt: new Date(NOW + 600_000).toISOString(), attemptsAllowed: 5 });
    const code = codeSentTo('+4930123401');
    const [row] = await queryRows<{ phone: string; code_hash: string }>(t, sql`select phone, code_hash from phone_verifications where user_id = ${user.user.id}`);
    expect(row!.phone).not.toContain('4930123401');
    expect(row!.code_hash).not.toContain(code);
    const confirmed = await confirm(user.accessToken, code);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ phoneEnding: '3401', verifiedAt: new Date(NOW).toISOString() });
    expect((await confirm(user.accessToken, code)).json().code).toBe('VERIFICATION_CODE_INVALID');
  });

  it('refuses a wrong code, and after five wrong ones the right one too', async () => {
    const user = await registerUser(t);
    await start(user.accessToken, '+4930123402');
    const code = codeSentTo('+4930123402');
    for (let i = 0; i < 5; i++) {
      const response = await confirm(user.accessToken, wrong(code));
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('VERIFICATION_CODE_INVALID');
    }
    const locked = await confirm(user.accessToken, code);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('refuses an expired code', async () => {
    const user = await registerUser(t);
    await start(user.accessToken, '+4930123403');
    setNow(t, new Date(NOW + 601_000));
    try {
      expect((await confirm(user.accessToken, codeSentTo('+4930123403'))).json().code).toBe('VERIFICATION_CODE_INVALID');
    } finally {
      setNow(t, new Date(NOW));
    }
  });

  it('sends a new code at most once a minute', async () => {
    const user = await registerUser(t);
    await start(user.accessToken, '+4930123404');
    const again = await start(user.accessToken, '+4930123404');
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('RATE_LIMITED');
    expect(again.headers['retry-after']).toBe('60');
    setNow(t, new Date(NOW + 61_000));
    try {
      expect((await start(user.accessToken, '+4930123404')).statusCode).toBe(202);
    } finally {
      setNow(t, new Date(NOW));
    }
  });

  it('answers 503 SMS_UNAVAILABLE when the provider cannot take the text', async () => {
    const user = await registerUser(t);
    sms.queue(/Messages/, { status: 503 }, { status: 503 }, { status: 503 });
    const response = await start(user.accessToken, '+4930123405');
    expect(response.statusCode).toBe(503);
    expect(response.json().code).toBe('SMS_UNAVAILABLE');
  });
});

describe('phone verification without SMS credentials', () => {
  it('answers 503 SMS_UNAVAILABLE', async () => {
    const t = await startTestApp();
    try {
      const user = await registerUser(t);
      const response = await t.request({ method: 'POST', url: '/api/v1/me/phone/verification', headers: bearer(user.accessToken), payload: { phone: '+4930123406' } });
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('SMS_UNAVAILABLE');
    } finally {
      await t.close();
    }
  });
});
