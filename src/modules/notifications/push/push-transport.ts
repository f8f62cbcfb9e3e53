import type { Notice } from '../channels/notification-channel.js';
import type { ProviderAnswer } from './provider-answer.js';

export const DEVICE_PLATFORMS = ['ios', 'android', 'web'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** One push provider (FCM, APNs, a Web Push service): one attempt to one device token. */
export interface PushTransport {
  readonly provider: 'fcm' | 'apns' | 'webpush';
  /** Why it is off (no credentials, or a refused credential), or null. */
  offReason(): string | null;
  attempt(token: string, notice: Notice): Promise<ProviderAnswer>;
  close?(): Promise<void>;
}
