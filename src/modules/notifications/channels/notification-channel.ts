/*
 * The channel port: every way a notice reaches a person (push, SMS, e-mail) is one
 * NotificationChannel. The outbox worker decides what to say and to whom; a channel only knows
 * how to carry it. Kept small on purpose: other features depend on this shape.
 */

export const CHANNEL_NAMES = ['push', 'sms', 'email'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Who a notice is for. A channel finds its own address (devices, a verified phone) by `userId`. */
export interface Recipient {
  userId: string;
  email: string;
}

/**
 * What a channel carries. Safe for a lock screen: `title` and `body` name the doctor and the
 * time and nothing more (no visit reason, specialty, answers or diagnoses; see lock-screen-text.ts).
 */
export interface Notice {
  title: string;
  body: string;
  /** Replaces an earlier notice with the same id on the device (an appointment's id). */
  collapseId?: string;
}

/**
 * `sent`: at least one address accepted it. `no-address`: the recipient has nothing this
 * channel can reach (no device, no verified phone). `off`: the channel is off (no credentials,
 * or stopped after a bad credential); nothing was attempted.
 */
export type ChannelOutcome = 'sent' | 'no-address' | 'off';

export interface NotificationChannel {
  readonly name: ChannelName;
  /** Null while the channel works; otherwise why it is off (said once at start-up or when it stops). */
  offReason(): string | null;
  /**
   * Delivers `notice` to every address of `recipient` on this channel. Throws
   * ChannelFailure when it should be tried again later (rate limit, provider 5xx after the
   * channel's own retries, network); the outbox retries it with backoff.
   */
  send(recipient: Recipient, notice: Notice): Promise<ChannelOutcome>;
}

/** A delivery that failed for now and should be retried later (the outbox backs off). */
export class ChannelFailure extends Error {
  constructor(
    readonly channel: ChannelName,
    message: string,
  ) {
    super(`${channel}: ${message}`);
    this.name = 'ChannelFailure';
  }
}

/** Every channel, by name; the notifications module provides it under this token. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
export type NotificationChannels = ReadonlyMap<ChannelName, NotificationChannel>;
