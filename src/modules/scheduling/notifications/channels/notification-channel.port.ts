import type { ChannelName } from '../preferences/quiet-hours.js';

/** A short message for a device or a phone: lock-screen safe (names and times only). */
export interface ShortMessage {
  title: string;
  body: string;
  /** Later messages with the same key replace earlier ones on the device. */
  collapseKey: string;
}

/**
 * A channel other than e-mail (push, SMS). Each sends to every destination the user has for
 * it (devices, a verified phone); a user without one is not an error. Channels are provided
 * under NOTIFICATION_CHANNELS; a channel not provided is off and its deliveries are skipped.
 */
export interface NotificationChannel {
  readonly name: Exclude<ChannelName, 'email'>;
  send(userId: string, message: ShortMessage, locale: string): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
