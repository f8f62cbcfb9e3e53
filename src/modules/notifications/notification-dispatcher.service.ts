import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '../../common/metrics/metrics.js';
import { ChannelFailure, NOTIFICATION_CHANNELS, type ChannelName, type ChannelOutcome, type NotificationChannels, type Notice, type Recipient } from './channels/notification-channel.js';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository.js';

/**
 * Hands one outbox message to channels, each at most once: a channel that delivered (or found
 * nothing to deliver to) is recorded against the message, so the outbox's retry of a message
 * whose SMS failed does not push or mail it again. The outbox's claim lease keeps two workers
 * off one message; a process that dies between a provider's acceptance and the record sends
 * that one channel again (at least once, never silently lost).
 */
@Injectable()
export class NotificationDispatcher {
  constructor(
    private readonly deliveries: NotificationDeliveriesRepository,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannels,
    private readonly metrics: Metrics,
  ) {}

  /** Whether `channel` can carry anything now: registered, with credentials, not stopped (e-mail always). */
  isOn(channel: ChannelName): boolean {
    if (channel === 'email') return true;
    const registered = this.channels.get(channel);
    return registered !== undefined && registered.offReason() === null;
  }

  /** Runs `work` for (message, channel) unless it already ran to an outcome. */
  async once(outboxId: string, channel: ChannelName, work: () => Promise<ChannelOutcome>): Promise<void> {
    if ((await this.deliveries.channelsDone(outboxId)).has(channel)) return;
    let outcome: ChannelOutcome;
    try {
      outcome = await work();
    } catch (error) {
      this.metrics.notificationDeliveries.inc({ channel, outcome: 'failed' });
      throw error;
    }
    await this.deliveries.record(outboxId, channel, outcome);
    this.metrics.notificationDeliveries.inc({ channel, outcome });
  }

  /**
   * Sends `notice` to `recipient` on each of `channels` not yet done for this message. Every
   * channel is tried; then the first failure is thrown, for the outbox to retry the rest.
   */
  async deliver(outboxId: string, recipient: Recipient, notice: Notice, channels: readonly ChannelName[]): Promise<void> {
    let failure: unknown = null;
    for (const name of channels) {
      const channel = this.channels.get(name);
      if (!channel) continue;
      try {
        await this.once(outboxId, name, () => channel.send(recipient, notice));
      } catch (error) {
        if (!(error instanceof ChannelFailure)) throw error;
        failure ??= error;
      }
    }
    if (failure) throw failure;
  }
}
