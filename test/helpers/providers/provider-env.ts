import { generateKeyPairSync } from 'node:crypto';
import webpush from 'web-push';

/** The app's SMS settings for a local Messages API. */
export function smsEnv(origin: string): Record<string, string> {
  return { SMS_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', SMS_AUTH_TOKEN: 'auth-token-1', SMS_FROM: '+15005550006', SMS_API_URL: origin };
}

/** The app's FCM settings: a fresh service account whose token endpoint and API are a local server. */
export function fcmEnv(origin: string): Record<string, string> {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const account = { type: 'service_account', project_id: 'ihosi-test', client_email: 'push@ihosi-test.iam.gserviceaccount.com', private_key: key, token_uri: `${origin}/token` };
  return { FCM_SERVICE_ACCOUNT_JSON: JSON.stringify(account), FCM_API_URL: origin };
}

/** VAPID settings (a fresh key pair). */
export function vapidEnv(): Record<string, string> {
  const keys = webpush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'mailto:ops@ihosi.test' };
}

/** The FCM token endpoint's answer. */
export const FCM_TOKEN_ANSWER = { status: 200, body: { access_token: 'ya29.test-token', expires_in: 3_600, token_type: 'Bearer' } };
