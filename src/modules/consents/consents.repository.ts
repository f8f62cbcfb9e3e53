import { Inject, Injectable } from '@nestjs/common';
import { desc, eq } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../db/database.js';
import { consents } from '../../db/schema/index.js';

export type ConsentRow = typeof consents.$inferSelect;

/** The only writer of `consents`: acceptances are added, never changed or removed (the account's deletion cascades). */
@Injectable()
export class ConsentsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Records an acceptance; accepting a version again keeps the first acceptance's instant. */
  async accept(userId: string, version: string, tx: Db = this.database.db): Promise<void> {
    await tx.insert(consents).values({ userId, version }).onConflictDoNothing();
  }

  /** The user's acceptances, newest first. Few rows per user: one per version ever published. */
  async history(userId: string): Promise<ConsentRow[]> {
    return this.database.db.select().from(consents).where(eq(consents.userId, userId)).orderBy(desc(consents.acceptedAt), desc(consents.version)).limit(1000);
  }
}
