import { connect, constants, type ClientHttp2Session } from 'node:http2';
import type { Notice } from '../channels/notification-channel.js';
import { signJwt } from './jwt-assertion.js';
import { retryOrRejected, type ProviderAnswer } from './provider-answer.js';
import { JwtSigningPushTransport, PUSH_REQUEST_TIMEOUT_MS } from './push-transport.js';

export interface ApnsSettings {
  keyId: string;
  teamId: string;
  /** The `.p8` key's PEM text. */
  privateKey: string;
  /** The app's bundle id (`apns-topic`). */
  topic: string;
  /** `https://api.push.apple.com`, or `https://api.sandbox.push.apple.com`. */
  origin: string;
  /** Extra trusted CA (PEM): tests' self-signed server. */
  ca?: string;
  /** Tests only: how long one request may take (PUSH_REQUEST_TIMEOUT_MS by default). */
  timeoutMs?: number;
}

/** How long closing the connection may wait for streams still open before it is cut. */
const CLOSE_GRACE_MS = 2_000;

/** Apple wants a provider token younger than an hour and refreshed at most every 20 minutes. */
const TOKEN_LIFETIME_MS = 50 * 60_000;

/**
 * Apple Push Notification service over HTTP/2 with token-based auth: one ES256 provider token
 * (`kid` = key id, `iss` = team id) shared by every request until it is 50 minutes old, one
 * HTTP/2 connection reused for every push.
 */
export class ApnsTransport extends JwtSigningPushTransport<ApnsSettings> {
  readonly provider = 'apns' as const;
  private token: { value: string; issuedAt: number } | null = null;
  private session: ClientHttp2Session | null = null;

  providerToken(): string {
    if (!this.token || this.now() - this.token.issuedAt >= TOKEN_LIFETIME_MS) {
      const issuedAt = this.now();
      this.token = { value: signJwt('ES256', { kid: this.settings.keyId }, { iss: this.settings.teamId, iat: Math.floor(issuedAt / 1_000) }, this.key), issuedAt };
    }
    return this.token.value;
  }

  protected async send(deviceToken: string, notice: Notice): Promise<ProviderAnswer> {
    const first = await this.post(deviceToken, notice);
    if (first.reason !== 'ExpiredProviderToken') return first.answer;
    this.token = null;
    return (await this.post(deviceToken, notice)).answer;
  }

  /** Lets open streams finish for up to CLOSE_GRACE_MS, then cuts the connection (a pending stream would keep `close` waiting for good). */
  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (!session || session.destroyed) return;
    await new Promise<void>((resolve) => {
      const cut = setTimeout(() => session.destroy(), CLOSE_GRACE_MS);
      session.once('close', () => {
        clearTimeout(cut);
        resolve();
      });
      session.close();
    });
  }

  /**
   * A request past its deadline. Cancelling the stream is not enough: one still pending (the
   * connection never finished its TLS handshake) ignores the cancel and would never settle, and
   * a connection that went silent would cost every later push the whole deadline. The
   * connection is cut, which ends this request, and the next push connects afresh.
   */
  private abandon(session: ClientHttp2Session): void {
    if (this.session === session) this.session = null;
    session.destroy(new Error('APNs did not answer in time'));
  }

  private connection(): ClientHttp2Session {
    if (this.session && !this.session.closed && !this.session.destroyed) return this.session;
    const session = connect(this.settings.origin, this.settings.ca ? { ca: this.settings.ca } : {});
    session.on('error', () => session.destroy());
    session.on('goaway', () => session.close());
    session.unref();
    this.session = session;
    return session;
  }

  private post(deviceToken: string, notice: Notice): Promise<{ answer: ProviderAnswer; reason?: string }> {
    const payload = JSON.stringify({ aps: { alert: { title: notice.title, body: notice.body }, sound: 'default' } });
    return new Promise((resolve) => {
      let request;
      let session: ClientHttp2Session;
      try {
        session = this.connection();
        request = session.request({
          [constants.HTTP2_HEADER_METHOD]: 'POST',
          [constants.HTTP2_HEADER_PATH]: `/3/device/${encodeURIComponent(deviceToken)}`,
          authorization: `bearer ${this.providerToken()}`,
          'apns-topic': this.settings.topic,
          'apns-push-type': 'alert',
          'apns-priority': '10',
          ...(notice.collapseId ? { 'apns-collapse-id': notice.collapseId.slice(0, 64) } : {}),
          'content-type': 'application/json',
        });
      } catch (error) {
        resolve({ answer: { kind: 'retry', reason: `APNs unreachable: ${(error as Error).message}` } });
        return;
      }
      request.setTimeout(this.settings.timeoutMs ?? PUSH_REQUEST_TIMEOUT_MS, () => this.abandon(session));
      let status = 0;
      let retryAfter: string | undefined;
      const chunks: Buffer[] = [];
      request.on('response', (headers) => {
        status = Number(headers[constants.HTTP2_HEADER_STATUS]);
        retryAfter = headers['retry-after'] as string | undefined;
      });
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('error', (error) => resolve({ answer: { kind: 'retry', reason: `APNs stream failed: ${error.message}` } }));
      request.on('close', () => {
        if (status === 0) return resolve({ answer: { kind: 'retry', reason: 'APNs closed the stream without answering' } });
        let reason: string;
        try {
          reason = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { reason?: string }).reason ?? '';
        } catch {
          reason = '';
        }
        resolve({ answer: this.classify(status, reason, retryAfter), reason });
      });
      request.end(payload);
    });
  }

  private classify(status: number, reason: string, retryAfter: string | undefined): ProviderAnswer {
    if (status === 200) return { kind: 'ok' };
    const why = `APNs ${status} ${reason}`.trim();
    if (status === 410 || reason === 'BadDeviceToken' || reason === 'Unregistered' || reason === 'DeviceTokenNotForTopic') return { kind: 'gone', reason: why };
    if (reason === 'ExpiredProviderToken') return { kind: 'retry', reason: why };
    if (status === 403 || reason === 'InvalidProviderToken' || reason === 'MissingProviderToken' || reason === 'BadTopic' || reason === 'TopicDisallowed') {
      return this.refused(`APNs refused our credentials (${reason || status})`, why);
    }
    return retryOrRejected(status, why, retryAfter);
  }
}
