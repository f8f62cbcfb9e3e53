import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BestEffortCache } from '../../common/cache/best-effort.cache.js';
import type { CachePort } from '../../common/cache/cache.port.js';
import { hashTag } from '../../common/cache/hash-tags.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import type { AppConfig } from '../../config/config.js';
import { InFlightAttempts } from './in-flight-attempts.js';
import { LoginFailuresRepository } from './login-failures.repository.js';

const FALLBACK_WARNING = 'login lockout: cache unavailable; counting failed sign-ins from the audit trail';

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Whose password attempts count together. Once an address reaches an account, the account
 * (by id): every spelling citext lets through (`VICTIM@…`, `vİctİm@…`) and change-password
 * count against the same lock. An address with no account counts under its citext folding
 * (the database's `lower()`), so exactly the spellings that would reach one account share a
 * lock there too, and a lock reveals nothing about whether the account exists.
 */
export interface LockoutSubject {
  key: string;
  accountId: string | null;
}

export function accountSubject(accountId: string): LockoutSubject {
  return { key: digest(`account:${accountId}`), accountId };
}

/** `foldedEmail`: the address as the database lower-cases it (`UsersRepository.findForSignIn`). */
export function signInSubject(accountId: string | null, foldedEmail: string): LockoutSubject {
  return accountId ? accountSubject(accountId) : { key: digest(`address:${foldedEmail}`), accountId: null };
}

/**
 * Where a subject's failures are counted and its lock is kept: under one hash tag, so that
 * `clear` deletes both in one command on a Redis Cluster too.
 */
export function lockoutKeys(subjectKey: string): { failures: string; locked: string } {
  const tag = hashTag(subjectKey);
  return { failures: `auth:lockout:${tag}:failures`, locked: `auth:lockout:${tag}:locked` };
}

/** 429 `ACCOUNT_LOCKED`, the same for login and change-password. */
export function accountLockedError(retryAfterSeconds: number): AppError {
  return new AppError('ACCOUNT_LOCKED', {
    detail: `Too many failed sign-ins for this account; try again in ${retryAfterSeconds < 60 ? `${retryAfterSeconds} s` : `${Math.ceil(retryAfterSeconds / 60)} min`} or reset the password.`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

/**
 * Per-account guessing defence (see `LockoutSubject`). Counters live in the shared cache, so
 * the lock holds on every instance and from every address.
 *
 * An attempt counts as a failure *before* the password is checked and is forgiven on
 * success; so a burst of parallel guesses cannot get more than LOGIN_LOCKOUT_ATTEMPTS tries.
 *
 * While the cache is unreachable, the failed password checks the audit trail records in the
 * database are counted instead (the last LOGIN_LOCKOUT_MINUTES, since the last success), so
 * sign-in keeps working and an account still locks after LOGIN_LOCKOUT_ATTEMPTS failures.
 * Attempts still being checked on this instance count too, so a parallel burst gets no more
 * tries than the rule allows (per instance; across N instances at most N times as many). An
 * address with no account has no rows to count: accepted for the length of an outage.
 */
@Injectable()
export class LoginLockout {
  constructor(
    private readonly cache: BestEffortCache,
    private readonly failures: LoginFailuresRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Fallback only: this instance's recent attempts, per subject. */
  private readonly inFlight = new InFlightAttempts();

  async begin(subject: LockoutSubject): Promise<AttemptVerdict> {
    return this.cache.attempt((store) => this.beginInCache(store, subject.key), {
      consequence: FALLBACK_WARNING,
      fallback: async () => {
        const { attempts, windowSeconds } = this.config.auth.lockout;
        const asked = Date.now();
        const recent = await this.recentFailures(subject);
        // Locked until the oldest of the counted failures leaves the window.
        if (recent.length >= attempts) return { allowed: false, retryAfterSeconds: secondsUntil(recent.at(-1)!.getTime() + windowSeconds * 1000) };
        // As with the cache: refuse attempts beyond the limit while earlier ones are being
        // checked. Read after the query, so attempts begun meanwhile count; a failure recorded
        // while the query ran may be missing from `recent`, so it counts here (maybe twice,
        // which only refuses for a second, never locks).
        if (recent.length + this.inFlight.unseenSince(subject.key, asked) >= attempts) return { allowed: false, retryAfterSeconds: 1 };
        this.inFlight.add(subject.key);
        return { allowed: true };
      },
    });
  }

  /**
   * The attempt failed; `record` writes the failure to the audit trail (which the fallback
   * counts). Returns true when it was the one that locked the account. Without the cache, the
   * attempt counts as in flight until its row is written: a parallel attempt sees it in one
   * place or the other, never in neither.
   */
  async failed(subject: LockoutSubject, record: () => Promise<void>): Promise<boolean> {
    const lockedNow = await this.cache.attempt((store) => this.failedInCache(store, subject.key), {
      consequence: FALLBACK_WARNING,
      // This failure is not in the audit trail yet: `record` writes it next.
      fallback: async () => (await this.recentFailures(subject)).length + 1 >= this.config.auth.lockout.attempts,
    });
    await record();
    this.inFlight.recorded(subject.key);
    return lockedNow;
  }

  async succeeded(subject: LockoutSubject): Promise<void> {
    this.inFlight.settle(subject.key);
    // The success the caller records in the audit trail also resets the fallback's count.
    await this.cache.attempt((store) => store.delete(lockoutKeys(subject.key).failures), { consequence: FALLBACK_WARNING, fallback: () => undefined });
  }

  /**
   * The password checked out but a second factor is still due: the attempt stays counted (in
   * the cache) until the code passes too (`succeeded`), so a stolen password buys no more code
   * guesses than the lockout allows.
   */
  firstFactorPassed(subject: LockoutSubject): void {
    this.inFlight.settle(subject.key);
  }

  /**
   * Lifts a lock and forgets the failures (a completed password reset). Without the cache, the
   * reset the caller records in the audit trail does the same for the fallback's count.
   */
  async clear(subject: LockoutSubject): Promise<void> {
    const keys = lockoutKeys(subject.key);
    await this.cache.attempt((store) => store.delete(keys.failures, keys.locked), { consequence: FALLBACK_WARNING, fallback: () => undefined });
  }

  private async beginInCache(store: CachePort, subjectKey: string): Promise<AttemptVerdict> {
    const keys = lockoutKeys(subjectKey);
    const lockedUntil = Number((await store.get(keys.locked)) ?? 0);
    if (lockedUntil > Date.now()) return { allowed: false, retryAfterSeconds: secondsUntil(lockedUntil) };
    const { attempts, windowSeconds } = this.config.auth.lockout;
    const { count } = await store.increment(keys.failures, windowSeconds);
    // Over the limit while earlier attempts are still being checked: refuse this one, but do
    // not lock yet. If those attempts fail, `failed` locks; if one succeeds, the count resets
    // (so a burst of correct sign-ins, e.g. several devices at once, never locks the account).
    if (count > attempts) return { allowed: false, retryAfterSeconds: 1 };
    return { allowed: true };
  }

  private async failedInCache(store: CachePort, subjectKey: string): Promise<boolean> {
    const keys = lockoutKeys(subjectKey);
    const count = Number((await store.get(keys.failures)) ?? 0);
    if (count < this.config.auth.lockout.attempts) return false;
    const existing = Number((await store.get(keys.locked)) ?? 0);
    if (existing > Date.now()) return true;
    const seconds = this.config.auth.lockout.windowSeconds;
    await store.set(keys.locked, String(Date.now() + seconds * 1000), seconds);
    return true;
  }

  private async recentFailures(subject: LockoutSubject): Promise<Date[]> {
    if (!subject.accountId) return [];
    const { attempts, windowSeconds } = this.config.auth.lockout;
    return this.failures.recentFailures(subject.accountId, new Date(Date.now() - windowSeconds * 1000), attempts);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

function secondsUntil(instantMs: number): number {
  return Math.max(1, Math.ceil((instantMs - Date.now()) / 1000));
}
