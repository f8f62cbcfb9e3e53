import { generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApnsTransport } from '../../../src/modules/notifications/push/apns.transport.js';
import { CredentialStop, withRetries, type RetryPolicy } from '../../../src/modules/notifications/push/provider-answer.js';
import { jwtParts, startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';
import { startSilentServer } from '../../helpers/silent-server.js';

// The .p8 key Apple hands out is a PKCS#8 P-256 key.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const P8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const DEVICE = 'a'.repeat(64);
const notice = { title: 'Appointment reminder', body: 'Your appointment with Dr. Lee tomorrow at 09:30', collapseId: '8d7f2c1e-0000-4000-8000-000000000001' };

// APNs: an HTTP/2 server over TLS with a self-signed certificate, started by the test.
describe('APNs transport (HTTP/2, token auth)', () => {
  let server: ProviderServer;
  let alerts: string[];
  let now: number;
  let transport: ApnsTransport;
  const sleeps: number[] = [];
  const retry: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 5_000, sleep: async (ms) => void sleeps.push(ms) };

  beforeAll(async () => {
    server = await startProviderServer('http2');
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await transport?.close();
    server.requests.length = 0;
    sleeps.length = 0;
    alerts = [];
    now = Date.parse('2027-03-01T08:00:00Z');
    transport = new ApnsTransport(
      { keyId: 'ABC123DEFG', teamId: 'TEAM123456', privateKey: P8, topic: 'com.ihosi.app', origin: server.origin, ca: server.ca },
      new CredentialStop((reason) => alerts.push(reason)),
      () => now,
    );
  });
  afterAll(() => transport.close());

  it('posts the alert over HTTP/2 with an ES256 provider token, push type, topic and collapse id', async () => {
    expect(await transport.attempt(DEVICE, notice)).toEqual({ kind: 'ok' });
    const [request] = server.requests;
    expect(request!.httpVersion).toBe('2.0');
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/3/device/${DEVICE}`);
    expect(request!.headers['apns-topic']).toBe('com.ihosi.app');
    expect(request!.headers['apns-push-type']).toBe('alert');
    expect(request!.headers['apns-priority']).toBe('10');
    expect(request!.headers['apns-collapse-id']).toBe(notice.collapseId);
    const authorization = String(request!.headers.authorization);
    expect(authorization).toMatch(/^bearer /);
    const jwt = jwtParts(authorization.slice('bearer '.length));
    expect(jwt.header).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'ABC123DEFG' });
    expect(jwt.claims).toEqual({ iss: 'TEAM123456', iat: now / 1_000 });
    expect(verify('sha256', Buffer.from(jwt.signingInput), { key: publicKey, dsaEncoding: 'ieee-p1363' }, jwt.signature)).toBe(true);
    expect(JSON.parse(request!.body.toString())).toEqual({ aps: { alert: { title: notice.title, body: notice.body }, sound: 'default' } });
  });

  it('reuses one provider token and one connection, and signs a new token before it is an hour old', async () => {
    await transport.attempt(DEVICE, notice);
    now += 20 * 60_000;
    await transport.attempt(DEVICE, notice);
    const [first, second] = server.requests.map((r) => String(r.headers.authorization));
    expect(second).toBe(first);
    now += 31 * 60_000; // 51 minutes after the first
    await transport.attempt(DEVICE, notice);
    const third = jwtParts(String(server.requests[2]!.headers.authorization).slice(7));
    expect(third.claims.iat).toBe(now / 1_000);
  });

  it('calls a 410 Unregistered or BadDeviceToken device gone', async () => {
    server.queue(/\/3\/device\//, { status: 410, body: { reason: 'Unregistered', timestamp: 1_700_000_000_000 } }, { status: 400, body: { reason: 'BadDeviceToken' } });
    expect(await transport.attempt(DEVICE, notice)).toMatchObject({ kind: 'gone' });
    expect(await transport.attempt(DEVICE, notice)).toMatchObject({ kind: 'gone' });
  });

  it('signs a new provider token when APNs says the old one expired', async () => {
    server.queue(/\/3\/device\//, { status: 403, body: { reason: 'ExpiredProviderToken' } });
    now += 1_000;
    expect(await transport.attempt(DEVICE, notice)).toEqual({ kind: 'ok' });
    expect(server.requests).toHaveLength(2);
    expect(alerts).toEqual([]);
  });

  it('retries 429 TooManyRequests and 503 with backoff', async () => {
    server.queue(/\/3\/device\//, { status: 429, body: { reason: 'TooManyRequests' } }, { status: 503, body: { reason: 'ServiceUnavailable' } });
    expect(await withRetries(retry, () => transport.attempt(DEVICE, notice))).toEqual({ kind: 'ok' });
    expect(sleeps).toEqual([100, 200]);
  });

  it('stops on InvalidProviderToken, alerting once, and sends nothing more', async () => {
    server.queue(/\/3\/device\//, { status: 403, body: { reason: 'InvalidProviderToken' } });
    expect(await transport.attempt(DEVICE, notice)).toMatchObject({ kind: 'credentials' });
    expect(await transport.attempt(DEVICE, notice)).toMatchObject({ kind: 'credentials' });
    expect(transport.offReason()).toMatch(/InvalidProviderToken/);
    expect(alerts).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });
});

describe('APNs transport against a server that accepts the connection and never speaks', () => {
  it('gives up at its deadline, asks for a retry, and closes without waiting for the stalled connection', async () => {
    const silent = await startSilentServer();
    const origin = `https://localhost:${silent.port}`;
    const transport = new ApnsTransport(
      { keyId: 'ABC123DEFG', teamId: 'TEAM123456', privateKey: P8, topic: 'com.ihosi.app', origin, timeoutMs: 300 },
      new CredentialStop(() => undefined),
    );
    try {
      // The TLS handshake never completes, so the stream stays pending: a cancel alone never settles it.
      expect(await transport.attempt(DEVICE, notice)).toMatchObject({ kind: 'retry' });
      expect(await transport.attempt(DEVICE, notice)).toMatchObject({ kind: 'retry' });
      expect(silent.connections()).toBe(2); // each push after a timeout connects afresh
      await transport.close();
    } finally {
      await silent.close();
    }
  });
});
