import { z } from 'zod';

/** One rendition's file name in a photo path (`<hash>-<edge>.webp`); any other name is 404, not 400. */
export const photoFileParam = z.string().max(40).meta({ example: '3fa1c2d4e5b6a798-256.webp' });
