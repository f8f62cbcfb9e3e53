import { generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FcmTransport } from '../../../src/modules/notifications/push/fcm.transport.js';
import { CredentialStop, withRetries, type RetryPolicy } from '../../../src/modules/notifications/push/provider-answer.js';
import { jwtParts, startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const notice = { title: 'Appointment reminder', body: 'Your appointment with Dr. Lee tomorrow at 09:30', collapseId: 'appt-1' };

// FCM HTTP v1 and Google's OAuth 2 token endpoint, played by one local HTTP server.
describe('FCM HTTP v1 transport', () => {
  let server: ProviderServer;
  let alerts: string[];
  let now: number;
  let transport: FcmTransport;
  const sleeps: number[] = [];
  const retry: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5_000, sleep: async (ms) => void sleeps.push(ms) };

  beforeAll(async () => {
    server = await startProviderServer('http', (request) => (request.path === '/token' ? { status: 200, body: { access_token: 'ya29.test-token', expires_in: 3_600, token_type: 'Bearer' } } : undefined));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    sleeps.length = 0;
    alerts = [];
    now = Date.parse('2027-03-01T08:00:00Z');
    transport = new FcmTransport(
      { projectId: 'ihosi-test', clientEmail: 'push@ihosi-test.iam.gserviceaccount.com', privateKey: PEM, tokenUri: `${server.origin}/token`, apiOrigin: server.origin },
      new CredentialStop((reason) => alerts.push(reason)),
      () => now,
    );
  });

  it('trades a signed RS256 assertion for an access token and sends the message with it', async () => {
    expect(await transport.attempt('fcm-registration-token-1', notice)).toEqual({ kind: 'ok' });
    const [exchange, send] = server.requests;
    expect(exchange!.method).toBe('POST');
    expect(exchange!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(exchange!.body.toString());
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const jwt = jwtParts(form.get('assertion')!);
    expect(jwt.header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(jwt.claims).toEqual({
      iss: 'push@ihosi-test.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
      aud: `${server.origin}/token`,
      iat: now / 1_000,
      exp: now / 1_000 + 3_600,
    });
    expect(verify('sha256', Buffer.from(jwt.signingInput), publicKey, jwt.signature)).toBe(true);

    expect(send!.path).toBe('/v1/projects/ihosi-test/messages:send');
    expect(send!.headers.authorization).toBe('Bearer ya29.test-token');
    expect(JSON.parse(send!.body.toString())).toEqual({
      message: {
        token: 'fcm-registration-token-1',
        notification: { title: notice.title, body: notice.body },
        android: { collapse_key: 'appt-1' },
        apns: { headers: { 'apns-collapse-id': 'appt-1' } },
      },
    });
  });

  it('keeps the access token until shortly before it expires', async () => {
    await transport.attempt('t1', notice);
    await transport.attempt('t2', notice);
    expect(server.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    now += 3_600_000 - 30_000; // within the last minute of its hour
    await transport.attempt('t3', notice);
    expect(server.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });

  it('exchanges once for parallel sends', async () => {
    await Promise.all([transport.attempt('t1', notice), transport.attempt('t2', notice), transport.attempt('t3', notice)]);
    expect(server.requests.filter((r) => r.path === '/token')).toHaveLength(1);
  });

  it('calls an unregistered token gone', async () => {
    server.queue(/messages:send/, { status: 404, body: { error: { code: 404, status: 'NOT_FOUND', details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }] } } });
    expect(await transport.attempt('dead-token', notice)).toMatchObject({ kind: 'gone' });
  });

  it('retries a rate limit after Retry-After and a 5xx with backoff', async () => {
    server.queue(/messages:send/, { status: 429, headers: { 'retry-after': '2' }, body: { error: { status: 'RESOURCE_EXHAUSTED' } } });
    expect(await withRetries(retry, () => transport.attempt('t1', notice))).toEqual({ kind: 'ok' });
    expect(sleeps).toEqual([2_000]);
    sleeps.length = 0;
    server.queue(/messages:send/, { status: 503, body: {} }, { status: 500, body: {} }, { status: 503, body: {} });
    expect(await withRetries(retry, () => transport.attempt('t1', notice))).toMatchObject({ kind: 'retry' });
    expect(sleeps).toEqual([250, 500]);
  });

  it('stops after the token endpoint refuses the service account, alerting once', async () => {
    server.queue(/\/token/, { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    expect(await transport.attempt('t1', notice)).toMatchObject({ kind: 'credentials' });
    expect(transport.offReason()).toMatch(/invalid_grant/);
    expect(await transport.attempt('t2', notice)).toMatchObject({ kind: 'credentials' });
    expect(alerts).toHaveLength(1);
    expect(server.requests.filter((r) => r.path.includes('messages:send'))).toHaveLength(0);
  });

  it('exchanges again when FCM refuses a cached token, and stops when it refuses a fresh one', async () => {
    server.queue(/messages:send/, { status: 401, body: { error: { status: 'UNAUTHENTICATED' } } });
    expect(await transport.attempt('t1', notice)).toEqual({ kind: 'ok' });
    expect(server.requests.filter((r) => r.path === '/token')).toHaveLength(2);
    server.queue(/messages:send/, { status: 401, body: {} }, { status: 401, body: {} });
    expect(await transport.attempt('t1', notice)).toMatchObject({ kind: 'credentials' });
    expect(alerts).toHaveLength(1);
  });
});
