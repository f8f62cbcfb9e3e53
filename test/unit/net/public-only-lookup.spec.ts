import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { hasPlainHost, isNonPublicLiteral, NonPublicAddressError, publicOnlyLookup, type ResolvedAddress } from '../../../src/common/net/address-policy.js';
import { parseSubscription } from '../../../src/modules/notifications/push/web-push.transport.js';

/** What the lookup answers a socket that asks for one address, or for all of them. */
function ask(answer: ResolvedAddress[] | Error, all: boolean): Promise<{ error: Error | null; result: string | LookupAddress[] }> {
  const lookup = publicOnlyLookup(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return new Promise((resolve) => lookup('push.example.test', { all }, (error, result) => resolve({ error, result })));
}

describe('the public-only socket lookup', () => {
  const publicAddresses = [
    { address: '93.184.216.34', family: 4 },
    { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
  ];

  it('answers a name whose every address is public, one address or all of them', async () => {
    expect(await ask(publicAddresses, true)).toEqual({ error: null, result: publicAddresses });
    expect(await ask(publicAddresses, false)).toEqual({ error: null, result: '93.184.216.34' });
  });

  it('refuses a name with any address that is not public, or with none', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '::1', 'fd00:ec2::254', '::ffff:192.168.0.1']) {
      const { error } = await ask([publicAddresses[0]!, { address, family: address.includes(':') ? 6 : 4 }], true);
      expect(error, address).toBeInstanceOf(NonPublicAddressError);
    }
    expect((await ask([], false)).error).toBeInstanceOf(NonPublicAddressError);
  });

  it("passes the resolver's own failure on", async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND push.example.test'), { code: 'ENOTFOUND' });
    expect((await ask(failure, true)).error).toBe(failure);
  });

  it('takes only plain hosts, which the WHATWG and the legacy URL parsers read alike', () => {
    // The legacy parser (web-push connects with it) cuts these at the odd character: loopback or metadata.
    for (const url of ['https://127.0.0.1;.example.com/x', 'https://169.254.169.254{.x/latest', "https://10.0.0.1'.example.com/", 'https://127.0.0.1`.x/']) {
      expect(hasPlainHost(new URL(url)), url).toBe(false);
    }
    for (const url of ['https://fcm.googleapis.com/fcm/send/abc', 'https://web.push.apple.com./x', 'https://[2001:db8::1]:8443/p', 'https://93.184.216.34/x']) expect(hasPlainHost(new URL(url)), url).toBe(true);
  });

  it('reads a Web Push subscription only with an https endpoint at a plain host, serialised, never throwing', () => {
    const keys = { p256dh: 'BNcR', auth: 'tBHI' };
    const token = (endpoint: unknown) => JSON.stringify({ endpoint, keys });
    for (const endpoint of ['https://127.0.0.1;.example.com/x', 'https://a b', 'https://', 'https://[::1', 'http://push.example.com/x', 'https://user:pw@push.example.com/x', 42]) {
      expect(parseSubscription(token(endpoint)), String(endpoint)).toBeNull();
    }
    expect(parseSubscription(token('https://Push.Example.com/send/%7Eabc'))).toEqual({ endpoint: 'https://push.example.com/send/%7Eabc', keys });
    expect(parseSubscription('not json')).toBeNull();
  });

  it('tells a host written as a non-public address from a public one or a name', () => {
    for (const url of ['https://127.0.0.1/x', 'https://10.0.0.5:8443/x', 'https://169.254.169.254/latest', 'https://[::1]/x', 'https://[fd00::1]/x']) {
      expect(isNonPublicLiteral(new URL(url)), url).toBe(true);
    }
    for (const url of ['https://93.184.216.34/x', 'https://fcm.googleapis.com/fcm/send/abc', 'https://localhost/x']) expect(isNonPublicLiteral(new URL(url)), url).toBe(false);
  });
});
