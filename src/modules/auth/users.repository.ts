import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../common/auth/policy.js';
import { seal, unseal } from '../../common/crypto/encrypted-column.js';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { users } from '../../db/schema/index.js';

type StoredUser = typeof users.$inferSelect;

/** A user with its PHI columns decrypted. */
export type UserRow = Omit<StoredUser, 'phone' | 'dateOfBirth'> & { phone: string | null; dateOfBirth: string | null };

/** Decrypts the PHI columns of a selected users row (each is bound to the row's id). */
export function openUser(row: StoredUser): UserRow {
  return { ...row, phone: unseal('users', 'phone', row.id, row.phone), dateOfBirth: unseal('users', 'date_of_birth', row.id, row.dateOfBirth) };
}

export interface NewAccount {
  email: string;
  passwordHash: string;
  fullName: string;
  role: Role;
  phone?: string | null;
  /** From Accept-Language at registration (issue 14). */
  locale?: 'en' | 'es';
}

export interface ProfilePatch {
  fullName?: string;
  phone?: string | null;
  dateOfBirth?: string | null;
  locale?: 'en' | 'es';
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * Inserts the account, then `alsoInTransaction` (what other modules make with it, such as a
   * doctor's pending profile) in the same transaction: all of it or nothing.
   * A taken e-mail violates users_email_unique (mapped to 409 EMAIL_TAKEN).
   */
  createAccount(account: NewAccount, alsoInTransaction?: (tx: Db, user: UserRow) => Promise<void>): Promise<UserRow> {
    // The id is made here, not by the database default: the phone's ciphertext is bound to it.
    const id = randomUUID();
    return this.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ id, email: account.email, passwordHash: account.passwordHash, fullName: account.fullName, role: account.role, phone: seal('users', 'phone', id, account.phone ?? null), ...(account.locale ? { locale: account.locale } : {}) })
        .returning();
      const user = openUser(row!);
      await alsoInTransaction?.(tx, user);
      return user;
    });
  }

  /**
   * The account an address reaches (citext: compared after the database's `lower()`), and the
   * address as that `lower()` folds it, in one query, whether or not an account exists. Spellings
   * that reach the same account fold to the same text (`vİctİm` and `VICTIM` to `victim`),
   * which JavaScript's toLowerCase does not promise (`İ` becomes `i` plus a combining dot).
   */
  async findForSignIn(email: string): Promise<{ user: UserRow | null; foldedEmail: string }> {
    const [row] = await this.database.db
      .select({ foldedEmail: sql<string>`lower(${email}::text)`, user: users })
      .from(sql`(select 1) as probe`)
      .leftJoin(users, eq(users.email, email))
      .limit(1);
    return { user: row?.user ? openUser(row.user) : null, foldedEmail: row!.foldedEmail };
  }

  async findByEmail(email: string): Promise<UserRow | null> {
    const [row] = await this.database.db.select().from(users).where(eq(users.email, email)).limit(1);
    return row ? openUser(row) : null;
  }

  async findById(id: string): Promise<UserRow | null> {
    const [row] = await this.database.db.select().from(users).where(eq(users.id, id)).limit(1);
    return row ? openUser(row) : null;
  }

  async updateProfile(id: string, patch: ProfilePatch): Promise<UserRow | null> {
    const [row] = await this.database.db
      .update(users)
      .set({
        fullName: patch.fullName,
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.phone !== undefined ? { phone: seal('users', 'phone', id, patch.phone) } : {}),
        ...(patch.dateOfBirth !== undefined ? { dateOfBirth: seal('users', 'date_of_birth', id, patch.dateOfBirth) } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, id))
      .returning();
    return row ? openUser(row) : null;
  }

  /** Replaces the hash without ending sessions (a rehash at a new cost on sign-in). */
  async replacePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.database.db.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, id));
  }
}
