import { fileURLToPath } from 'node:url';

// src/db/*.ts and dist/db/*.js sit at the same depth, so this resolves from either.
export const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

/** Any 64-bit key works; this one is ours alone ("ihosi" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6968_6f73_69n;
