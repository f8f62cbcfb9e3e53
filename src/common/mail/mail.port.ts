export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * Parts of `text` that are secrets (a reset link). Only the development transport under
   * NODE_ENV=development logs a message body; nothing else ever does.
   */
  secrets: string[];
  /** An iCalendar (RFC 5546) invite sent as the text/calendar alternative and an .ics attachment. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** Sends e-mail: chosen by MAIL_TRANSPORT (SMTP when SMTP_HOST is set, otherwise the development transport). */
export interface MailPort {
  readonly kind: 'smtp' | 'development' | 'disabled';
  send(message: MailMessage): Promise<void>;
}

export const MAIL = Symbol('MAIL');
