import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { LOGGER } from '../../common/logging/logger.js';
import type { AppConfig } from '../../config/config.js';
import { LoginFailuresRepository } from './login-failures.repository.js';

/** An attempt whose outcome never arrives (a crash mid-login) stops counting after this. */
const IN_FLIGHT_TTL_MS = 30_000;

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-account guessing defence, keyed by a hash of the lower-cased e-mail (whether or not an
 * account exists, so a lock reveals nothing). Counters live in the shared cache, so the lock
 * holds on every instance and from every address.
 *
 * An attempt counts as a failure *before* the password is checked and is forgiven on
 * success; so a burst of parallel guesses cannot get more than LOGIN_LOCKOUT_ATTEMPTS tries.
 *
 * While the cache is unreachable, the failed sign-ins the audit trail records in the database
 * are counted instead (the last LOGIN_LOCKOUT_MINUTES, since the last success), so sign-in
 * keeps working and an account still locks after LOGIN_LOCKOUT_ATTEMPTS failures. Attempts
 * still being checked on this instance count too, so a parallel burst gets no more tries than
 * the rule allows (per instance; across N instances at most N times as many). An e-mail with
 * no account has no rows to count: accepted for the length of an outage.
 */
@Injectable()
export class LoginLockout {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly failures: LoginFailuresRepository,
  ) {}

  /** Fallback only: start instants of this instance's attempts not yet failed or succeeded, per account. */
  private readonly inFlight = new Map<string, number[]>();

  async begin(email: string): Promise<AttemptVerdict> {
    try {
      return await this.beginInCache(email);
    } catch (error) {
      this.unavailable(error);
      const { attempts, windowSeconds } = this.config.auth.lockout;
      const recent = await this.recentFailures(email);
      // Locked until the oldest of the counted failures leaves the window.
      if (recent.length >= attempts) return { allowed: false, retryAfterSeconds: secondsUntil(recent.at(-1)!.getTime() + windowSeconds * 1000) };
      const pending = this.pending(email);
      // As with the cache: refuse attempts beyond the limit while earlier ones are being checked.
      if (recent.length + pending.length >= attempts) return { allowed: false, retryAfterSeconds: 1 };
      pending.push(Date.now());
      return { allowed: true };
    }
  }

  /** The attempt failed; returns true when it was the one that locked the account. */
  async failed(email: string): Promise<boolean> {
    this.settle(email);
    try {
      return await this.failedInCache(email);
    } catch (error) {
      this.unavailable(error);
      // This failure is not in the audit trail yet; the caller records it next.
      return (await this.recentFailures(email)).length + 1 >= this.config.auth.lockout.attempts;
    }
  }

  async succeeded(email: string): Promise<void> {
    this.settle(email);
    // The success the caller records in the audit trail also resets the fallback's count.
    await this.cache.delete(`auth:failures:${accountKey(email)}`).catch((error: unknown) => this.unavailable(error));
  }

  private async beginInCache(email: string): Promise<AttemptVerdict> {
    const id = accountKey(email);
    const lockedUntil = Number((await this.cache.get(`auth:locked:${id}`)) ?? 0);
    if (lockedUntil > Date.now()) return { allowed: false, retryAfterSeconds: secondsUntil(lockedUntil) };
    const { attempts, windowSeconds } = this.config.auth.lockout;
    const { count } = await this.cache.increment(`auth:failures:${id}`, windowSeconds);
    // Over the limit while earlier attempts are still being checked: refuse this one, but do
    // not lock yet. If those attempts fail, `failed` locks; if one succeeds, the count resets
    // (so a burst of correct sign-ins, e.g. several devices at once, never locks the account).
    if (count > attempts) return { allowed: false, retryAfterSeconds: 1 };
    return { allowed: true };
  }

  private async failedInCache(email: string): Promise<boolean> {
    const id = accountKey(email);
    const count = Number((await this.cache.get(`auth:failures:${id}`)) ?? 0);
    if (count < this.config.auth.lockout.attempts) return false;
    const existing = Number((await this.cache.get(`auth:locked:${id}`)) ?? 0);
    if (existing > Date.now()) return true;
    const seconds = this.config.auth.lockout.windowSeconds;
    await this.cache.set(`auth:locked:${id}`, String(Date.now() + seconds * 1000), seconds);
    return true;
  }

  private recentFailures(email: string): Promise<Date[]> {
    const { attempts, windowSeconds } = this.config.auth.lockout;
    return this.failures.recentFailures(email.trim(), new Date(Date.now() - windowSeconds * 1000), attempts);
  }

  private pending(email: string): number[] {
    const id = accountKey(email);
    const live = (this.inFlight.get(id) ?? []).filter((at) => at > Date.now() - IN_FLIGHT_TTL_MS);
    this.inFlight.set(id, live);
    return live;
  }

  private settle(email: string): void {
    const id = accountKey(email);
    const pending = this.inFlight.get(id);
    if (!pending) return;
    pending.shift();
    if (pending.length === 0) this.inFlight.delete(id);
  }

  private unavailable(error: unknown): void {
    this.logger.warn({ err: { message: (error as Error).message } }, 'login lockout: cache unavailable; counting failed sign-ins from the audit trail');
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('base64url');
}

function secondsUntil(instantMs: number): number {
  return Math.max(1, Math.ceil((instantMs - Date.now()) / 1000));
}
