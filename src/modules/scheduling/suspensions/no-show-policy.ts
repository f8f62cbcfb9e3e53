/** The no-show rule, pure: NO_SHOW_LIMIT no-shows within 180 days suspend online booking for 30 days. */

const DAY_MS = 86_400_000;
export const NO_SHOW_WINDOW_DAYS = 180;
export const SUSPENSION_DAYS = 30;

export const suspensionAfterNoShow = {
  /** No-shows of visits that started after this instant count. */
  countSince(now: Date): Date {
    return new Date(now.getTime() - NO_SHOW_WINDOW_DAYS * DAY_MS);
  },
  /** The suspension `count` countable no-shows call for at `now`, or null below the limit. */
  decide(count: number, limit: number, now: Date): { start: Date; end: Date } | null {
    return count >= limit ? { start: now, end: new Date(now.getTime() + SUSPENSION_DAYS * DAY_MS) } : null;
  },
};
