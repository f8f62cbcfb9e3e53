import type { Logger } from 'pino';
import { CredentialStop, retryable, retryAfterMs, withRetries, type ProviderAnswer, type RetryPolicy } from '../push/provider-answer.js';
import type { PhoneVerificationsRepository } from '../phone/phone-verifications.repository.js';
import { ChannelFailure, type ChannelOutcome, type NotificationChannel, type Notice, type Recipient } from './notification-channel.js';

export interface SmsSettings {
  accountSid: string;
  authToken: string;
  /** The sender: an E.164 number, or a Messaging Service SID (`MG…`). */
  from: string;
  /** `https://api.twilio.com`, or any Twilio-compatible Messages API. */
  apiOrigin: string;
}

const TIMEOUT_MS = 10_000;

/**
 * SMS through a Twilio-compatible Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * HTTP basic auth with the account SID and auth token), only to a phone the user verified.
 */
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly settings: SmsSettings | null,
    private readonly phones: PhoneVerificationsRepository,
    private readonly credentials: CredentialStop,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
  ) {}

  offReason(): string | null {
    if (!this.settings) return 'SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM are not set';
    return this.credentials.stopped;
  }

  async send(recipient: Recipient, notice: Notice): Promise<ChannelOutcome> {
    if (this.offReason() !== null) return 'off';
    const phone = await this.phones.verifiedPhone(recipient.userId);
    if (!phone) return 'no-address';
    const answer = await this.text(phone, notice.body);
    if (answer.kind === 'ok') return 'sent';
    if (answer.kind === 'retry') throw new ChannelFailure('sms', answer.reason);
    if (answer.kind === 'credentials') return 'off';
    this.logger.warn({ reason: answer.reason }, 'SMS not delivered');
    return 'no-address';
  }

  /** Sends one text (a notice, or a verification code), with the channel's retries. */
  text(to: string, body: string): Promise<ProviderAnswer> {
    const settings = this.settings;
    if (!settings || this.credentials.stopped) return Promise.resolve({ kind: 'credentials', reason: this.offReason() ?? 'off' });
    return withRetries(this.retry, () => this.post(settings, to, body));
  }

  private async post(settings: SmsSettings, to: string, body: string): Promise<ProviderAnswer> {
    const sender: Record<string, string> = settings.from.startsWith('MG') ? { MessagingServiceSid: settings.from } : { From: settings.from };
    let response: Response;
    try {
      response = await fetch(`${settings.apiOrigin}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: to, ...sender, Body: body }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      return { kind: 'retry', reason: `SMS API unreachable: ${(error as Error).message}` };
    }
    const answer = (await response.json().catch(() => ({}))) as { code?: number; message?: string };
    if (response.ok) return { kind: 'ok' };
    const why = `SMS API ${response.status}${answer.code ? ` (${answer.code})` : ''}`;
    if (response.status === 401 || response.status === 403) {
      this.credentials.stop(`the SMS API refused our account credentials (${response.status})`);
      return { kind: 'credentials', reason: why };
    }
    if (retryable(response.status)) return { kind: 'retry', reason: why, afterMs: retryAfterMs(response.headers.get('retry-after')) };
    return { kind: 'rejected', reason: why };
  }
}
