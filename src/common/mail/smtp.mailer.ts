import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/config.js';
import type { MailMessage, MailPort } from './mail.port.js';

/** SMTP through nodemailer (Mailhog in development, a real relay in production). */
export class SmtpMailer implements MailPort {
  readonly kind = 'smtp' as const;
  private readonly transport: Transporter;

  /** `trust`: certificate authorities to trust besides the system's (tests; operators use NODE_EXTRA_CA_CERTS). */
  constructor(
    smtp: NonNullable<AppConfig['mail']['smtp']>,
    private readonly from: string,
    trust?: { ca: string },
  ) {
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.port === 465,
      // With requireTLS, a server that offers no STARTTLS (or whose offer was stripped on the way)
      // fails the send before any mail is given; the certificate is verified either way.
      requireTLS: smtp.requireTls,
      ...(trust ? { tls: { ca: trust.ca } } : {}),
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.calendar ? { icalEvent: { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content } } : {}),
    });
  }

  close(): void {
    this.transport.close();
  }
}
