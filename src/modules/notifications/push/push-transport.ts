import type { KeyObject } from 'node:crypto';
import type { Notice } from '../channels/notification-channel.js';
import { privateKey } from './jwt-assertion.js';
import type { CredentialStop, ProviderAnswer } from './provider-answer.js';

/** How long one request to a push provider may take; past it the attempt is retried like a network error. */
export const PUSH_REQUEST_TIMEOUT_MS = 10_000;

export const DEVICE_PLATFORMS = ['ios', 'android', 'web'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

/** One push provider (FCM, APNs, a Web Push service): one attempt to one device token. */
export interface PushTransport {
  readonly provider: 'fcm' | 'apns' | 'webpush';
  /** Why it is off (no credentials, or a refused credential), or null. */
  offReason(): string | null;
  attempt(token: string, notice: Notice): Promise<ProviderAnswer>;
  close?(): Promise<void>;
}

/**
 * What every provider does around its own request: once our credential was refused it is off
 * (no request until a restart with new credentials), and a refusal stops it, alerting once.
 */
export abstract class StoppablePushTransport implements PushTransport {
  abstract readonly provider: PushTransport['provider'];

  constructor(private readonly credentials: CredentialStop) {}

  offReason(): string | null {
    return this.credentials.stopped;
  }

  async attempt(token: string, notice: Notice): Promise<ProviderAnswer> {
    const stopped = this.credentials.stopped;
    if (stopped !== null) return { kind: 'credentials', reason: stopped };
    return this.send(token, notice);
  }

  /** One attempt while our credential stands. */
  protected abstract send(token: string, notice: Notice): Promise<ProviderAnswer>;

  /** Our credential was refused: the provider stops for `stopReason` (alerted once); this attempt answers `reason`. */
  protected refused(stopReason: string, reason: string): ProviderAnswer {
    this.credentials.stop(stopReason);
    return { kind: 'credentials', reason };
  }
}

/** A provider we sign JWTs for (APNs' provider token, FCM's OAuth assertion): the PEM key of its settings, on a clock tests can move. */
export abstract class JwtSigningPushTransport<Settings extends { privateKey: string }> extends StoppablePushTransport {
  protected readonly key: KeyObject;

  constructor(
    protected readonly settings: Settings,
    credentials: CredentialStop,
    protected readonly now: () => number = Date.now,
  ) {
    super(credentials);
    this.key = privateKey(settings.privateKey);
  }
}
