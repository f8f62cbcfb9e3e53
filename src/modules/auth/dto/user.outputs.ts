import { z } from 'zod';
import { ROLES } from '../../../common/auth/policy.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { EMAIL_MAX_LENGTH, FULL_NAME_MAX_LENGTH, PHONE_MAX_LENGTH } from './auth.inputs.js';
import type { UserRow } from '../users.repository.js';

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string().max(EMAIL_MAX_LENGTH).meta({ example: 'ada@example.com' }),
  fullName: z.string().max(FULL_NAME_MAX_LENGTH).meta({ example: 'Ada Lovelace' }),
  role: z.enum(ROLES),
  phone: z.string().max(PHONE_MAX_LENGTH).nullable().meta({ example: '+4930123456' }),
  dateOfBirth: z.string().max(10).nullable().meta({ example: '1990-12-10', format: 'date' }),
  /** The language notifications are written in. */
  locale: z.enum(['en', 'es']),
  createdAt: instantOutput,
}).meta({ id: 'User' });
export type UserDto = z.infer<typeof userSchema>;

/** What leaves the building about a user: never the password hash or token bookkeeping. */
export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    phone: row.phone,
    dateOfBirth: row.dateOfBirth,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
  };
}
