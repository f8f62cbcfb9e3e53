import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { MAIL, type MailPort } from '../../../common/mail/mail.port.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import type { AppConfig } from '../../../config/config.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './channels/notification-channel.port.js';
import { recipientOf, renderMail, renderShort } from './notification-content.js';
import { NotificationContactsRepository } from './notification-contacts.repository.js';
import { describe, reminderStillDue } from './notification-messages.js';
import type { ClaimedMessage, OutboxMessage } from './outbox.repository.js';
import { preferencesOf } from './preferences/notification-preferences.js';
import { NotificationPreferencesRepository } from './preferences/notification-preferences.repository.js';
import { CHANNELS, planDeliveries, type ChannelName } from './preferences/quiet-hours.js';

/**
 * Sends one outbox message to each recipient on the channels they want, now; what quiet hours
 * hold comes back as follow-up rows (one recipient, some channels, a later time), which the
 * worker writes as it marks the message done. Throws when a send fails: the whole message is
 * retried (at least once per channel).
 */
@Injectable()
export class NotificationDispatcher {
  private readonly channels: Map<string, NotificationChannel>;
  private readonly from: string;

  constructor(
    private readonly contacts: NotificationContactsRepository,
    private readonly preferences: NotificationPreferencesRepository,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[],
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    this.from = config.mail.from;
  }

  async dispatch(message: Pick<ClaimedMessage, 'kind' | 'payload'>, now: Date): Promise<OutboxMessage[]> {
    const about = describe(message.kind);
    const contacts = await this.contacts.find(message.payload.appointmentId ?? '');
    if (!about || !contacts) return [];
    const isReminder = message.kind === 'appointment.reminder';
    if (isReminder && !reminderStillDue(message.payload, contacts, now)) {
      this.metrics.notifications.inc({ channel: 'any', outcome: 'skipped' });
      return [];
    }
    const only = message.payload.channels?.split(',').filter((c): c is ChannelName => (CHANNELS as readonly string[]).includes(c));
    const followUps: OutboxMessage[] = [];
    for (const audience of about.audiences) {
      const recipient = recipientOf(contacts, audience);
      if (message.payload.recipientId && message.payload.recipientId !== recipient.userId) continue;
      const preferences = preferencesOf(await this.preferences.find(recipient.userId));
      const asked = preferences.channels[about.preference].filter((c) => !only || only.includes(c));
      // A channel that is off (not registered) is not planned: nothing of it is held or substituted.
      const wanted = asked.filter((c) => c === 'email' || this.channels.has(c));
      for (const off of asked.filter((c) => !wanted.includes(c))) this.metrics.notifications.inc({ channel: off, outcome: 'skipped' });
      const deliveries = planDeliveries({
        kind: about.preference,
        channels: wanted,
        plannedAt: now,
        now,
        notAfter: isReminder ? contacts.startAt : null,
        quietHours: preferences.quietHours,
      });
      for (const delivery of deliveries) {
        if (delivery.at.getTime() > now.getTime()) {
          followUps.push({ kind: message.kind, payload: { ...message.payload, recipientId: recipient.userId, channels: delivery.channel }, availableAt: delivery.at });
          this.metrics.notifications.inc({ channel: delivery.channel, outcome: 'held' });
        } else if (delivery.channel === 'email') {
          await this.mail.send(renderMail(about.topic, contacts, recipient, this.from, now));
          this.metrics.notifications.inc({ channel: 'email', outcome: 'sent' });
        } else {
          const channel = this.channels.get(delivery.channel);
          if (channel) await channel.send(recipient.userId, renderShort(about.topic, contacts, recipient, now), recipient.locale);
          this.metrics.notifications.inc({ channel: delivery.channel, outcome: channel ? 'sent' : 'skipped' });
        }
      }
    }
    return followUps;
  }
}
