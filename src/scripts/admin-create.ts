import 'reflect-metadata';
import { AdminAccountError } from '../modules/auth/admin-accounts.service.js';
import { createAdminFromCli, UsageError } from '../modules/auth/admin-cli.js';
import { ConfigError } from '../config/config.js';

try {
  const { email, result } = await createAdminFromCli(process.argv.slice(2), process.env);
  process.stdout.write(result === 'created' ? `Admin ${email} created.\n` : `Admin ${email} already exists; left unchanged.\n`);
} catch (error) {
  if (error instanceof UsageError || error instanceof AdminAccountError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
