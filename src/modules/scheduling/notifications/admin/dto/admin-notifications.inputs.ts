import { z } from 'zod';
import { cursorParam, limitParam } from '../../../../../common/pagination/page-query.js';

export const adminNotificationsQuerySchema = z.strictObject({
  status: z.enum(['failed']).meta({ description: 'failed: dead letters, given up after NOTIFY_MAX_ATTEMPTS' }),
  limit: limitParam,
  cursor: cursorParam,
});
export type AdminNotificationsQuery = z.output<typeof adminNotificationsQuerySchema>;
