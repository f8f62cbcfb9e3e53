import { z } from 'zod';
import type { SpecialtyRow } from '../specialties.repository.js';

export const specialtySchema = z.object({
  code: z.string().meta({ example: 'cardiology' }),
  name: z.string().meta({ example: 'Cardiology' }),
}).meta({ id: 'Specialty' });
export type SpecialtyDto = z.infer<typeof specialtySchema>;

export function toSpecialtyDto(row: SpecialtyRow): SpecialtyDto {
  return { code: row.code, name: row.name };
}
