import { Agent } from 'node:https';
import webpush, { WebPushError, type PushSubscription } from 'web-push';
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

/** Tests only: trust a local push service's certificate, resolve names their own way, or reach loopback. */
export interface WebPushNetwork {
  ca?: string | Buffer;
  resolve?: Resolve;
  allowPrivate?: boolean;
}

/** How long a push service keeps an undelivered message (seconds). */
const TTL_SECONDS = 24 * 3_600;

/**
 * Web Push with VAPID (RFC 8030/8291/8292) through the `web-push` package: the device token is
 * the browser's PushSubscription as JSON (`endpoint` and `keys.p256dh`, `keys.auth`); the
 * payload is encrypted for that browser, and the push service sees only the VAPID JWT.
 *
 * The endpoint is a URL a client gave us, so it is connected to only at a public address (the
 * agent's lookup, checked at connect time; a literal address before sending): a subscription
 * naming the private network or the metadata service is gone, and nothing is sent to it.
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
    try {
      await webpush.sendNotification(subscription, JSON.stringify({ title: notice.title, body: notice.body }), {
        vapidDetails: { subject: this.settings.subject, publicKey: this.settings.publicKey, privateKey: this.settings.privateKey },
        TTL: TTL_SECONDS,
        urgency: 'high',
        timeout: PUSH_REQUEST_TIMEOUT_MS,
        // Topic: a newer message with the same topic replaces a pending one (≤ 32 URL-safe characters).
        ...(notice.collapseId ? { topic: notice.collapseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 32) } : {}),
        agent: this.agent,
      });
      return { kind: 'ok' };
    } catch (error) {
      if (error instanceof NonPublicAddressError) return { kind: 'gone', reason: 'endpoint is not a public address' };
      if (!(error instanceof WebPushError)) return { kind: 'retry', reason: `push service unreachable: ${(error as Error).message}` };
      const why = `Web Push ${error.statusCode}`;
      if (error.statusCode === 404 || error.statusCode === 410) return { kind: 'gone', reason: why };
      if (error.statusCode === 401 || error.statusCode === 403) return this.refused(`a push service refused our VAPID key (${error.statusCode})`, why);
      return retryOrRejected(error.statusCode, why, error.headers?.['retry-after']);
    }
  }
}

/**
 * A PushSubscription as the browser's `subscription.toJSON()` gives it, or null: an https
 * endpoint with a plain host and no credentials, handed on as the WHATWG parser serialises it
 * (web-push connects with the legacy parser; `hasPlainHost` keeps the two agreeing).
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
