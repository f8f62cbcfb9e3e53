import { parseArgs } from 'node:util';
import { AuditRepository } from '../../common/audit/audit.repository.js';
import { AuditService } from '../../common/audit/audit.service.js';
import { createLogger } from '../../common/logging/logger.js';
import { loadConfig } from '../../config/config.js';
import { installFieldCipher } from '../../common/crypto/field-cipher.js';
import { connectDatabase } from '../../db/connect.js';
import { AdminAccounts, type EnsureAdminResult } from './admin-accounts.service.js';
import { PasswordHasher } from './password-hasher.service.js';
import { UsersRepository } from './users.repository.js';

const USAGE = 'usage: npm run admin:create -- --email <address> [--password <password>]   (or ADMIN_EMAIL / ADMIN_PASSWORD in the environment; prefer the environment for the password, since arguments are visible to other users of the machine)';

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `npm run admin:create`: ensures an admin account in the configured database (migrating it
 * first), outside the HTTP API. With the embedded database, stop the server first: one
 * process at a time may open a PGlite data directory.
 */
export async function createAdminFromCli(argv: string[], env: Record<string, string | undefined>): Promise<{ email: string; result: EnsureAdminResult }> {
  const { values } = parseArgs({ args: argv, options: { email: { type: 'string' }, password: { type: 'string' } }, strict: true });
  const email = values.email ?? env.ADMIN_EMAIL;
  const password = values.password ?? env.ADMIN_PASSWORD;
  if (!email || !password) throw new UsageError(USAGE);

  // The account comes from the arguments; ADMIN_* must not also be validated as a pair here.
  const config = loadConfig({ ...env, ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });
  const logger = createLogger(config);
  installFieldCipher(config.encryption.keys);
  const database = await connectDatabase(config.database, logger);
  try {
    await database.migrate();
    const admins = new AdminAccounts(new UsersRepository(database), new PasswordHasher(config), new AuditService(new AuditRepository(database)), config, logger);
    return { email, result: await admins.ensure(email, password, 'cli') };
  } finally {
    await database.close();
  }
}
