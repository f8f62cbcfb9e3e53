import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/config.js';
import type { MailMessage, MailPort } from './mail.port.js';

/** SMTP through nodemailer (Mailhog in development, a real relay in production). */
export class SmtpMailer implements MailPort {
  readonly kind = 'smtp' as const;
  private readonly transport: Transporter;

  constructor(
    smtp: NonNullable<AppConfig['mail']['smtp']>,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.port === 465,
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
