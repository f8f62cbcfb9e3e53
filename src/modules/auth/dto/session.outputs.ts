import { z } from 'zod';
import { OPAQUE_TOKEN_LENGTH, OPAQUE_TOKEN_PATTERN } from '../opaque-tokens.js';
import { userSchema } from './user.outputs.js';

/**
 * An access token's claims are fixed (two UUIDs, a role, times, the configured issuer and
 * audience): about 420 characters signed; 1,024 leaves room and no more.
 */
export const ACCESS_TOKEN_MAX_LENGTH = 1_024;

export const sessionSchema = z.object({
  user: userSchema,
  accessToken: z.string().max(ACCESS_TOKEN_MAX_LENGTH).meta({ description: 'JWT for `Authorization: Bearer`', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }),
  refreshToken: z.string().max(OPAQUE_TOKEN_LENGTH).meta({ description: 'Opaque; single use, rotated by POST /auth/refresh', pattern: OPAQUE_TOKEN_PATTERN.source }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires', example: 900 }),
}).meta({ id: 'Session' });
export type SessionDto = z.infer<typeof sessionSchema>;
