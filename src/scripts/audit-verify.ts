import { describeVerdict, verifyAuditChain } from '../common/audit/audit-chain.js';
import { createLogger } from '../common/logging/logger.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { connectDatabase } from '../db/connect.js';

/**
 * `npm run audit:verify`: recomputes the audit trail's hash chain and names the first broken
 * link. Exit 0: intact; exit 2: broken; exit 1: could not check. Reads only.
 */
async function run(): Promise<number> {
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  const database = await connectDatabase(config.database, logger);
  try {
    const verdict = await verifyAuditChain(database.db);
    process.stdout.write(`${describeVerdict(verdict)}\n`);
    return verdict.ok ? 0 : 2;
  } finally {
    await database.close();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
