import { z } from 'zod';
import type { EnvProblem } from './env.schema.js';

/*
 * The push and SMS providers' credentials. A provider whose variables are all unset is off
 * (said once at start-up); one with only some of them set stops the start-up, naming the
 * missing variable, because a half-configured provider is a typo, not a choice.
 */

const pem = z.string().min(40, 'must be a PEM private key');
const origin = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

export const notificationChannelEnv = {
  /** FCM HTTP v1: the Firebase service account's JSON key file, as one line. */
  FCM_SERVICE_ACCOUNT_JSON: z.string().optional(),
  FCM_API_URL: origin.default('https://fcm.googleapis.com'),
  /** APNs token auth: the `.p8` key (PEM text, `\n` allowed), its key id, the team id and the app's bundle id. */
  APNS_PRIVATE_KEY: pem.optional(),
  APNS_KEY_ID: z.string().regex(/^[A-Z0-9]{10}$/, 'must be the 10-character key id').optional(),
  APNS_TEAM_ID: z.string().regex(/^[A-Z0-9]{10}$/, 'must be the 10-character team id').optional(),
  APNS_TOPIC: z.string().min(1).max(200).optional(),
  /** `https://api.push.apple.com` (production apps) or `https://api.sandbox.push.apple.com` (development builds). */
  APNS_URL: origin.default('https://api.push.apple.com'),
  /** Web Push: the VAPID key pair (`npx web-push generate-vapid-keys`) and a contact (`mailto:` or `https:`). */
  VAPID_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, 'must be a URL-safe base64 P-256 public key').optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, 'must be a URL-safe base64 P-256 private key').optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'must be a mailto: or https: URL').optional(),
  /** SMS: a Twilio-compatible Messages API (HTTP basic auth with the account SID and auth token). */
  SMS_ACCOUNT_SID: z.string().min(1).max(100).optional(),
  SMS_AUTH_TOKEN: z.string().min(1).max(200).optional(),
  /** The sender: an E.164 number or a Messaging Service SID (`MG…`). */
  SMS_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 number or a Messaging Service SID').optional(),
  SMS_API_URL: origin.default('https://api.twilio.com'),
};

type ChannelEnv = z.infer<z.ZodObject<typeof notificationChannelEnv>>;

export interface NotificationChannelsConfig {
  fcm: { projectId: string; clientEmail: string; privateKey: string; tokenUri: string; apiOrigin: string } | null;
  apns: { keyId: string; teamId: string; privateKey: string; topic: string; origin: string } | null;
  webPush: { publicKey: string; privateKey: string; subject: string } | null;
  sms: { accountSid: string; authToken: string; from: string; apiOrigin: string } | null;
}

const GROUPS = {
  APNs: ['APNS_PRIVATE_KEY', 'APNS_KEY_ID', 'APNS_TEAM_ID', 'APNS_TOPIC'],
  'Web Push': ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'],
  SMS: ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'],
} as const;

interface ServiceAccount {
  project_id?: unknown;
  client_email?: unknown;
  private_key?: unknown;
  token_uri?: unknown;
}

function serviceAccount(json: string): NotificationChannelsConfig['fcm'] | string {
  let value: ServiceAccount;
  try {
    value = JSON.parse(json) as ServiceAccount;
  } catch {
    return 'must be the service account key file (JSON)';
  }
  const { project_id: projectId, client_email: clientEmail, private_key: privateKey } = value;
  const tokenUri = value.token_uri ?? 'https://oauth2.googleapis.com/token';
  if (typeof projectId !== 'string' || typeof clientEmail !== 'string' || typeof privateKey !== 'string' || typeof tokenUri !== 'string') {
    return 'must have project_id, client_email and private_key';
  }
  return { projectId, clientEmail, privateKey, tokenUri, apiOrigin: '' };
}

export function notificationChannelRules(env: ChannelEnv): EnvProblem[] {
  const problems: EnvProblem[] = [];
  for (const names of Object.values(GROUPS)) {
    const set = names.filter((n) => env[n] !== undefined);
    if (set.length === 0 || set.length === names.length) continue;
    for (const name of names.filter((n) => env[n] === undefined)) problems.push({ variable: name, message: `is required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set` });
  }
  if (env.FCM_SERVICE_ACCOUNT_JSON !== undefined) {
    const account = serviceAccount(env.FCM_SERVICE_ACCOUNT_JSON);
    if (typeof account === 'string') problems.push({ variable: 'FCM_SERVICE_ACCOUNT_JSON', message: account });
  }
  return problems;
}

/** The providers the variables configure; each one that is off adds a start-up warning. */
export function notificationChannelsConfig(env: ChannelEnv, warnings: string[]): NotificationChannelsConfig {
  const account = env.FCM_SERVICE_ACCOUNT_JSON ? serviceAccount(env.FCM_SERVICE_ACCOUNT_JSON) : null;
  const fcm = account && typeof account !== 'string' ? { ...account, apiOrigin: env.FCM_API_URL } : null;
  const apns =
    env.APNS_PRIVATE_KEY && env.APNS_KEY_ID && env.APNS_TEAM_ID && env.APNS_TOPIC
      ? { keyId: env.APNS_KEY_ID, teamId: env.APNS_TEAM_ID, privateKey: env.APNS_PRIVATE_KEY, topic: env.APNS_TOPIC, origin: env.APNS_URL }
      : null;
  const webPush = env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT } : null;
  const sms = env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM ? { accountSid: env.SMS_ACCOUNT_SID, authToken: env.SMS_AUTH_TOKEN, from: env.SMS_FROM, apiOrigin: env.SMS_API_URL } : null;
  if (!fcm) warnings.push('push to Android is off: FCM_SERVICE_ACCOUNT_JSON not set');
  if (!apns) warnings.push('push to iOS is off: APNS_PRIVATE_KEY, APNS_KEY_ID, APNS_TEAM_ID and APNS_TOPIC not set');
  if (!webPush) warnings.push('Web Push is off: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT not set');
  if (!sms) warnings.push('SMS is off (appointment texts and phone verification): SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM not set');
  return { fcm, apns, webPush, sms };
}
