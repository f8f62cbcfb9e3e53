import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { connectPostgres } from './postgres.js';

export async function connectDatabase(config: AppConfig['database'], logger: Logger): Promise<Database> {
  return config.kind === 'postgres' ? connectPostgres(config, logger) : openPglite(config.dataDir);
}
