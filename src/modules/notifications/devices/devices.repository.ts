import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Db } from '../../../db/database.js';
import { devices } from '../../../db/schema/index.js';
import type { DevicePlatform } from '../push/push-transport.js';

export type DeviceRow = typeof devices.$inferSelect;

/** At most this many devices per user; registering one more replaces the longest unregistered. */
export const MAX_DEVICES_PER_USER = 20;

@Injectable()
export class DevicesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * Registers `token` for `userId`: a token is one device's and so one user's, so registering
   * it again, on this account or another, moves the row (same id when it stays with the user).
   */
  async register(userId: string, platform: DevicePlatform, token: string): Promise<DeviceRow> {
    return this.database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(devices)
        .values({ userId, platform, token })
        .onConflictDoUpdate({ target: devices.token, set: { userId, platform, lastRegisteredAt: sql`now()` } })
        .returning();
      // Keep the newest MAX_DEVICES_PER_USER: an app reinstalled many times leaves dead tokens.
      await tx.execute(sql`
        delete from ${devices} where ${devices.userId} = ${userId} and ${devices.id} not in (
          select ${devices.id} from ${devices} where ${devices.userId} = ${userId}
          order by ${devices.lastRegisteredAt} desc, ${devices.id} limit ${MAX_DEVICES_PER_USER})`);
      return row!;
    });
  }

  listForUser(userId: string): Promise<DeviceRow[]> {
    return this.database.db.select().from(devices).where(eq(devices.userId, userId)).orderBy(asc(devices.createdAt), asc(devices.id)).limit(MAX_DEVICES_PER_USER);
  }

  /** Deletes one of the user's devices; false when the user has no such device. */
  async deleteForUser(userId: string, id: string): Promise<boolean> {
    const rows = await this.database.db
      .delete(devices)
      .where(and(eq(devices.userId, userId), eq(devices.id, id)))
      .returning({ id: devices.id });
    return rows.length > 0;
  }

  /** Forgets a token the provider called dead (unregistered, expired). */
  async deleteToken(token: string): Promise<void> {
    await this.database.db.delete(devices).where(eq(devices.token, token));
  }

  /** Every device of a deleted account (in its deletion transaction). */
  async removeAllOf(tx: Db, userId: string): Promise<void> {
    await tx.delete(devices).where(eq(devices.userId, userId));
  }
}
