import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { LOGGER } from '../../../common/logging/logger.js';
import { MAIL, type MailMessage, type MailPort } from '../../../common/mail/mail.port.js';
import type { AppConfig } from '../../../config/config.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import { HoldsRepository } from '../holds/holds.repository.js';
import { renderMail, renderOfferMail, retryDelaySeconds } from './notification-messages.js';
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
    private readonly appointments: AppointmentsRepository,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly holds: HoldsRepository,
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

  private async appointmentMails(message: ClaimedMessage): Promise<MailMessage[]> {
    const contacts = await this.appointments.findContacts(message.payload.appointmentId ?? '');
    return contacts ? renderMail(message.kind, message.payload, contacts) : [];
  }

  /** Issue 13: a waitlist offer's mail, to its patient. */
  private async offerMails(holdId: string): Promise<MailMessage[]> {
    const contacts = await this.holds.offerContacts(holdId);
    return contacts ? renderOfferMail(contacts) : [];
  }

  private async deliver(message: ClaimedMessage): Promise<boolean> {
    try {
      const mails = message.kind === 'waitlist.offer' ? await this.offerMails(message.payload.holdId ?? '') : await this.appointmentMails(message);
      for (const mail of mails) await this.mail.send(mail);
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
