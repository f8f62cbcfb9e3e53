/*
 * What a provider answered one attempt, in the few kinds the channels act on, and the retry
 * loop every adapter shares: a rate limit or a 5xx is tried again after a growing pause
 * (the provider's Retry-After when it gives one, capped), then handed back to the outbox.
 */

export type ProviderAnswer =
  | { kind: 'ok' }
  /** The address is dead (unregistered or expired token): forget it. */
  | { kind: 'gone'; reason: string }
  /** Try again later (429, 5xx, network). */
  | { kind: 'retry'; reason: string; afterMs?: number }
  /** Our credential was refused: stop using the channel and alert. */
  | { kind: 'credentials'; reason: string }
  /** This one message was refused (bad payload); retrying will not help. */
  | { kind: 'rejected'; reason: string };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Runs `attempt` until it answers anything but `retry`, or the attempts are used up. */
export async function withRetries(policy: RetryPolicy, attempt: () => Promise<ProviderAnswer>): Promise<ProviderAnswer> {
  let answer = await attempt();
  for (let n = 1; n < policy.attempts && answer.kind === 'retry'; n++) {
    const backoff = policy.baseDelayMs * 2 ** (n - 1);
    await policy.sleep(Math.min(policy.maxDelayMs, answer.afterMs ?? backoff));
    answer = await attempt();
  }
  return answer;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | null | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1_000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A 429 or 5xx is worth another try; a network error too. */
export function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** An HTTP failure no provider rule claimed: a 429 or 5xx is retried (after Retry-After when given); anything else refuses this one message. */
export function retryOrRejected(status: number, reason: string, retryAfter: string | string[] | null | undefined): ProviderAnswer {
  return retryable(status) ? { kind: 'retry', reason, afterMs: retryAfterMs(retryAfter) } : { kind: 'rejected', reason };
}

/** Stops a provider after its credential is refused: says so once, at error level, and stays stopped. */
export class CredentialStop {
  private reason: string | null = null;

  constructor(private readonly alert: (reason: string) => void) {}

  get stopped(): string | null {
    return this.reason;
  }

  stop(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.alert(reason);
  }
}
