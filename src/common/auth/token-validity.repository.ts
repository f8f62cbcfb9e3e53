import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { users } from '../../db/schema/index.js';

@Injectable()
export class TokenValidityRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The user's "valid after" instant in ms (0 when never set), or null when the user is gone. */
  async validAfterMs(userId: string): Promise<number | null> {
    const [row] = await this.database.db.select({ at: users.tokensValidAfter }).from(users).where(eq(users.id, userId)).limit(1);
    if (!row) return null;
    return row.at?.getTime() ?? 0;
  }
}
