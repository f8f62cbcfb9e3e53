import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../../db/database.js';
import { calendarTokens } from '../../../../db/schema/index.js';

@Injectable()
export class CalendarTokensRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Stores the user's one token, replacing (so revoking) the one before. */
  async replace(userId: string, tokenHash: string): Promise<void> {
    await this.database.db
      .insert(calendarTokens)
      .values({ userId, tokenHash })
      .onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash, createdAt: new Date() } });
  }

  async findUser(tokenHash: string): Promise<string | null> {
    const [row] = await this.database.db.select({ userId: calendarTokens.userId }).from(calendarTokens).where(eq(calendarTokens.tokenHash, tokenHash)).limit(1);
    return row?.userId ?? null;
  }
}
