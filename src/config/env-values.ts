import { z } from 'zod';

/** Value types environment variables share (env.schema.ts and the fragments beside it). */
export const port = z.coerce.number().int().min(0).max(65535);
export const positiveInt = z.coerce.number().int().positive();
export const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
