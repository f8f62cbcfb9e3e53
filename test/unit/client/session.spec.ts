import { describe, expect, it } from 'vitest';
import { createIhosiClient, IhosiApiError, memoryTokenStore, type TokenPair, type TokenStore } from '../../../clients/typescript/src/index.js';
import { BASE_URL, fakeApi, json, problem, type FakeApi, type Handler } from '../../helpers/fake-api.js';

// The client's session handling against a fake API: the token on every request, and the one
// shared refresh when it expires. The same behaviour against the real app:
// test/e2e/client/token-refresh.spec.ts.

/** The client's stored session: an access token the fake API no longer accepts, and its current refresh token. */
const EXPIRED: TokenPair = { accessToken: 'expired-access', refreshToken: 'refresh-1' };

function clientOf(api: FakeApi, tokens: TokenStore = memoryTokenStore(EXPIRED)) {
  return createIhosiClient({ baseUrl: BASE_URL, fetch: api.fetch, tokens });
}

function deferred(): { promise: Promise<void>; release(): void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

async function rejection(call: Promise<unknown>): Promise<IhosiApiError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IhosiApiError);
  return error as IhosiApiError;
}

/** A route that accepts only the fake API's current access token, like the real ones. */
function guarded(api: () => FakeApi, body: unknown = { ok: true }): Handler {
  return (request) => (request.headers.get('authorization') === `Bearer ${api().session.accessToken}` ? json(200, body) : problem(401, 'TOKEN_EXPIRED'));
}

describe('the client: access token', () => {
  it('sends the stored access token as a bearer token', async () => {
    const api = fakeApi();
    const client = clientOf(api, memoryTokenStore({ accessToken: 'access-1', refreshToken: 'refresh-1' }));
    const { data } = await client.GET('/api/v1/auth/me');
    expect(data).toEqual({ id: 'u1' });
    expect(api.requests[0]!.headers.get('authorization')).toBe('Bearer access-1');
  });

  it('sends none without a session, and a 401 that is not TOKEN_EXPIRED is thrown without a refresh', async () => {
    const api = fakeApi();
    const client = clientOf(api, memoryTokenStore());
    expect((await rejection(client.GET('/api/v1/auth/me'))).code).toBe('UNAUTHENTICATED');
    expect(api.requests[0]!.headers.has('authorization')).toBe(false);
    expect(api.lines()).toEqual(['GET /api/v1/auth/me']);
  });

  it('keeps an Authorization header the caller set, and does not refresh for it', async () => {
    const api = fakeApi();
    const client = clientOf(api);
    const error = await rejection(client.GET('/api/v1/auth/me', { headers: { authorization: 'Bearer someone-else' } }));
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(api.lines()).toEqual(['GET /api/v1/auth/me']);
  });
});

