import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AdminAccountError, AdminAccounts } from '../../../src/modules/auth/admin-accounts.service.js';
import { createAdminFromCli, UsageError } from '../../../src/modules/auth/admin-cli.js';
import { adminAccessToken } from '../../helpers/mfa.js';
import { bearer, getMe, login, persistentDatabase, registerUser, strongPassword, uniqueEmail } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp } from '../../helpers/test-app.js';

describe('admin accounts', () => {
  it('are ensured at start-up from ADMIN_EMAIL/ADMIN_PASSWORD, once, and left alone on restart', async () => {
    const db = await persistentDatabase();
    const admin = { ADMIN_EMAIL: uniqueEmail('admin'), ADMIN_PASSWORD: strongPassword() };
    try {
      const first = await startTestApp({ databaseUrl: db.databaseUrl, env: { ...db.env, ...admin } });
      const session = await login(first, admin.ADMIN_EMAIL, admin.ADMIN_PASSWORD);
      expect(session.statusCode, session.body).toBe(200);
      expect(session.json().user.role).toBe('admin');
      const changed = strongPassword();
      // An admin acts only with a second factor (issue 18): enrolled, then signed in with it.
      const withFactor = await adminAccessToken(first, admin.ADMIN_EMAIL, admin.ADMIN_PASSWORD);
      const change = await first.request({ method: 'POST', url: '/api/v1/auth/change-password', headers: bearer(withFactor), payload: { currentPassword: admin.ADMIN_PASSWORD, newPassword: changed } });
      expect(change.statusCode).toBe(204);
      expect(await queryRows(first, sql`select action from audit_events where action = 'auth.admin_create'`)).toHaveLength(1);
      await first.close();

      const second = await startTestApp({ databaseUrl: db.databaseUrl, env: { ...db.env, ...admin } });
      try {
        expect((await login(second, admin.ADMIN_EMAIL, changed)).statusCode).toBe(200);
        expect(await queryRows(second, sql`select 1 from users where role = 'admin'`)).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await db.cleanup();
    }
  });

  it('are created once when several instances start together', async () => {
    const t = await startTestApp();
    try {
      const admins = t.app.get(AdminAccounts);
      const email = uniqueEmail('racing-admin');
      const password = strongPassword();
      const results = await Promise.all(Array.from({ length: 4 }, () => admins.ensure(email, password, 'startup')));
      expect(results.filter((r) => r === 'created')).toHaveLength(1);
      expect(results.filter((r) => r === 'exists')).toHaveLength(3);
      expect(await queryRows(t, sql`select 1 from users where email = ${email}`)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('refuse to start with a weak ADMIN_PASSWORD', async () => {
    await expect(startTestApp({ env: { ADMIN_EMAIL: uniqueEmail('admin'), ADMIN_PASSWORD: 'password123' } })).rejects.toThrow(/admin password is too common/);
  });

  it('never promote an existing patient who registered the admin e-mail first', async () => {
    const db = await persistentDatabase();
    const email = uniqueEmail('squatter');
    try {
      const open = await startTestApp({ databaseUrl: db.databaseUrl, env: db.env });
      const squatter = await registerUser(open, { email });
      await open.close();
      await expect(startTestApp({ databaseUrl: db.databaseUrl, env: { ...db.env, ADMIN_EMAIL: email, ADMIN_PASSWORD: strongPassword() } })).rejects.toThrow(/already registered as a patient/);
      const again = await startTestApp({ databaseUrl: db.databaseUrl, env: db.env });
      try {
        const session = await login(again, email, squatter.password);
        expect((await getMe(again, session.json().accessToken)).json().role).toBe('patient');
      } finally {
        await again.close();
      }
    } finally {
      await db.cleanup();
    }
  });

  it('are created by `npm run admin:create` (the command-line entry point)', async () => {
    const db = await persistentDatabase();
    const email = uniqueEmail('cli-admin');
    const password = strongPassword();
    try {
      const env = { ...db.env, BCRYPT_COST: '10', NODE_ENV: 'test' };
      await expect(createAdminFromCli([], env)).rejects.toBeInstanceOf(UsageError);
      await expect(createAdminFromCli(['--email', email, '--password', 'qwertyuiop'], env)).rejects.toBeInstanceOf(AdminAccountError);
      expect(await createAdminFromCli(['--email', email], { ...env, ADMIN_PASSWORD: password })).toEqual({ email, result: 'created' });
      expect(await createAdminFromCli(['--email', email, '--password', password], env)).toEqual({ email, result: 'exists' });

      const t = await startTestApp({ databaseUrl: db.databaseUrl, env: db.env });
      try {
        const session = await login(t, email, password);
        expect(session.statusCode).toBe(200);
        expect(session.json().user.role).toBe('admin');
        expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password, fullName: 'X', role: 'patient' } }), 409, 'EMAIL_TAKEN');
      } finally {
        await t.close();
      }
    } finally {
      await db.cleanup();
    }
  });
});
