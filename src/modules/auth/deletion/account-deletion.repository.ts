import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../../db/database.js';
import { mfaChallenges, mfaRecoveryCodes, passwordResetTokens, sessionFamilies, userMfa, users } from '../../../db/schema/index.js';

/** What replaces the account's personal data. */
export interface Tombstone {
  fullName: string;
  email: string;
  passwordHash: string;
  /** When it was deleted (the scheduling clock). */
  at: Date;
  /** Access tokens issued before this instant are refused (wall-clock time, as tokens are stamped). */
  tokensValidAfter: Date;
}

/** The auth module's tables when an account is deleted: one transaction, which other modules join through `alsoInTransaction`. */
@Injectable()
export class AccountDeletionRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * Pseudonymises the users row (name, e-mail, PHI, password; `deleted_at`), ends every session,
   * removes the second factor and reset links, then runs `alsoInTransaction`. The last admin
   * account is not deleted ('last_admin'): the admins' rows are locked first, so two admins
   * deleting themselves at once cannot both pass.
   */
  erase(accountId: string, tombstone: Tombstone, alsoInTransaction: (tx: Db) => Promise<void>): Promise<'erased' | 'last_admin'> {
    return this.database.db.transaction(async (tx) => {
      const admins = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.deletedAt))).for('update');
      if (admins.length === 1 && admins[0]!.id === accountId) return 'last_admin';
      await tx
        .update(users)
        .set({ fullName: tombstone.fullName, email: tombstone.email, passwordHash: tombstone.passwordHash, phone: null, dateOfBirth: null, deletedAt: tombstone.at, tokensValidAfter: tombstone.tokensValidAfter, updatedAt: sql`now()` })
        .where(eq(users.id, accountId));
      await tx
        .update(sessionFamilies)
        .set({ revokedAt: sql`now()`, revokedReason: 'account_deleted' })
        .where(and(eq(sessionFamilies.userId, accountId), isNull(sessionFamilies.revokedAt)));
      await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, accountId));
      await tx.delete(mfaChallenges).where(eq(mfaChallenges.userId, accountId));
      await tx.delete(userMfa).where(eq(userMfa.userId, accountId));
      await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, accountId));
      await alsoInTransaction(tx);
      return 'erased';
    });
  }
}
