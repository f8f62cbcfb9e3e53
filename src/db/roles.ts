import pg from 'pg';

/** Tables the application role may read and append to, never change. */
export const APPEND_ONLY_TABLES = ['audit_events'] as const;
/** Tables the application role may only read (its triggers change them as the owner). */
export const READ_ONLY_TABLES = ['audit_chain_head'] as const;

export interface RolesPlan {
  /** The role the app connects as: DATABASE_URL's user and password. */
  appRole: string;
  appPassword: string;
  /** The schema owner: DATABASE_MIGRATION_URL's user, which runs migrations. */
  owner: string;
  database: string;
}

export class RolesConfigError extends Error {}

/** Reads the two roles from the two URLs; they must differ, or there is nothing to separate. */
export function planRoles(appUrl: string, migrationUrl: string): RolesPlan {
  const app = new URL(appUrl);
  const owner = new URL(migrationUrl);
  const appRole = decodeURIComponent(app.username);
  const ownerRole = decodeURIComponent(owner.username);
  if (!appRole || !app.password) throw new RolesConfigError('DATABASE_URL must name the application role with a user and password');
  if (!ownerRole) throw new RolesConfigError('DATABASE_MIGRATION_URL must name the owner role');
  if (appRole === ownerRole) throw new RolesConfigError('DATABASE_URL and DATABASE_MIGRATION_URL name the same role: set DATABASE_URL to the application role');
  if (app.pathname !== owner.pathname) throw new RolesConfigError('DATABASE_URL and DATABASE_MIGRATION_URL must name the same database');
  return { appRole, appPassword: decodeURIComponent(app.password), owner: ownerRole, database: decodeURIComponent(owner.pathname.slice(1)) };
}

/**
 * Creates or updates the application role, connected as the owner (DATABASE_MIGRATION_URL).
 * Idempotent: run it after every migration that adds a table (default privileges cover tables
 * the owner creates later too). The role gets no DDL: not the owner of anything, no CREATE on
 * the schema or database, so it can neither ALTER nor disable a trigger; on the audit trail
 * SELECT and INSERT only.
 */
export async function ensureAppRole(migrationUrl: string, plan: RolesPlan): Promise<void> {
  const client = new pg.Client({ connectionString: migrationUrl, application_name: 'ihosi-roles' });
  await client.connect();
  const role = client.escapeIdentifier(plan.appRole);
  const owner = client.escapeIdentifier(plan.owner);
  try {
    await client.query('begin');
    // Roles are cluster-wide; two runs at once must not both try to create it.
    await client.query(`select pg_advisory_xact_lock(hashtext('ihosi:db-roles'))`);
    const exists = (await client.query('select 1 from pg_roles where rolname = $1', [plan.appRole])).rowCount;
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(plan.appPassword)}`;
    await client.query(exists ? `ALTER ROLE ${role} ${attributes}` : `CREATE ROLE ${role} ${attributes}`);
    // Before the first migration these tables do not exist yet: run db:roles again after it.
    const present = new Set((await client.query<{ name: string }>(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`)).rows.map((r) => r.name));
    const statements = [
      `REVOKE CREATE ON DATABASE ${client.escapeIdentifier(plan.database)} FROM ${role}`,
      `GRANT CONNECT ON DATABASE ${client.escapeIdentifier(plan.database)} TO ${role}`,
      `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
      ...APPEND_ONLY_TABLES.filter((table) => present.has(table)).flatMap((table) => [
        `REVOKE ALL ON ${client.escapeIdentifier(table)} FROM ${role}`,
        `GRANT SELECT, INSERT ON ${client.escapeIdentifier(table)} TO ${role}`,
      ]),
      ...READ_ONLY_TABLES.filter((table) => present.has(table)).flatMap((table) => [
        `REVOKE ALL ON ${client.escapeIdentifier(table)} FROM ${role}`,
        `GRANT SELECT ON ${client.escapeIdentifier(table)} TO ${role}`,
      ]),
    ];
    for (const statement of statements) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
