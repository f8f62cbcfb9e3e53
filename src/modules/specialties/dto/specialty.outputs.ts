import { z } from 'zod';
import type { SpecialtyRow } from '../specialties.repository.js';

/**
 * The catalogue comes from migrations only (0002_seed_specialties.sql and later ones); its
 * longest name today is 36 characters. A spec holds the catalogue to these bounds.
 */
export const SPECIALTY_NAME_MAX_LENGTH = 100;
export const SPECIALTY_CODE_MAX_LENGTH = 64;
export const SPECIALTIES_MAX_COUNT = 500;

export const specialtySchema = z.object({
  code: z.string().max(SPECIALTY_CODE_MAX_LENGTH).meta({ example: 'cardiology' }),
  name: z.string().max(SPECIALTY_NAME_MAX_LENGTH).meta({ example: 'Cardiology' }),
}).meta({ id: 'Specialty' });
export const specialtyListSchema = z.array(specialtySchema).max(SPECIALTIES_MAX_COUNT);
export type SpecialtyDto = z.infer<typeof specialtySchema>;

export function toSpecialtyDto(row: SpecialtyRow): SpecialtyDto {
  return { code: row.code, name: row.name };
}
