import { loadConfig } from '../config/config.js';
import { ensureAppRole, planRoles, RolesConfigError } from '../db/roles.js';

/**
 * `npm run db:roles`: as the owner (DATABASE_MIGRATION_URL), creates or updates the role that
 * DATABASE_URL names, with the rights the app needs and no more. Idempotent; run it after
 * `npm run db:migrate`. PostgreSQL only: the embedded database has one role.
 */
async function run(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.database.kind !== 'postgres' || !config.database.migrationUrl) {
    throw new RolesConfigError('db:roles needs DATABASE_URL (the application role) and DATABASE_MIGRATION_URL (the owner); the embedded database has one role');
  }
  const plan = planRoles(config.database.url, config.database.migrationUrl);
  await ensureAppRole(config.database.migrationUrl, plan);
  process.stdout.write(`role ${plan.appRole}: SELECT/INSERT/UPDATE/DELETE on tables, SELECT/INSERT only on audit_events, no DDL; owner ${plan.owner}\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
