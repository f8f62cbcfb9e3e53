import { z } from 'zod';
import { cursorParam, limitParam } from '../../../common/pagination/page-query.js';

export const accessLogQuerySchema = z.strictObject({ limit: limitParam, cursor: cursorParam });
export type AccessLogQuery = z.infer<typeof accessLogQuerySchema>;
