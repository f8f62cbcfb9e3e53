import { DateTime } from 'luxon';

/*
 * When each channel of a notification goes out, given the recipient's quiet hours. Pure: no
 * clock, no I/O; the outbox worker asks it, and test/unit/scheduling/quiet-hours.spec.ts holds
 * the rules.
 *
 * - E-mail is never held: quiet hours silence push and SMS only.
 * - A reminder that would fall in quiet hours goes out just before they start (the last
 *   minute before), if that is not already past; otherwise it is treated like anything else.
 * - A waitlist offer's push or SMS that would fall in quiet hours goes by e-mail at once, never
 *   held: the offer expires within minutes (and holds the slot from everyone else meanwhile),
 *   so a push at the end of the night would come too late to act on.
 * - Anything else waits for the end of the quiet hours, or goes by e-mail instead when the
 *   user asked for that (`otherwise: 'email'`) or when waiting would pass `notAfter` (the
 *   visit for a reminder).
 * - Account security always includes e-mail, whatever the preferences say.
 */

export const CHANNELS = ['email', 'push', 'sms'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const NOTIFICATION_KINDS = ['bookingConfirmed', 'reminder', 'appointmentChanged', 'waitlistOffer', 'accountSecurity'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface QuietHours {
  /** Local wall-clock times, `HH:MM`; `start` after `end` spans midnight. */
  start: string;
  end: string;
  timeZone: string;
  /** What a held non-reminder does: wait for the end, or go by e-mail at once. */
  otherwise: 'wait' | 'email';
}

export interface DeliveryRequest {
  kind: NotificationKind;
  channels: readonly ChannelName[];
  /** When the notification is meant to go out. */
  plannedAt: Date;
  now: Date;
  /** Past this instant the notification is pointless (a reminder: the visit). */
  notAfter: Date | null;
  quietHours: QuietHours | null;
}

export interface Delivery {
  channel: ChannelName;
  at: Date;
  why: 'planned' | 'before-quiet-hours' | 'after-quiet-hours' | 'email-instead' | 'security-mail';
}

/** The quiet period containing `at` as instants `[start, end)`, or null when `at` is outside one. */
export function quietPeriodAt(at: Date, quiet: Pick<QuietHours, 'start' | 'end' | 'timeZone'>): { start: Date; end: Date } | null {
  if (quiet.start === quiet.end) return null;
  const local = DateTime.fromJSDate(at, { zone: quiet.timeZone });
  const [sh, sm] = hourMinute(quiet.start);
  const [eh, em] = hourMinute(quiet.end);
  const spansMidnight = quiet.start > quiet.end;
  // The period that contains `at` started today or (spanning midnight) yesterday, local time.
  for (const daysBack of [0, 1]) {
    const day = local.startOf('day').minus({ days: daysBack });
    // Luxon moves a time in a DST gap forward, as the clock does.
    const start = day.set({ hour: sh, minute: sm });
    const end = day.plus({ days: spansMidnight ? 1 : 0 }).set({ hour: eh, minute: em });
    if (start.toMillis() <= at.getTime() && at.getTime() < end.toMillis()) return { start: start.toJSDate(), end: end.toJSDate() };
  }
  return null;
}

/** Each channel's delivery instant (or e-mail in its place), de-duplicated, e-mail first. */
export function planDeliveries(request: DeliveryRequest): Delivery[] {
  const out: Delivery[] = [];
  const add = (d: Delivery) => {
    if (!out.some((o) => o.channel === d.channel)) out.push(d);
  };
  const at = new Date(Math.max(request.plannedAt.getTime(), request.now.getTime()));
  const wanted = [...request.channels].sort((a, b) => CHANNELS.indexOf(a) - CHANNELS.indexOf(b));
  if (request.kind === 'accountSecurity' && !wanted.includes('email')) add({ channel: 'email', at, why: 'security-mail' });
  for (const channel of wanted) add(plan(channel, at, request));
  return out;
}

function plan(channel: ChannelName, at: Date, request: DeliveryRequest): Delivery {
  const period = channel === 'email' || !request.quietHours ? null : quietPeriodAt(at, request.quietHours);
  if (!period) return { channel, at, why: 'planned' };
  if (request.kind === 'reminder') {
    const before = new Date(period.start.getTime() - 60_000);
    if (before.getTime() >= request.now.getTime()) return { channel, at: before, why: 'before-quiet-hours' };
  }
  if (request.kind === 'waitlistOffer') return { channel: 'email', at, why: 'email-instead' };
  const waitPasses = request.notAfter !== null && period.end.getTime() >= request.notAfter.getTime();
  if (request.quietHours!.otherwise === 'email' || waitPasses) return { channel: 'email', at, why: 'email-instead' };
  return { channel, at: period.end, why: 'after-quiet-hours' };
}

function hourMinute(text: string): [number, number] {
  const [h, m] = text.split(':');
  return [Number(h), Number(m)];
}
