import type { Logger } from 'pino';
import { ChannelFailure, type ChannelOutcome, type NotificationChannel, type Notice, type Recipient } from '../channels/notification-channel.js';
import type { DevicesRepository } from '../devices/devices.repository.js';
import { withRetries, type RetryPolicy } from './provider-answer.js';
import type { DevicePlatform, PushTransport } from './push-transport.js';

/**
 * Push: every registered device of the recipient, each through its platform's provider (iOS:
 * APNs, Android: FCM, web: Web Push). A dead token is forgotten; a rate limit or 5xx is retried
 * with backoff and, if it persists and no device got the notice, handed back to the outbox.
 */
export class PushChannel implements NotificationChannel {
  readonly name = 'push' as const;

  constructor(
    private readonly transports: Partial<Record<DevicePlatform, PushTransport>>,
    private readonly devices: DevicesRepository,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  offReason(): string | null {
    const on = Object.values(this.transports).filter((t) => t.offReason() === null);
    return on.length > 0 ? null : 'no push provider is configured (FCM, APNs or VAPID credentials)';
  }

  /** Closes what the providers hold open (the APNs HTTP/2 connection). */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.transports).map((t) => t.close?.()));
  }

  async send(recipient: Recipient, notice: Notice): Promise<ChannelOutcome> {
    if (this.offReason() !== null) return 'off';
    const devices = await this.devices.listForUser(recipient.userId);
    let sent = 0;
    let reachable = 0;
    const failures: string[] = [];
    for (const device of devices) {
      const transport = this.transports[device.platform];
      if (!transport || transport.offReason() !== null) continue;
      reachable++;
      const answer = await withRetries(this.retry, () => transport.attempt(device.token, notice));
      switch (answer.kind) {
        case 'ok':
          sent++;
          break;
        case 'gone':
          await this.devices.deleteToken(device.token);
          this.logger.info({ deviceId: device.id, provider: transport.provider, reason: answer.reason }, 'push token is dead; device removed');
          break;
        case 'retry':
          failures.push(answer.reason);
          break;
        case 'credentials':
          reachable--; // its provider has just stopped
          break;
        case 'rejected':
          this.logger.warn({ deviceId: device.id, provider: transport.provider, reason: answer.reason }, 'push not delivered to a device');
          break;
      }
    }
    if (sent > 0) return 'sent';
    if (failures.length > 0) throw new ChannelFailure('push', failures.join('; ').slice(0, 300));
    // Devices whose providers are all off: the channel is off for this user.
    return devices.length > 0 && reachable === 0 ? 'off' : 'no-address';
  }
}
