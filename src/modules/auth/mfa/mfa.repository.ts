import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { seal, unseal } from '../../../common/crypto/encrypted-column.js';
import { DATABASE, type Database } from '../../../db/database.js';
import { mfaChallenges, mfaRecoveryCodes, userMfa } from '../../../db/schema/index.js';

export interface StoredFactor {
  /** Base32, decrypted. */
  secret: string;
  confirmed: boolean;
  lastStep: number | null;
}

/** The TOTP factors, their recovery codes and the sign-in challenges waiting for a code. */
@Injectable()
export class MfaRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async factor(userId: string): Promise<StoredFactor | null> {
    const [row] = await this.database.db.select().from(userMfa).where(eq(userMfa.userId, userId)).limit(1);
    if (!row) return null;
    return { secret: unseal('user_mfa', 'secret', userId, row.secret), confirmed: row.confirmedAt !== null, lastStep: row.lastStep };
  }

  /** Whether the user has a confirmed factor (sign-in asks for a code). */
  async isEnrolled(userId: string): Promise<boolean> {
    const [row] = await this.database.db.select({ userId: userMfa.userId }).from(userMfa).where(and(eq(userMfa.userId, userId), isNotNull(userMfa.confirmedAt))).limit(1);
    return row !== undefined;
  }

  /** Starts (or restarts) an enrolment with a new secret; never replaces a confirmed factor. Returns false if one exists. */
  async startEnrolment(userId: string, secret: string): Promise<boolean> {
    const sealed = seal('user_mfa', 'secret', userId, secret);
    const rows = await this.database.db
      .insert(userMfa)
      .values({ userId, secret: sealed })
      .onConflictDoUpdate({ target: userMfa.userId, set: { secret: sealed, lastStep: null, createdAt: sql`now()` }, setWhere: isNull(userMfa.confirmedAt) })
      .returning({ userId: userMfa.userId });
    return rows.length === 1;
  }

  /**
   * Accepts time step `step` for the user: only if it is newer than every step accepted before
   * (one conditional UPDATE, so two requests with the same code cannot both pass). `confirm`
   * also marks a pending enrolment confirmed and stores its recovery codes, in one transaction.
   */
  async acceptStep(userId: string, step: number, confirm?: { recoveryCodeHashes: string[] }): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      const accepted = await tx
        .update(userMfa)
        .set({ lastStep: step, ...(confirm ? { confirmedAt: sql`now()` } : {}) })
        .where(and(eq(userMfa.userId, userId), or(isNull(userMfa.lastStep), lt(userMfa.lastStep, step)), confirm ? isNull(userMfa.confirmedAt) : isNotNull(userMfa.confirmedAt)))
        .returning({ userId: userMfa.userId });
      if (accepted.length === 0) return false;
      if (confirm) {
        await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
        await tx.insert(mfaRecoveryCodes).values(confirm.recoveryCodeHashes.map((codeHash) => ({ codeHash, userId })));
      }
      return true;
    });
  }

  /** Spends one unused recovery code of the user (stored under one of `codeHashes`); false if it is not one, or already spent. */
  async spendRecoveryCode(userId: string, codeHashes: string[]): Promise<boolean> {
    const rows = await this.database.db
      .update(mfaRecoveryCodes)
      .set({ usedAt: sql`now()` })
      .where(and(inArray(mfaRecoveryCodes.codeHash, codeHashes), eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)))
      .returning({ codeHash: mfaRecoveryCodes.codeHash });
    return rows.length === 1;
  }

  /** Removes the factor and its recovery codes. */
  async remove(userId: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
      await tx.delete(userMfa).where(eq(userMfa.userId, userId));
    });
  }

  async createChallenge(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.database.db.insert(mfaChallenges).values({ tokenHash, userId, expiresAt });
  }

  /** The user of a live (unspent, unexpired) challenge, or null. */
  async challengeUser(tokenHash: string): Promise<string | null> {
    const [row] = await this.database.db
      .select({ userId: mfaChallenges.userId })
      .from(mfaChallenges)
      .where(and(eq(mfaChallenges.tokenHash, tokenHash), isNull(mfaChallenges.usedAt), gt(mfaChallenges.expiresAt, sql`now()`)))
      .limit(1);
    return row?.userId ?? null;
  }

  /** Spends a live challenge; false when another request spent it first or it expired. */
  async spendChallenge(tokenHash: string): Promise<boolean> {
    const rows = await this.database.db
      .update(mfaChallenges)
      .set({ usedAt: sql`now()` })
      .where(and(eq(mfaChallenges.tokenHash, tokenHash), isNull(mfaChallenges.usedAt), gt(mfaChallenges.expiresAt, sql`now()`)))
      .returning({ tokenHash: mfaChallenges.tokenHash });
    return rows.length === 1;
  }

  /** Deletes up to `limit` challenges that were answered or have expired (the periodic purge). */
  async purgeDead(limit: number): Promise<number> {
    const rows = await this.database.db
      .delete(mfaChallenges)
      .where(sql`${mfaChallenges.tokenHash} in (select token_hash from ${mfaChallenges} where used_at is not null or expires_at < now() limit ${limit} for update skip locked)`)
      .returning({ tokenHash: mfaChallenges.tokenHash });
    return rows.length;
  }
}
