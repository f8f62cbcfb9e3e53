import type { Logger } from 'pino';
import type { MailMessage, MailPort } from './mail.port.js';

/**
 * MAIL_TRANSPORT=disabled: e-mail is dropped on purpose (a deployment without an SMTP
 * service). Only the running count is logged, never a recipient or a word of the message.
 */
export class DisabledMailer implements MailPort {
  readonly kind = 'disabled' as const;
  private dropped = 0;

  constructor(private readonly logger: Logger) {}

  async send(_message: MailMessage): Promise<void> {
    this.dropped += 1;
    this.logger.info({ mailDropped: this.dropped }, 'mail dropped: MAIL_TRANSPORT=disabled');
  }
}
