import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import type { MailMessage, MailPort } from './mail.port.js';

const OUTBOX_SIZE = 50;

/**
 * Used when no SMTP server is configured (never in production: configuration refuses it).
 * Nothing is sent. Under NODE_ENV=development the whole message is logged so a developer can
 * follow a reset link; anywhere else only the fact is: a message names its recipient, the
 * doctor, the patient and the time of a visit, which are health details. The in-memory
 * outbox (read by tests) is kept only outside production.
 */
export class DevelopmentMailer implements MailPort {
  readonly kind = 'development' as const;
  readonly outbox: MailMessage[] = [];

  constructor(
    private readonly env: AppConfig['env'],
    private readonly logger: Logger,
  ) {}

  async send(message: MailMessage): Promise<void> {
    if (this.env !== 'production') {
      this.outbox.push(message);
      if (this.outbox.length > OUTBOX_SIZE) this.outbox.shift();
    }
    if (this.env === 'development') {
      this.logger.info({ mail: { to: message.to, subject: message.subject, body: message.text } }, 'mail not sent (no SMTP_HOST): development transport');
    } else {
      this.logger.info('mail not sent (no SMTP_HOST): development transport');
    }
  }
}
