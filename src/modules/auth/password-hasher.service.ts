import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import bcrypt from 'bcrypt';
import pLimit from 'p-limit';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../common/core/tokens.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** ~49k passwords from breach corpora, maintained by zxcvbn-ts; compared case-insensitively. */
const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * Why a new password is unacceptable, or null. Length counts characters (code points), so
 * an emoji is one; the password is never trimmed or normalised.
 */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (commonPasswords.has(password.toLowerCase())) return 'is too common; choose one that is not in lists of leaked passwords';
  return null;
}

/**
 * bcrypt reads at most 72 bytes (and stops at a NUL), so it hashes a fixed-length digest of
 * the password instead: base64 of SHA-256 is 44 printable bytes, and every byte of the
 * password counts. The cost comes from BCRYPT_COST.
 */
export function prehash(password: string): string {
  return createHash('sha256').update(password, 'utf8').digest('base64');
}

/**
 * bcrypt runs on libuv's thread pool (the async API), never on the event loop. At most one
 * bcrypt job per CPU runs at a time: more would not finish sooner (the work is CPU-bound),
 * but would crowd out the event-loop thread and queue JWT signing and other thread-pool work
 * (libuv runs 4 threads by default) behind seconds of hashing.
 */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;
  /** The bcrypt jobs of this process: one per CPU at a time, the rest queued in order. */
  readonly bcryptJobs = pLimit(Math.max(1, availableParallelism()));

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'auth'>) {}

  hash(password: string): Promise<string> {
    return this.bcryptJobs(() => bcrypt.hash(prehash(password), this.config.auth.bcryptCost));
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.bcryptJobs(() => bcrypt.compare(prehash(password), hash));
  }

  /**
   * Spends the same bcrypt work as a real check, for an e-mail with no account, so the
   * answer takes as long as for a wrong password.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummy ??= bcrypt.hash(randomBytes(32).toString('base64'), this.config.auth.bcryptCost);
    const dummy = await this.dummy;
    await this.bcryptJobs(() => bcrypt.compare(prehash(password), dummy));
    return false;
  }

  /** True when the stored hash was made with another cost (rehashed at the next sign-in). */
  needsRehash(hash: string): boolean {
    return bcrypt.getRounds(hash) !== this.config.auth.bcryptCost;
  }

  /** Computes the dummy hash ahead of the first unknown-e-mail login. */
  async warmUp(): Promise<void> {
    this.dummy ??= bcrypt.hash(randomBytes(32).toString('base64'), this.config.auth.bcryptCost);
    await this.dummy;
  }
}
