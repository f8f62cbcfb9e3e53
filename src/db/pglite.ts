import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MEMORY_DATA_DIR } from '../config/config.js';
import type { Database } from './database.js';
import { migrationsFolder } from './migrations-folder.js';
import * as schema from './schema/index.js';

/**
 * The embedded default: real PostgreSQL compiled to WebAssembly, in this process.
 * One connection, so no advisory lock is needed; one process per data directory.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  let location: string | undefined;
  if (dataDir !== MEMORY_DATA_DIR) {
    location = join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location, { extensions: { btree_gist, citext, cube, earthdistance, pg_trgm } });
  const db = drizzle(client, { schema });
  return {
    kind: 'pglite',
    db,
    // One process, one connection: there is nothing to replicate to.
    reader: db,
    async ping() {
      await client.query('select 1');
    },
    async migrate() {
      await migrate(db, { migrationsFolder });
    },
    async close() {
      await client.close();
    },
    poolStats() {
      return null;
    },
  };
}