describe('the client: refresh on 401 TOKEN_EXPIRED', () => {
  it('refreshes once, stores the rotated tokens and sends the request again', async () => {
    const api = fakeApi();
    const tokens = memoryTokenStore(EXPIRED);
    const { data } = await clientOf(api, tokens).GET('/api/v1/auth/me');
    expect(data).toEqual({ id: 'u1' });
    expect(api.lines()).toEqual(['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me']);
    expect(await api.requests[1]!.json()).toEqual({ refreshToken: 'refresh-1' });
    expect(api.requests[2]!.headers.get('authorization')).toBe('Bearer access-2');
    expect(tokens.get()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('shares one refresh between requests that find the token expired together (a second would be REFRESH_TOKEN_REUSED)', async () => {
    const api = fakeApi();
    const hold = deferred();
    api.holdRefresh = hold.promise;
    const client = clientOf(api);
    const calls = [client.GET('/api/v1/auth/me'), client.GET('/api/v1/auth/me'), client.GET('/api/v1/auth/me')];
    await tick(); // all three have their 401 while the refresh is held in flight
    hold.release();
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.data)).toEqual([{ id: 'u1' }, { id: 'u1' }, { id: 'u1' }]);
    expect(api.lines().filter((line) => line === 'POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it('does not refresh again for a request whose 401 arrives after another request has refreshed', async () => {
    const slow = deferred();
    const api: FakeApi = fakeApi({
      'GET /api/v1/appointments': async (request) => {
        await slow.promise;
        return guarded(() => api, { data: [], nextCursor: null })(request);
      },
    });
    const client = clientOf(api);
    const late = client.GET('/api/v1/appointments'); // sent with the expired token, answered later
    await client.GET('/api/v1/auth/me'); // expires, refreshes
    slow.release();
    const { data } = await late;
    expect(data).toEqual({ data: [], nextCursor: null });
    expect(api.lines()).toEqual(['GET /api/v1/appointments', 'GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me', 'GET /api/v1/appointments']);
    expect(api.requests[4]!.headers.get('authorization')).toBe('Bearer access-2');
  });

  it('holds a request sent while a refresh is in flight until it ends, then sends the new token', async () => {
    const api = fakeApi();
    const hold = deferred();
    api.holdRefresh = hold.promise;
    const client = clientOf(api);
    const first = client.GET('/api/v1/auth/me');
    await tick();
    const second = client.GET('/api/v1/auth/me');
    await tick();
    hold.release();
    await Promise.all([first, second]);
    expect(api.lines()).toEqual(['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me', 'GET /api/v1/auth/me']);
    expect(api.requests.slice(2).map((r) => r.headers.get('authorization'))).toEqual(['Bearer access-2', 'Bearer access-2']);
  });

  it('sends the same body and Idempotency-Key again when it retries a booking', async () => {
    const api: FakeApi = fakeApi({ 'POST /api/v1/appointments': guarded(() => api, { id: 'a1' }) });
    const booking = { doctorId: 'd1', appointmentTypeId: 't1', start: '2030-01-07T10:00:00.000Z' };
    const { data } = await clientOf(api).POST('/api/v1/appointments', { body: booking });
    expect(data).toEqual({ id: 'a1' });
    const [first, , retry] = api.requests;
    expect(await retry!.json()).toEqual(booking);
    expect(retry!.headers.get('idempotency-key')).toBe(first!.headers.get('idempotency-key'));
  });

  it('answers a second TOKEN_EXPIRED with the error: one refresh per expiry, never a loop', async () => {
    const api = fakeApi({ 'GET /api/v1/auth/me': () => problem(401, 'TOKEN_EXPIRED') });
    expect((await rejection(clientOf(api).GET('/api/v1/auth/me'))).code).toBe('TOKEN_EXPIRED');
    expect(api.lines()).toEqual(['GET /api/v1/auth/me', 'POST /api/v1/auth/refresh', 'GET /api/v1/auth/me']);
  });

  it('clears the tokens when the refresh is refused, and every waiting request gets the refusal', async () => {
    const api = fakeApi();
    api.refresh = () => problem(401, 'REFRESH_TOKEN_REUSED');
    const tokens = memoryTokenStore(EXPIRED);
    const client = clientOf(api, tokens);
    const errors = await Promise.all([rejection(client.GET('/api/v1/auth/me')), rejection(client.GET('/api/v1/auth/me'))]);
    expect(errors.map((e) => [e.status, e.code])).toEqual([
      [401, 'REFRESH_TOKEN_REUSED'],
      [401, 'REFRESH_TOKEN_REUSED'],
    ]);
    expect(tokens.get()).toBeNull();
    expect(api.lines().filter((line) => line === 'POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it('keeps the tokens when the refresh fails for a reason that says nothing about them (429)', async () => {
    const api = fakeApi();
    api.refresh = () => problem(429, 'RATE_LIMITED', {}, { 'retry-after': '12' });
    const tokens = memoryTokenStore(EXPIRED);
    const error = await rejection(clientOf(api, tokens).GET('/api/v1/auth/me'));
    expect([error.code, error.retryAfterSeconds]).toEqual(['RATE_LIMITED', 12]);
    expect(tokens.get()).toEqual(EXPIRED);
  });
});

describe('the client: the stored session follows sign-in and sign-out', () => {
  const session = { user: { id: 'u1' }, accessToken: 'access-9', refreshToken: 'refresh-9', tokenType: 'Bearer', expiresIn: 900 };

  it('stores the session of register and login, and clears it on logout and logout-all', async () => {
    const api = fakeApi({
      'POST /api/v1/auth/register': () => json(201, session),
      'POST /api/v1/auth/login': () => json(200, session),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
      'POST /api/v1/auth/logout-all': () => new Response(null, { status: 204 }),
    });
    const tokens = memoryTokenStore();
    const client = clientOf(api, tokens);
    await client.POST('/api/v1/auth/register', { body: { email: 'a@example.com', password: 'long-password-1', fullName: 'A', role: 'patient' } });
    expect(tokens.get()).toEqual({ accessToken: 'access-9', refreshToken: 'refresh-9' });
    await client.POST('/api/v1/auth/logout', { body: { refreshToken: 'refresh-9' } });
    expect(tokens.get()).toBeNull();
    await client.POST('/api/v1/auth/login', { body: { email: 'a@example.com', password: 'long-password-1' } });
    expect(tokens.get()).toEqual({ accessToken: 'access-9', refreshToken: 'refresh-9' });
    await client.POST('/api/v1/auth/logout-all');
    expect(tokens.get()).toBeNull();
  });
});
