import { z } from 'zod';
import { isNonPublicLiteral } from '../../../../common/net/address-policy.js';
import { DEVICE_PLATFORMS } from '../../push/push-transport.js';
import { parseSubscription } from '../../push/web-push.transport.js';

/** What each platform's token looks like: APNs hex, an FCM registration token, a Web Push subscription (JSON). */
const TOKEN_SHAPES = {
  ios: { pattern: /^[0-9a-fA-F]{64,200}$/, message: 'must be the APNs device token in hex' },
  android: { pattern: /^[A-Za-z0-9_:.-]{20,4096}$/, message: 'must be an FCM registration token' },
} as const;

/** A Web Push subscription whose endpoint is not written as a private address (names are checked when the push is sent). */
function isPublicSubscription(token: string): boolean {
  const subscription = parseSubscription(token);
  return subscription !== null && !isNonPublicLiteral(new URL(subscription.endpoint));
}

export const registerDeviceSchema = z
  .strictObject({
    platform: z.enum(DEVICE_PLATFORMS),
    token: z.string().min(1).max(4096).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII').meta({
      description: 'ios: the APNs device token (hex); android: the FCM registration token; web: `JSON.stringify(pushSubscription)`.',
      example: 'f3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2',
    }),
  })
  .superRefine((value, ctx) => {
    const ok = value.platform === 'web' ? isPublicSubscription(value.token) : TOKEN_SHAPES[value.platform].pattern.test(value.token);
    if (!ok) {
      const message = value.platform === 'web' ? 'must be a PushSubscription as JSON with an https endpoint at a public host and keys.p256dh, keys.auth' : TOKEN_SHAPES[value.platform].message;
      ctx.addIssue({ code: 'custom', path: ['token'], message });
    }
  })
  .meta({ id: 'RegisterDeviceInput' });
export type RegisterDeviceInput = z.infer<typeof registerDeviceSchema>;
