import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import webpush, { type PushSubscription, type RequestDetails } from 'web-push';
import { hasPlainHost, isNonPublicLiteral, NonPublicAddressError, publicOnlyLookup, type Resolve } from '../../../common/net/address-policy.js';
import type { Notice } from '../channels/notification-channel.js';
import { retryOrRejected, type CredentialStop, type ProviderAnswer } from './provider-answer.js';
import { StoppablePushTransport, PUSH_REQUEST_TIMEOUT_MS } from './push-transport.js';

export interface WebPushSettings {
  /** VAPID key pair (URL-safe base64, as `web-push generate-vapid-keys` prints them). */
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:` contact the push service may use. */
  subject: string;
}

/** Tests only: trust a local push service's certificate, resolve names their own way, reach loopback, or wait less. */
export interface WebPushNetwork {
  ca?: string | Buffer;
  resolve?: Resolve;
  allowPrivate?: boolean;
  timeoutMs?: number;
}

/** How long a push service keeps an undelivered message (seconds). */
const TTL_SECONDS = 24 * 3_600;

/** Of an answer's body only this much is read (none of it is used). */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * Web Push with VAPID (RFC 8030/8291/8292) through the `web-push` package: the device token is
 * the browser's PushSubscription as JSON (`endpoint` and `keys.p256dh`, `keys.auth`); the
 * payload is encrypted for that browser, and the push service sees only the VAPID JWT.
 *
 * The endpoint is a URL a client gave us, so it is connected to only at a public address (the
 * agent's lookup, checked at connect time; a literal address before sending): a subscription
 * naming the private network or the metadata service is gone, and nothing is sent to it.
 *
 * For the same reason the request is ours, not web-push's `sendNotification` (which has only an
 * idle timeout and keeps the whole answer): the package encrypts and signs
 * (`generateRequestDetails`), and the POST has one deadline for the whole exchange and reads
 * at most MAX_BODY_BYTES of the answer. An endpoint that answers a byte every few seconds, or
 * without end, cannot hold the notification worker.
 */
export class WebPushTransport extends StoppablePushTransport {
  readonly provider = 'webpush' as const;
  private readonly agent: Agent;

  constructor(
    private readonly settings: WebPushSettings,
    credentials: CredentialStop,
    private readonly network: WebPushNetwork = {},
  ) {
    super(credentials);
    this.agent = new Agent({ keepAlive: true, ...(network.ca ? { ca: network.ca } : {}), ...(network.allowPrivate ? {} : { lookup: publicOnlyLookup(network.resolve) }) });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  protected async send(token: string, notice: Notice): Promise<ProviderAnswer> {
    const subscription = parseSubscription(token);
    if (!subscription) return { kind: 'gone', reason: 'not a Web Push subscription' };
    if (!this.network.allowPrivate && isNonPublicLiteral(new URL(subscription.endpoint))) return { kind: 'gone', reason: 'endpoint is not a public address' };
    let details: RequestDetails;
    try {
      details = webpush.generateRequestDetails(subscription, JSON.stringify({ title: notice.title, body: notice.body }), {
        vapidDetails: { subject: this.settings.subject, publicKey: this.settings.publicKey, privateKey: this.settings.privateKey },
        TTL: TTL_SECONDS,
        urgency: 'high',
        // Topic: a newer message with the same topic replaces a pending one (≤ 32 URL-safe characters).
        ...(notice.collapseId ? { topic: notice.collapseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 32) } : {}),
      });
    } catch (error) {
      return { kind: 'retry', reason: `push not prepared: ${(error as Error).message.slice(0, 100)}` };
    }
    let answer: { status: number; headers: IncomingHttpHeaders };
    try {
      answer = await this.post(details);
    } catch (error) {
      if (error instanceof NonPublicAddressError) return { kind: 'gone', reason: 'endpoint is not a public address' };
      return { kind: 'retry', reason: `push service unreachable: ${(error as Error).message}` };
    }
    const { status } = answer;
    if (status >= 200 && status < 300) return { kind: 'ok' };
    const why = `Web Push ${status}`;
    if (status === 404 || status === 410) return { kind: 'gone', reason: why };
    if (status === 401 || status === 403) return this.refused(`a push service refused our VAPID key (${status})`, why);
    const retryAfter = answer.headers['retry-after'];
    return retryOrRejected(status, why, typeof retryAfter === 'string' ? retryAfter : undefined);
  }

  /**
   * The status and headers, as soon as they arrive. The rest of the answer is read (at most
   * MAX_BODY_BYTES) so the connection can be reused; the deadline destroys whatever is still
   * open when it passes, answered or not.
   */
  private post(details: RequestDetails): Promise<{ status: number; headers: IncomingHttpHeaders }> {
    const timeoutMs = this.network.timeoutMs ?? PUSH_REQUEST_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const req = request(new URL(details.endpoint), { method: details.method, headers: details.headers as Record<string, string | number>, agent: this.agent }, (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_BODY_BYTES) req.destroy();
        });
        // Destroyed mid-body (the cap, the deadline): the status is already taken.
        res.on('error', () => undefined);
        res.on('end', () => clearTimeout(deadline));
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
      const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      req.on('close', () => clearTimeout(deadline));
      req.end(details.body ?? undefined);
    });
  }
}

/**
 * A PushSubscription as the browser's `subscription.toJSON()` gives it, or null: an https
 * endpoint with a plain host and no credentials, handed on as the WHATWG parser serialises it.
 * `hasPlainHost` refuses a host that URL parsers read differently (the legacy one, which other
 * tools reading a stored subscription may use, cuts `127.0.0.1;.example.com` to loopback).
 */
export function parseSubscription(token: string): PushSubscription | null {
  try {
    const value = JSON.parse(token) as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
    if (typeof value.endpoint !== 'string' || typeof value.keys?.p256dh !== 'string' || typeof value.keys.auth !== 'string') return null;
    const endpoint = new URL(value.endpoint);
    if (endpoint.protocol !== 'https:' || endpoint.username || endpoint.password || !hasPlainHost(endpoint)) return null;
    return { endpoint: endpoint.href, keys: { p256dh: value.keys.p256dh, auth: value.keys.auth } };
  } catch {
    return null;
  }
}
