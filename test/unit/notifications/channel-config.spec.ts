import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';

const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', DATA_DIR: MEMORY_DATA_DIR, ...env });

describe('notification channel configuration', () => {
  it('turns each provider off without its credentials and says so at start-up', () => {
    const config = load({});
    expect(config.notifications).toEqual({ fcm: null, apns: null, webPush: null, sms: null });
    expect(config.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^push to Android is off/), expect.stringMatching(/^push to iOS is off/), expect.stringMatching(/^Web Push is off/), expect.stringMatching(/^SMS is off/)]));
  });

  it('refuses a provider configured by halves, naming what is missing', () => {
    expect(() => load({ SMS_ACCOUNT_SID: 'AC1', SMS_FROM: '+15005550006' })).toThrow(ConfigError);
    expect(() => load({ SMS_ACCOUNT_SID: 'AC1', SMS_FROM: '+15005550006' })).toThrow(/SMS_AUTH_TOKEN is required/);
    expect(() => load({ APNS_KEY_ID: 'ABC123DEFG' })).toThrow(/APNS_PRIVATE_KEY is required/);
    expect(() => load({ FCM_SERVICE_ACCOUNT_JSON: '{"project_id":"p"}' })).toThrow(/FCM_SERVICE_ACCOUNT_JSON must have project_id, client_email and private_key/);
  });

  it('reads the service account file and the SMS account', () => {
    const account = { project_id: 'p1', client_email: 'a@p1.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n' };
    const config = load({ FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(account), SMS_ACCOUNT_SID: 'AC1', SMS_AUTH_TOKEN: 't', SMS_FROM: '+15005550006' });
    expect(config.notifications.fcm).toEqual({ projectId: 'p1', clientEmail: account.client_email, privateKey: account.private_key, tokenUri: 'https://oauth2.googleapis.com/token', apiOrigin: 'https://fcm.googleapis.com' });
    expect(config.notifications.sms).toEqual({ accountSid: 'AC1', authToken: 't', from: '+15005550006', apiOrigin: 'https://api.twilio.com' });
    expect(config.warnings.some((w) => w.startsWith('SMS is off'))).toBe(false);
  });
});
