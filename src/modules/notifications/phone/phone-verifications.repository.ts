import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { seal, unseal } from '../../../common/crypto/encrypted-column.js';
import { DATABASE, type Database, type Db } from '../../../db/database.js';
import { phoneVerifications } from '../../../db/schema/index.js';

export interface PendingVerification {
  phone: string;
  codeHash: string | null;
  attempts: number;
  expiresAt: Date | null;
  sentAt: Date;
  verifiedAt: Date | null;
}

@Injectable()
export class PhoneVerificationsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async find(userId: string): Promise<PendingVerification | null> {
    const [row] = await this.database.db.select().from(phoneVerifications).where(eq(phoneVerifications.userId, userId));
    return row ? { ...row, phone: unseal('phone_verifications', 'phone', userId, row.phone) } : null;
  }

  /** Starts (or restarts) verifying `phone`: the previous number, verified or not, is replaced. */
  async start(userId: string, phone: string, codeHash: string, sentAt: Date, expiresAt: Date): Promise<void> {
    const values = { phone: seal('phone_verifications', 'phone', userId, phone), codeHash, attempts: 0, expiresAt, sentAt, verifiedAt: null };
    await this.database.db
      .insert(phoneVerifications)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: phoneVerifications.userId, set: values });
  }

  /** Counts one confirmation attempt; answers the attempts so far (0 when nothing is pending). */
  async countAttempt(userId: string): Promise<number> {
    const [row] = await this.database.db
      .update(phoneVerifications)
      .set({ attempts: sql`${phoneVerifications.attempts} + 1` })
      .where(and(eq(phoneVerifications.userId, userId), isNotNull(phoneVerifications.codeHash)))
      .returning({ attempts: phoneVerifications.attempts });
    return row?.attempts ?? 0;
  }

  async markVerified(userId: string, at: Date): Promise<void> {
    await this.database.db.update(phoneVerifications).set({ verifiedAt: at, codeHash: null, expiresAt: null }).where(eq(phoneVerifications.userId, userId));
  }

  /** The user's verified phone for SMS, or null. */
  async verifiedPhone(userId: string): Promise<string | null> {
    const [row] = await this.database.db
      .select({ phone: phoneVerifications.phone })
      .from(phoneVerifications)
      .where(and(eq(phoneVerifications.userId, userId), isNotNull(phoneVerifications.verifiedAt)));
    return row ? unseal('phone_verifications', 'phone', userId, row.phone) : null;
  }

  /** A deleted account's phone verification (in its deletion transaction). */
  async remove(tx: Db, userId: string): Promise<void> {
    await tx.delete(phoneVerifications).where(eq(phoneVerifications.userId, userId));
  }
}
