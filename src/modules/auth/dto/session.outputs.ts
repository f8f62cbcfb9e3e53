import { z } from 'zod';
import { OPAQUE_TOKEN_PATTERN } from '../opaque-tokens.js';
import { userSchema } from './user.outputs.js';

export const sessionSchema = z.object({
  user: userSchema,
  accessToken: z.string().meta({ description: 'JWT for `Authorization: Bearer`', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }),
  refreshToken: z.string().meta({ description: 'Opaque; single use, rotated by POST /auth/refresh', pattern: OPAQUE_TOKEN_PATTERN.source }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires', example: 900 }),
}).meta({ id: 'Session' });
export type SessionDto = z.infer<typeof sessionSchema>;
