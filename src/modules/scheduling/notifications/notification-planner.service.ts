import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { MAIL, type MailMessage, type MailPort } from '../../../common/mail/mail.port.js';
import { Metrics } from '../../../common/metrics/metrics.js';
import type { AppConfig } from '../../../config/config.js';
import { lockScreenNotice } from '../../notifications/lock-screen-text.js';
import { NotificationDispatcher } from '../../notifications/notification-dispatcher.service.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import { recipientOf, renderMail } from './notification-content.js';
import { NotificationContactsRepository, type AppointmentContacts } from './notification-contacts.repository.js';
import { describe, reminderStillDue, renderOfferMail } from './notification-messages.js';
import type { ClaimedMessage, OutboxMessage } from './outbox.repository.js';
import { preferencesOf } from './preferences/notification-preferences.js';
import { NotificationPreferencesRepository } from './preferences/notification-preferences.repository.js';
import { CHANNELS, planDeliveries, type ChannelName } from './preferences/quiet-hours.js';

/**
 * Decides, for one outbox message, who hears of it on which channel and when: each recipient's
 * preferences and quiet hours (the pure planner in preferences/quiet-hours.ts) choose the
 * channels. What is due now goes out through the NotificationDispatcher of the notifications
 * module (e-mail, push, SMS), each channel at most once per message (`notification_deliveries`);
 * what quiet hours hold comes back as follow-up rows (one recipient, some channels, a later
 * time), which the worker writes as it marks the message done. Throws when a send fails: the
 * message is retried, for the channels not yet done only.
 */
@Injectable()
export class NotificationPlanner {
  private readonly from: string;

  constructor(
    private readonly contacts: NotificationContactsRepository,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly holds: HoldsRepository,
    @Inject(MAIL) private readonly mail: MailPort,
    private readonly notifications: NotificationDispatcher,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.from = config.mail.from;
  }

  async dispatch(message: Pick<ClaimedMessage, 'id' | 'kind' | 'payload'>, now: Date): Promise<OutboxMessage[]> {
    if (message.kind === 'waitlist.offer') {
      await this.dispatchOffer(message, now);
      return [];
    }
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
    const mails: MailMessage[] = [];
    const patientChannels: Exclude<ChannelName, 'email'>[] = [];
    for (const audience of about.audiences) {
      const recipient = recipientOf(contacts, audience);
      if (message.payload.recipientId && message.payload.recipientId !== recipient.userId) continue;
      const preferences = preferencesOf(await this.preferences.find(recipient.userId));
      const asked = preferences.channels[about.preference].filter((c) => !only || only.includes(c));
      // A channel that is off (no provider) is not planned: nothing of it is held or substituted.
      // Push and SMS speak to the patient ("your appointment with Dr …"); the doctor hears by e-mail.
      const short = audience === 'patient';
      const wanted = asked.filter((c) => c === 'email' || (short && this.notifications.isOn(c)));
      for (const off of asked.filter((c) => !wanted.includes(c))) {
        this.metrics.notifications.inc({ channel: off, outcome: 'skipped' });
        // The patient's channel that is off is handed on now, to be recorded `off` for this message.
        if (off !== 'email' && short) patientChannels.push(off);
      }
      const deliveries = planDeliveries({ kind: about.preference, channels: wanted, plannedAt: now, now, notAfter: isReminder ? contacts.startAt : null, quietHours: preferences.quietHours });
      for (const delivery of deliveries) {
        if (delivery.at.getTime() > now.getTime()) {
          followUps.push({ kind: message.kind, payload: { ...message.payload, recipientId: recipient.userId, channels: delivery.channel }, availableAt: delivery.at });
          this.metrics.notifications.inc({ channel: delivery.channel, outcome: 'held' });
        } else if (delivery.channel === 'email') {
          mails.push(renderMail(about.topic, contacts, recipient, this.from, now));
        } else {
          patientChannels.push(delivery.channel);
        }
      }
    }
    await this.sendMails(message.id, mails);
    await this.sendToPatient(message, contacts, patientChannels, now);
    return followUps;
  }

  /**
   * A waitlist offer, to its patient, on the channels they chose for offers (`waitlistOffer`).
   * Quiet hours never hold it: its push or SMS goes by e-mail at once instead (planDeliveries),
   * as the offer expires within minutes. An offer whose hold has ended (booked, declined) or
   * expired is not sent: a retry after the patient acted has nothing left to offer.
   */
  private async dispatchOffer(message: Pick<ClaimedMessage, 'id' | 'kind' | 'payload'>, now: Date): Promise<void> {
    const offer = await this.holds.offerContacts(message.payload.holdId ?? '');
    if (!offer?.open) {
      this.metrics.notifications.inc({ channel: 'any', outcome: 'skipped' });
      return;
    }
    const preferences = preferencesOf(await this.preferences.find(offer.patientId));
    const asked = preferences.channels.waitlistOffer;
    const wanted = asked.filter((c) => this.notifications.isOn(c));
    // A channel that is off is handed on too, to be recorded `off` for this message (as for appointments).
    const off = asked.filter((c): c is Exclude<ChannelName, 'email'> => !wanted.includes(c) && c !== 'email');
    for (const channel of off) this.metrics.notifications.inc({ channel, outcome: 'skipped' });
    const planned = planDeliveries({ kind: 'waitlistOffer', channels: wanted, plannedAt: now, now, notAfter: offer.expiresAt, quietHours: preferences.quietHours }).map((d) => d.channel);
    if (planned.includes('email')) await this.sendMails(message.id, renderOfferMail(offer));
    const short = planned.filter((c): c is Exclude<ChannelName, 'email'> => c !== 'email');
    if (short.length + off.length === 0) return;
    const holdId = message.payload.holdId ?? '';
    const notice = lockScreenNotice({ kind: message.kind, appointmentId: holdId, doctorName: offer.doctorName, startAt: offer.startAt, zone: offer.doctorTimezone, now, language: offer.patientLocale });
    if (!notice) return;
    await this.notifications.deliver(message.id, { userId: offer.patientId, email: offer.patientEmail }, notice, [...short, ...off]);
    for (const channel of short) this.metrics.notifications.inc({ channel, outcome: 'sent' });
  }

  /** Every mail of the message, once (a retry after a failed SMS does not mail again). */
  private async sendMails(outboxId: string, mails: MailMessage[]): Promise<void> {
    if (mails.length === 0) return;
    await this.notifications.once(outboxId, 'email', async () => {
      for (const mail of mails) await this.mail.send(mail);
      this.metrics.notifications.inc({ channel: 'email', outcome: 'sent' }, mails.length);
      return 'sent';
    });
  }

  /** Push and SMS to the patient in their language: the doctor and the time, safe on a lock screen. */
  private async sendToPatient(message: Pick<ClaimedMessage, 'id' | 'kind' | 'payload'>, contacts: AppointmentContacts, channels: Exclude<ChannelName, 'email'>[], now: Date): Promise<void> {
    const notice = lockScreenNotice({ kind: message.kind, appointmentId: contacts.id, doctorName: contacts.doctorName, startAt: contacts.startAt, zone: contacts.doctorTimezone, now, language: contacts.patientLocale });
    if (!notice || channels.length === 0) return;
    await this.notifications.deliver(message.id, { userId: contacts.patientId, email: contacts.patientEmail }, notice, channels);
    for (const channel of channels) this.metrics.notifications.inc({ channel, outcome: 'sent' });
  }
}
