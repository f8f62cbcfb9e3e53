import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolve } from '../../../src/common/net/address-policy.js';
import { WebhookHttpClient } from '../../../src/modules/webhooks/delivery/webhook-http-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/**
 * The delivery client against a real local receiver. Names are resolved by a resolver the test
 * controls, which plays the attacker's DNS: what it answers at the check is where the request
 * goes, and a name with any non-public address is refused at delivery time.
 */
describe('webhook HTTP client', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  const client = (options: { allowPrivate: boolean; resolve: Resolve; timeoutMs?: number }) =>
    new WebhookHttpClient({ requireHttps: false, allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs ?? 2_000, resolve: options.resolve });

  it('connects to the address it checked, not to a second resolution of the name', async () => {
    let lookups = 0;
    // First answer loopback (where the receiver is); any later lookup would answer an address nothing listens on.
    const rebinding: Resolve = async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '127.0.0.2', family: 4 }]);
    const attempt = await client({ allowPrivate: true, resolve: rebinding }).post(`http://hooks.example.test:${receiver.port}/x`, { 'webhook-id': 'msg_1' }, '{}');
    expect(attempt).toEqual({ ok: true, status: 204 });
    expect(lookups).toBe(1);
    expect(receiver.received.at(-1)!.headers.host).toBe(`hooks.example.test:${receiver.port}`);
  });

  it('refuses, at delivery time, a name that now resolves to a loopback, private or metadata address, and sends nothing', async () => {
    const before = receiver.received.length;
    for (const addresses of [[{ address: '127.0.0.1', family: 4 }], [{ address: '93.184.215.14', family: 4 }, { address: '169.254.169.254', family: 4 }], [{ address: '::ffff:10.0.0.1', family: 6 }]]) {
      const attempt = await client({ allowPrivate: false, resolve: async () => addresses }).post(`http://hooks.example.test:${receiver.port}/x`, {}, '{}');
      expect(attempt).toMatchObject({ ok: false, status: null, error: expect.stringContaining('not public') });
    }
    const literal = await client({ allowPrivate: false, resolve: async () => [] }).post(`http://127.0.0.1:${receiver.port}/x`, {}, '{}');
    expect(literal).toMatchObject({ ok: false, status: null });
    expect(receiver.received).toHaveLength(before);
  });

  it('gives up on an endpoint that does not answer within the timeout, and counts a redirect as a failure', async () => {
    receiver.answerNext('hang');
    const loopback: Resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await client({ allowPrivate: true, resolve: loopback, timeoutMs: 200 }).post(`${receiver.url}/slow`, {}, '{}')).toEqual({
      ok: false,
      status: null,
      error: 'no answer within 200 ms',
    });
    receiver.answerNext(302);
    expect(await client({ allowPrivate: true, resolve: loopback }).post(`${receiver.url}/moved`, {}, '{}')).toEqual({ ok: false, status: 302, error: 'answered 302' });
  });

  it('refuses plain http when https is required', async () => {
    const strict = new WebhookHttpClient({ requireHttps: true, allowPrivate: true, timeoutMs: 1_000 });
    expect(await strict.post(`${receiver.url}/x`, {}, '{}')).toEqual({ ok: false, status: null, error: 'The URL must be an https URL.' });
  });
});
