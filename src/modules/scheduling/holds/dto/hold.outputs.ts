import { z } from 'zod';
import { instantOutput } from '../../../../common/validation/instant.js';
import type { HoldRow } from '../holds.repository.js';

export const holdSchema = z.object({
  id: z.uuid(),
  start: instantOutput,
  end: instantOutput,
  expiresAt: instantOutput,
}).meta({ id: 'Hold' });
export type HoldDto = z.infer<typeof holdSchema>;

export function toHoldDto(row: Pick<HoldRow, 'id' | 'startAt' | 'endAt' | 'expiresAt'>): HoldDto {
  return { id: row.id, start: row.startAt.toISOString(), end: row.endAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
}
