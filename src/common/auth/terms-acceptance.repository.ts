import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { consents } from '../../db/schema/index.js';

/** Reads acceptances for the access gate; the consents module writes them. */
@Injectable()
export class TermsAcceptanceRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async hasAccepted(userId: string, version: string): Promise<boolean> {
    const [row] = await this.database.db
      .select({ version: consents.version })
      .from(consents)
      .where(and(eq(consents.userId, userId), eq(consents.version, version)))
      .limit(1);
    return row !== undefined;
  }
}
