import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import type { MailMessage, MailPort } from './mail.port.js';

const OUTBOX_SIZE = 50;

/**
 * Used when no SMTP server is configured. Nothing is sent: the message is logged so a
 * developer can follow a reset link. Secrets appear in the log only in development, and
 * the in-memory outbox (read by tests) is kept only outside production.
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
    const showSecrets = this.env === 'development';
    const body = showSecrets ? message.text : message.secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), message.text);
    this.logger.info({ mail: { to: message.to, subject: message.subject, body } }, 'mail not sent (no SMTP_HOST): development transport');
  }
}
