export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * Parts of `text` that are secrets (a reset link). The development transport shows them
   * only in development; nothing else ever logs a message body.
   */
  secrets: string[];
}

/** Sends e-mail: SMTP when SMTP_HOST is set, otherwise the development transport. */
export interface MailPort {
  readonly kind: 'smtp' | 'development';
  send(message: MailMessage): Promise<void>;
}

export const MAIL = Symbol('MAIL');
