import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmsChannel } from '../../../src/modules/notifications/channels/sms.channel.js';
import type { PhoneVerificationsRepository } from '../../../src/modules/notifications/phone/phone-verifications.repository.js';
import { CredentialStop, type RetryPolicy } from '../../../src/modules/notifications/push/provider-answer.js';
import { startProviderServer, type ProviderServer } from '../../helpers/providers/provider-server.js';

const SID = 'AC0123456789abcdef0123456789abcdef';

// A Twilio-compatible Messages API on a local HTTP server. `text` is the provider call itself;
// which phone a notice goes to (only a verified one) is held by the e2e phone tests.
describe('SMS channel (Twilio-compatible Messages API)', () => {
  let server: ProviderServer;
  let alerts: string[];
  let sms: SmsChannel;
  const sleeps: number[] = [];
  const retry: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 5_000, sleep: async (ms) => void sleeps.push(ms) };

  beforeAll(async () => {
    server = await startProviderServer('http', () => ({ status: 201, body: { sid: 'SM1', status: 'queued' } }));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    sleeps.length = 0;
    alerts = [];
    const noPhones = {} as PhoneVerificationsRepository; // text() never looks a phone up
    sms = new SmsChannel({ accountSid: SID, authToken: 'auth-token-1', from: '+15005550006', apiOrigin: server.origin }, noPhones, new CredentialStop((r) => alerts.push(r)), retry, pino({ level: 'silent' }));
  });

  it('posts To, From and Body as a form with HTTP basic auth to the account’s Messages resource', async () => {
    expect(await sms.text('+4930123456', 'Your appointment with Dr. Lee tomorrow at 09:30')).toEqual({ kind: 'ok' });
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:auth-token-1`).toString('base64')}`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request!.body.toString()))).toEqual({ To: '+4930123456', From: '+15005550006', Body: 'Your appointment with Dr. Lee tomorrow at 09:30' });
  });

  it('retries 429 and 5xx with backoff', async () => {
    server.queue(/Messages/, { status: 429, body: { code: 20429, message: 'Too Many Requests' } }, { status: 500, body: {} });
    expect(await sms.text('+4930123456', 'x')).toEqual({ kind: 'ok' });
    expect(sleeps).toEqual([100, 200]);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a refused number', async () => {
    server.queue(/Messages/, { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } });
    expect(await sms.text('+4930123456', 'x')).toMatchObject({ kind: 'rejected', reason: 'SMS API 400 (21211)' });
    expect(server.requests).toHaveLength(1);
  });

  it('stops on 401, alerting once, and is off from then on', async () => {
    server.queue(/Messages/, { status: 401, body: { code: 20003, message: 'Authenticate' } });
    expect(await sms.text('+4930123456', 'x')).toMatchObject({ kind: 'credentials' });
    expect(await sms.text('+4930123456', 'x')).toMatchObject({ kind: 'credentials' });
    expect(sms.offReason()).toMatch(/401/);
    expect(alerts).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('is off without credentials and says why', () => {
    const off = new SmsChannel(null, {} as PhoneVerificationsRepository, new CredentialStop(() => undefined), retry, pino({ level: 'silent' }));
    expect(off.offReason()).toBe('SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM are not set');
  });
});
