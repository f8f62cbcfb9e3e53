import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { isPublicAddress, urlProblem } from '../../../src/common/net/address-policy.js';
import { RETRY_WINDOW_MS, retryDelaySeconds } from '../../../src/modules/webhooks/delivery/webhook-retry.js';
import { newWebhookSecret, signedHeaders } from '../../../src/modules/webhooks/delivery/webhook-signing.js';

describe('webhook address policy', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '2002:7f00:1::', '224.0.0.1', 'not-an-ip'])(
    'refuses %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );
  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => expect(isPublicAddress(address)).toBe(true));

  it('wants https when told, never credentials in the URL', () => {
    expect(urlProblem(new URL('http://a.example/x'), true)).toBe('must be an https URL');
    expect(urlProblem(new URL('http://a.example/x'), false)).toBeNull();
    expect(urlProblem(new URL('https://u:p@a.example/x'), false)).toBe('must not carry credentials');
  });
});

describe('webhook signing', () => {
  it('signs as Standard Webhooks says: the standardwebhooks package verifies each of several secrets', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ type: 'appointment.booked', data: { id: 'x' } });
    const headers = signedHeaders([current, previous], 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    for (const secret of [current, previous]) expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow();
  });
});

describe('webhook retries', () => {
  it('backs off exponentially, at most 6 h apart, and keeps trying over the whole day', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([15, 45, 135, 405]);
    expect(retryDelaySeconds(30)).toBe(6 * 3600);
    let elapsed = 0;
    let attempts = 0;
    while (elapsed * 1000 < RETRY_WINDOW_MS) elapsed += retryDelaySeconds(++attempts);
    expect(attempts).toBeGreaterThanOrEqual(8);
    expect(attempts).toBeLessThanOrEqual(14);
  });
});
