import { z } from 'zod';

/** A version label of the terms of use and privacy notice, as TERMS_VERSION sets it. */
export const termsVersionSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .meta({ example: '2026-11' });
