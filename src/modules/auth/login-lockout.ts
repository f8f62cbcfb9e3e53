import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CACHE, type CachePort } from '../../common/cache/cache.port.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AppConfig } from '../../config/config.js';

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-account guessing defence, keyed by a hash of the lower-cased e-mail (whether or not an
 * account exists, so a lock reveals nothing). Counters live in the shared cache, so the lock
 * holds on every instance and from every address.
 *
 * An attempt counts as a failure *before* the password is checked and is forgiven on
 * success; so a burst of parallel guesses cannot get more than LOGIN_LOCKOUT_ATTEMPTS tries.
 */
@Injectable()
export class LoginLockout {
  constructor(
    @Inject(CACHE) private readonly cache: CachePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async begin(email: string): Promise<AttemptVerdict> {
    const id = accountKey(email);
    const lockedUntil = Number((await this.guarded(() => this.cache.get(`auth:locked:${id}`))) ?? 0);
    if (lockedUntil > Date.now()) return { allowed: false, retryAfterSeconds: secondsUntil(lockedUntil) };
    const { attempts, windowSeconds } = this.config.auth.lockout;
    const { count } = await this.guarded(() => this.cache.increment(`auth:failures:${id}`, windowSeconds));
    // Over the limit while earlier attempts are still being checked: refuse this one, but do
    // not lock yet. If those attempts fail, `failed` locks; if one succeeds, the count resets
    // (so a burst of correct sign-ins, e.g. several devices at once, never locks the account).
    if (count > attempts) return { allowed: false, retryAfterSeconds: 1 };
    return { allowed: true };
  }

  /** The attempt failed; returns true when it was the one that locked the account. */
  async failed(email: string): Promise<boolean> {
    const id = accountKey(email);
    const count = Number((await this.guarded(() => this.cache.get(`auth:failures:${id}`))) ?? 0);
    if (count < this.config.auth.lockout.attempts) return false;
    await this.lock(id);
    return true;
  }

  async succeeded(email: string): Promise<void> {
    await this.guarded(() => this.cache.delete(`auth:failures:${accountKey(email)}`));
  }

  private async lock(id: string): Promise<void> {
    const existing = Number((await this.guarded(() => this.cache.get(`auth:locked:${id}`))) ?? 0);
    if (existing > Date.now()) return;
    const seconds = this.config.auth.lockout.windowSeconds;
    await this.guarded(() => this.cache.set(`auth:locked:${id}`, String(Date.now() + seconds * 1000), seconds));
  }

  /** Without the counter store the lockout cannot be enforced, so sign-in is refused (fail closed). */
  private async guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new AppError('SERVICE_UNAVAILABLE', { detail: 'Sign-in is unavailable for a moment; try again shortly.', headers: { 'retry-after': '5' }, cause: error });
    }
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('base64url');
}

function secondsUntil(instantMs: number): number {
  return Math.max(1, Math.ceil((instantMs - Date.now()) / 1000));
}
