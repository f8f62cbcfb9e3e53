/** How long deliveries are retried: a day after the event. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
/** After a day of nothing but failed attempts a subscription is disabled. */
export const DISABLE_AFTER_MS = 24 * 3_600_000;
/** How long a rotated-out secret still signs. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

/**
 * Seconds before the attempt after attempt `attempts` (1-based): 15 s, 45 s, 2¼ min, … × 3 each
 * time, at most 6 h. Over the day: about 12 attempts.
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(6 * 3_600, 15 * 3 ** Math.max(0, attempts - 1));
}
