import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { LOGGER } from '../../../common/logging/logger.js';
import { MAIL, type MailPort } from '../../../common/mail/mail.port.js';
import type { AppConfig } from '../../../config/config.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { defaultChannels, lockScreenNotice } from '../../notifications/lock-screen-text.js';
import { NotificationDispatcher } from '../../notifications/notification-dispatcher.service.js';
import { retryDelaySeconds } from './notification-messages.js';
import { OutboxMessages } from './outbox-messages.service.js';
import { OutboxRepository, type ClaimedMessage } from './outbox.repository.js';

/** A claimed message is someone else's to retry only after this long. */
const LEASE_SECONDS = 120;

/**
 * Sends what the outbox holds, one poll per `tick`: every OUTBOX_POLL_MS on the periodic-task
 * runner (see SchedulingTasks), or tick by tick from tests. Safe with any number of workers
 * and instances.
 */
@Injectable()
export class OutboxWorker {
  private readonly settings: AppConfig['scheduling']['outbox'];

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly messages: OutboxMessages,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly notifications: NotificationDispatcher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.settings = config.scheduling.outbox;
  }

  /** One poll: claims due messages and sends them. Returns how many were delivered. */
  async tick(): Promise<number> {
    const claimed = await this.outbox.claimDue(this.settings.batchSize, LEASE_SECONDS, this.settings.maxAttempts);
    let delivered = 0;
    for (const message of claimed) {
      if (await this.deliver(message)) delivered++;
    }
    return delivered;
  }

  private async deliver(message: ClaimedMessage): Promise<boolean> {
    try {
      const { mails, contacts } = await this.messages.render(message);
      // Each channel once per message: a retry after a failed SMS does not mail or push again.
      await this.notifications.once(message.id, 'email', async () => {
        for (const mail of mails) await this.mail.send(mail);
        return mails.length > 0 ? 'sent' : 'no-address';
      });
      // Push and SMS to the patient, only when the message still stands (a stale reminder mails nothing).
      const notice = contacts && mails.length > 0 ? lockScreenNotice({ kind: message.kind, appointmentId: message.payload.appointmentId ?? '', doctorName: contacts.doctorName, startAt: contacts.startAt, zone: contacts.doctorTimezone, now: this.clock.now() }) : null;
      if (contacts && notice) {
        await this.notifications.deliver(message.id, { userId: contacts.patientId, email: contacts.patientEmail }, notice, defaultChannels(message.kind));
      }
      await this.outbox.markSent(message.id);
      return true;
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const delay = retryDelaySeconds(message.attempts);
      await this.outbox.markFailed(message.id, text, delay);
      const givenUp = message.attempts >= this.settings.maxAttempts;
      this.logger[givenUp ? 'error' : 'warn']({ outboxId: message.id, kind: message.kind, attempts: message.attempts, retryInSeconds: givenUp ? null : delay }, givenUp ? 'notification given up' : 'notification failed; will retry');
      return false;
    }
  }
}
