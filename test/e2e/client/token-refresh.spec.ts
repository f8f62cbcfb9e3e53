import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataOf, memoryTokenStore, type TokenPair } from '../../../clients/typescript/src/index.js';
import { strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { recordingClient } from '../../helpers/client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// The client's refresh-once against the real app: real rotation, where a refresh token
// presented twice ends the session (401 REFRESH_TOKEN_REUSED). The access-token check reads
// the process clock, so the tests stand `Date` at the token's expiry instead of waiting for it.

const REFRESH = 'POST /api/v1/auth/refresh';

/** Stands the process clock on the expiry of `tokens`' access token. */
function expire(tokens: TokenPair | null): void {
  const { exp } = decodeJwt(tokens!.accessToken);
  vi.useFakeTimers({ toFake: ['Date'], now: exp! * 1000 });
}

describe('the typed client against the real app: refresh on 401 TOKEN_EXPIRED', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await t.listen();
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  async function signedInPatient() {
    const client = recordingClient(baseUrl, memoryTokenStore());
    await client.api.POST('/api/v1/auth/register', { body: { email: uniqueEmail('refresh'), password: strongPassword(), fullName: 'Ruth Achieng', role: 'patient' } });
    return client;
  }

  it('refreshes once when the access token has expired, stores the rotated pair and answers the request', async () => {
    const { api, count } = await signedInPatient();
    const before = await api.tokens.get();
    expire(before);

    const me = await dataOf(api.GET('/api/v1/auth/me'));
    expect(me.fullName).toBe('Ruth Achieng');
    expect(count(REFRESH)).toBe(1);
    const after = await api.tokens.get();
    expect(after!.accessToken).not.toBe(before!.accessToken);
    expect(after!.refreshToken).not.toBe(before!.refreshToken);
    // The next call needs no refresh: the stored token is the new one.
    await dataOf(api.GET('/api/v1/auth/me'));
    expect(count(REFRESH)).toBe(1);
  });

  it('makes exactly one refresh for two concurrent requests, and the session survives (no REFRESH_TOKEN_REUSED)', async () => {
    const { api, count, sent } = await signedInPatient();
    expire(await api.tokens.get());

    const [me, appointments] = await Promise.all([dataOf(api.GET('/api/v1/auth/me')), dataOf(api.GET('/api/v1/appointments'))]);
    expect(me.fullName).toBe('Ruth Achieng');
    expect(appointments.data).toEqual([]);
    expect(count(REFRESH)).toBe(1);
    // After the registration: each request sent once with the expired token, once after the refresh.
    expect(sent.slice(1).map((s) => s.line).sort()).toEqual(['GET /api/v1/appointments', 'GET /api/v1/appointments', 'GET /api/v1/auth/me', 'GET /api/v1/auth/me', REFRESH].sort());

    // Had the second request presented the spent refresh token, the server would have ended
    // the whole session: the rotated refresh token would be refused now.
    const { refreshToken } = (await api.tokens.get())!;
    const renewed = await t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect(renewed.statusCode, renewed.body).toBe(200);
  });

  it('clears the tokens and surfaces the refusal when the refresh token no longer works', async () => {
    const { api, count } = await signedInPatient();
    const tokens = await api.tokens.get();
    // Another device spent this refresh token: presenting it again ends the session.
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: tokens!.refreshToken } })).statusCode).toBe(200);
    expire(tokens);

    const refused = await api.GET('/api/v1/auth/me').catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 401, code: 'REFRESH_TOKEN_REUSED' });
    expect(count(REFRESH)).toBe(1);
    expect(await api.tokens.get()).toBeNull();
  });
});
