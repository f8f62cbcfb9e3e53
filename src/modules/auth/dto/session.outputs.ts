import { z } from 'zod';
import { userSchema } from './user.outputs.js';

export const sessionSchema = z.object({
  user: userSchema,
  accessToken: z.string().meta({ description: 'JWT for `Authorization: Bearer`' }),
  refreshToken: z.string().meta({ description: 'Opaque; single use, rotated by POST /auth/refresh' }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires', example: 900 }),
});
export type SessionDto = z.infer<typeof sessionSchema>;
