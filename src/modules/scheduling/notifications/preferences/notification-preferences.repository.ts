import { Inject, Injectable } from '@nestjs/common';
import { eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../../db/database.js';
import { notificationPreferences } from '../../../../db/schema/index.js';
import type { Executor } from '../../../../db/transactions.js';

export type NotificationPreferencesRow = typeof notificationPreferences.$inferSelect;
export type NotificationPreferencesValues = Omit<NotificationPreferencesRow, 'userId' | 'updatedAt'>;

@Injectable()
export class NotificationPreferencesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async find(userId: string, executor: Executor = this.database.db): Promise<NotificationPreferencesRow | null> {
    const [row] = await executor.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).limit(1);
    return row ?? null;
  }

  findMany(userIds: string[]): Promise<NotificationPreferencesRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.database.db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
  }

  async upsert(userId: string, values: NotificationPreferencesValues): Promise<NotificationPreferencesRow> {
    const [row] = await this.database.db
      .insert(notificationPreferences)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: { ...values, updatedAt: new Date() } })
      .returning();
    return row!;
  }
}
