import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { passwordResetTokens, sessionFamilies, users } from '../../db/schema/index.js';
import { openUser, type UserRow } from './users.repository.js';

@Injectable()
export class PasswordResetsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Stores a new reset token; earlier unused ones of the user stop working. */
  async create(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
      await tx.insert(passwordResetTokens).values({ userId, tokenHash, expiresAt });
    });
  }

  /**
   * Spends a live token and, in the same transaction, sets the new password, moves the
   * "valid after" instant and ends every session. Null when the token is unknown, used or
   * expired; the conditional UPDATE makes a token usable exactly once under concurrency.
   * `alsoInTransaction` (the audit row) runs last in the same transaction.
   */
  consume(tokenHash: string, passwordHash: string, validAfter: Date, alsoInTransaction?: (tx: Db, user: UserRow) => Promise<void>): Promise<UserRow | null> {
    return this.database.db.transaction(async (tx) => {
      const [spent] = await tx
        .update(passwordResetTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, sql`now()`)))
        .returning({ userId: passwordResetTokens.userId });
      if (!spent) return null;
      const [user] = await tx
        .update(users)
        .set({ passwordHash, tokensValidAfter: validAfter, updatedAt: sql`now()` })
        .where(eq(users.id, spent.userId))
        .returning();
      await tx
        .update(sessionFamilies)
        .set({ revokedAt: sql`now()`, revokedReason: 'password_reset' })
        .where(and(eq(sessionFamilies.userId, spent.userId), isNull(sessionFamilies.revokedAt)));
      await tx
        .update(passwordResetTokens)
        .set({ usedAt: sql`now()` })
        .where(and(eq(passwordResetTokens.userId, spent.userId), isNull(passwordResetTokens.usedAt)));
      if (!user) return null;
      const opened = openUser(user);
      await alsoInTransaction?.(tx, opened);
      return opened;
    });
  }

  /**
   * Deletes up to `limit` reset tokens that can no longer be used: spent, or expired. Neither
   * kind is read again (`consume` finds only live tokens, and an unknown token is the same
   * answer as a spent or expired one), so nothing waits for a grace period.
   */
  async purgeDead(limit: number): Promise<number> {
    const rows = await this.database.db
      .delete(passwordResetTokens)
      .where(
        sql`${passwordResetTokens.tokenHash} in (
          select token_hash from ${passwordResetTokens} where used_at is not null or expires_at <= now()
          limit ${limit} for update skip locked)`,
      )
      .returning({ tokenHash: passwordResetTokens.tokenHash });
    return rows.length;
  }
}
