import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStop } from '../../../src/modules/notifications/push/provider-answer.js';
import { WebPushTransport, type WebPushNetwork } from '../../../src/modules/notifications/push/web-push.transport.js';
import { jwtParts, selfSignedCertificate, startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';

// http_ece (web-push's own RFC 8188 implementation) decrypts what the browser would.
const ece = createRequire(import.meta.url)('http_ece') as { decrypt(body: Buffer, params: Record<string, unknown>): Buffer };

const vapid = webpush.generateVAPIDKeys();
const notice = { title: 'Appointment reminder', body: 'Your appointment with Dr. Lee tomorrow at 09:30', collapseId: '8d7f2c1e-0000-4000-8000-000000000001' };

/** A browser's subscription: its own P-256 key pair and auth secret. */
function browser(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const token = JSON.stringify({ endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } });
  return { ecdh, auth, token };
}

// A Web Push service: an HTTPS server with a self-signed certificate (web-push speaks only https).
describe('Web Push transport (VAPID)', () => {
  let server: ProviderServer;
  let alerts: string[];
  let transport: WebPushTransport;

  beforeAll(async () => {
    server = await startProviderServer('https', () => ({ status: 201 }));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    alerts = [];
    transport = transportOn({ ca: server.ca, allowPrivate: true });
  });
  afterEach(() => transport.close());

  const transportOn = (network: WebPushNetwork) =>
    new WebPushTransport({ publicKey: vapid.publicKey, privateKey: vapid.privateKey, subject: 'mailto:ops@ihosi.test' }, new CredentialStop((reason) => alerts.push(reason)), network);

  it('sends nothing to an endpoint on the private network or the metadata service: the subscription is gone', async () => {
    const strict = transportOn({ ca: server.ca });
    // A name that resolves to loopback, as a rebinding push "service" would: refused when the socket connects.
    const resolvesToLoopback = transportOn({ ca: server.ca, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const port = new URL(server.origin).port;
    const path = '/push/sub-private';
    try {
      // Written as an address: loopback, private, the cloud metadata address, IPv6 loopback.
      for (const host of ['127.0.0.1', '10.0.0.5', '169.254.169.254', '[::1]']) {
        expect(await strict.attempt(browser(`https://${host}:${port}${path}`).token, notice), host).toEqual({ kind: 'gone', reason: 'endpoint is not a public address' });
      }
      expect(await resolvesToLoopback.attempt(browser(`https://push.example.test:${port}${path}`).token, notice)).toEqual({ kind: 'gone', reason: 'endpoint is not a public address' });
      // A host the legacy URL parser would cut to loopback is no subscription at all.
      expect(await strict.attempt(browser(`https://127.0.0.1;.example.com:${port}${path}`).token, notice)).toEqual({ kind: 'gone', reason: 'not a Web Push subscription' });
      expect(server.requests).toEqual([]);
    } finally {
      await strict.close();
      await resolvesToLoopback.close();
    }
  });

  it('posts an aes128gcm payload only the browser can read, with a VAPID JWT, TTL, urgency and topic', async () => {
    const device = browser(`${server.origin}/push/sub-1`);
    expect(await transport.attempt(device.token, notice)).toEqual({ kind: 'ok' });
    const [request] = server.requests;
    expect(request!.path).toBe('/push/sub-1');
    expect(request!.headers['content-encoding']).toBe('aes128gcm');
    expect(request!.headers.ttl).toBe('86400');
    expect(request!.headers.urgency).toBe('high');
    expect(request!.headers.topic).toBe('8d7f2c1e000040008000000000000001');
    const [, jwtText, key] = /^vapid t=([^,]+), k=(.+)$/.exec(String(request!.headers.authorization))!;
    expect(key).toBe(vapid.publicKey);
    const jwt = jwtParts(jwtText!);
    expect(jwt.header).toEqual({ typ: 'JWT', alg: 'ES256' });
    expect(jwt.claims).toMatchObject({ aud: server.origin, sub: 'mailto:ops@ihosi.test' });
    const raw = Buffer.from(vapid.publicKey, 'base64url');
    const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(jwt.signingInput), { key: publicKey, dsaEncoding: 'ieee-p1363' }, jwt.signature)).toBe(true);
    const plain = ece.decrypt(request!.body, { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth.toString('base64url') });
    expect(JSON.parse(plain.toString('utf8'))).toEqual({ title: notice.title, body: notice.body });
    expect(request!.body.toString('latin1')).not.toContain('Dr. Lee');
  });

  it('calls a 404 or 410 subscription gone', async () => {
    server.queue(/sub-gone/, { status: 410 }, { status: 404 });
    const device = browser(`${server.origin}/push/sub-gone`);
    expect(await transport.attempt(device.token, notice)).toMatchObject({ kind: 'gone' });
    expect(await transport.attempt(device.token, notice)).toMatchObject({ kind: 'gone' });
  });

  it('asks for a retry on 429 with Retry-After and on 5xx', async () => {
    server.queue(/sub-busy/, { status: 429, headers: { 'retry-after': '3' } }, { status: 502 });
    const device = browser(`${server.origin}/push/sub-busy`);
    expect(await transport.attempt(device.token, notice)).toEqual({ kind: 'retry', reason: 'Web Push 429', afterMs: 3_000 });
    expect(await transport.attempt(device.token, notice)).toMatchObject({ kind: 'retry' });
  });

  it('stops when the push service refuses the VAPID key, alerting once', async () => {
    server.queue(/sub-1/, { status: 403 });
    const device = browser(`${server.origin}/push/sub-1`);
    expect(await transport.attempt(device.token, notice)).toMatchObject({ kind: 'credentials' });
    expect(await transport.attempt(device.token, notice)).toMatchObject({ kind: 'credentials' });
    expect(alerts).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  describe('against a push service that does not play fair (the endpoint is a URL the client chose)', () => {
    let unfair: Server;
    let origin: string;
    let onRequest: (res: import('node:http').ServerResponse) => void;

    beforeAll(async () => {
      unfair = createServer(selfSignedCertificate(), (req, res) => {
        req.resume();
        req.on('end', () => onRequest(res));
      });
      await new Promise<void>((resolve) => unfair.listen(0, '127.0.0.1', resolve));
      origin = `https://localhost:${(unfair.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      unfair.closeAllConnections();
      await new Promise((resolve) => unfair.close(resolve));
    });

    it('gives up on one that never answers at its deadline, and asks for a retry', async () => {
      onRequest = () => undefined;
      const impatient = transportOn({ ca: server.ca, allowPrivate: true, timeoutMs: 300 });
      try {
        expect(await impatient.attempt(browser(`${origin}/push/silent`).token, notice)).toEqual({ kind: 'retry', reason: 'push service unreachable: no answer within 300 ms' });
      } finally {
        await impatient.close();
      }
    });

    it('takes the status and reads only a little of an answer that goes on and on', async () => {
      // 64 MiB: far more than loopback buffers hold, so only a reader that stops early cuts it short.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const ended = new Promise<'finished' | 'cut short'>((resolve) => {
        onRequest = (res) => {
          res.writeHead(201);
          let left = 1024;
          const pump = () => {
            while (left > 0 && !res.destroyed) {
              left--;
              if (!res.write(chunk)) return void res.once('drain', pump);
            }
            if (!res.destroyed) res.end();
          };
          res.on('finish', () => resolve('finished'));
          res.on('close', () => resolve(res.writableFinished ? 'finished' : 'cut short'));
          pump();
        };
      });
      const unfairTransport = transportOn({ ca: server.ca, allowPrivate: true });
      try {
        expect(await unfairTransport.attempt(browser(`${origin}/push/endless`).token, notice)).toEqual({ kind: 'ok' });
        expect(await ended).toBe('cut short');
      } finally {
        await unfairTransport.close();
      }
    });
  });
});
