import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';
import { notificationDeliveries } from '../../db/schema/index.js';
import type { ChannelName, ChannelOutcome } from './channels/notification-channel.js';

/** Which channels an outbox message has reached (one row per message and channel). */
@Injectable()
export class NotificationDeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async channelsDone(outboxId: string): Promise<Set<string>> {
    const rows = await this.database.db.select({ channel: notificationDeliveries.channel }).from(notificationDeliveries).where(eq(notificationDeliveries.outboxId, outboxId));
    return new Set(rows.map((r) => r.channel));
  }

  async record(outboxId: string, channel: ChannelName, outcome: ChannelOutcome): Promise<void> {
    await this.database.db.insert(notificationDeliveries).values({ outboxId, channel, outcome }).onConflictDoNothing();
  }
}
