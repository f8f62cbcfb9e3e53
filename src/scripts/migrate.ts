import { createLogger } from '../common/logging/logger.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { connectDatabase } from '../db/connect.js';

/** `npm run db:migrate`: applies pending migrations (under the same advisory lock as start-up). */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  const database = await connectDatabase(config.database, logger);
  try {
    await database.migrate();
    logger.info({ database: database.kind }, 'migrations applied');
  } finally {
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
