import { z } from 'zod';
import { pageSchema } from '../../../../../common/pagination/page-query.js';
import { instantOutput } from '../../../../../common/validation/instant.js';
import type { OutboxRow } from '../../outbox.repository.js';

export const failedNotificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().max(64),
    appointmentId: z.uuid().nullable(),
    /** The channels the row was narrowed to (quiet-hours splits), else null: every wanted channel. */
    channels: z.string().max(64).nullable(),
    attempts: z.number().int(),
    lastError: z.string().max(500).nullable(),
    createdAt: instantOutput,
    deadAt: instantOutput.nullable(),
  })
  .meta({ id: 'FailedNotification' });
export type FailedNotificationDto = z.infer<typeof failedNotificationSchema>;
export const failedNotificationPageSchema = pageSchema(failedNotificationSchema);

export function toFailedNotificationDto(row: OutboxRow): FailedNotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    appointmentId: row.payload.appointmentId ?? null,
    channels: row.payload.channels ?? null,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    deadAt: row.deadAt?.toISOString() ?? null,
  };
}
