import type { MailPort } from '../../../common/mail/mail.port.js';
import type { ChannelOutcome, NotificationChannel, Notice, Recipient } from './notification-channel.js';

/** E-mail through the existing mail port (SMTP, or the development transport). */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email' as const;

  constructor(private readonly mail: MailPort) {}

  offReason(): string | null {
    return this.mail.kind === 'disabled' ? 'MAIL_TRANSPORT=disabled' : null;
  }

  async send(recipient: Recipient, notice: Notice): Promise<ChannelOutcome> {
    if (this.offReason() !== null) return 'off';
    await this.mail.send({ to: recipient.email, subject: notice.title, text: notice.body, secrets: [] });
    return 'sent';
  }
}
