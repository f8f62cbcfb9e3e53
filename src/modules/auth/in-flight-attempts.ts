/** An attempt whose outcome never arrives (a crash mid-login) stops counting after this. */
export const IN_FLIGHT_TTL_MS = 30_000;

interface Attempt {
  startedAt: number;
  /** When its failure was written to the audit trail; null while it is being checked. */
  recordedAt: number | null;
}

/**
 * The lockout fallback's memory (used only while the cache is down): the sign-in attempts this
 * instance let through in the last IN_FLIGHT_TTL_MS, per subject. An attempt counts until its
 * failure is in the audit trail, which the fallback counts instead, so that a parallel attempt
 * sees it in one place or the other.
 *
 * Expired attempts are dropped when their subject is next asked about, and every subject's
 * once per IN_FLIGHT_TTL_MS when an attempt is added: during an outage, a guesser trying many
 * addresses once each would otherwise leave an entry behind for every one of them.
 */
export class InFlightAttempts {
  private readonly bySubject = new Map<string, Attempt[]>();
  private sweptAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.sweptAt = now();
  }

  /** The subject's attempts still being checked, or whose failure was recorded at or after `since`. */
  unseenSince(key: string, since: number): number {
    return this.live(key).filter((a) => a.recordedAt === null || a.recordedAt >= since).length;
  }

  add(key: string): void {
    this.sweep();
    this.bySubject.set(key, [...this.live(key), { startedAt: this.now(), recordedAt: null }]);
  }

  /** One of the subject's attempts failed and its failure is now in the audit trail. */
  recorded(key: string): void {
    const attempt = this.live(key).find((a) => a.recordedAt === null);
    if (attempt) attempt.recordedAt = this.now();
  }

  /** One of the subject's attempts will not be a failure (its password or code passed): it counts no more. */
  settle(key: string): void {
    const attempts = this.live(key);
    const index = attempts.findIndex((a) => a.recordedAt === null);
    if (index >= 0) attempts.splice(index, 1);
  }

  /** How many subjects are remembered. */
  get subjects(): number {
    return this.bySubject.size;
  }

  /** The subject's attempts of the last IN_FLIGHT_TTL_MS; the objects are the kept ones, to be marked. */
  private live(key: string): Attempt[] {
    const cutoff = this.now() - IN_FLIGHT_TTL_MS;
    const live = (this.bySubject.get(key) ?? []).filter((a) => a.startedAt > cutoff);
    if (live.length === 0) this.bySubject.delete(key);
    else this.bySubject.set(key, live);
    return live;
  }

  private sweep(): void {
    if (this.now() - this.sweptAt < IN_FLIGHT_TTL_MS) return;
    this.sweptAt = this.now();
    for (const key of [...this.bySubject.keys()]) this.live(key);
  }
}
