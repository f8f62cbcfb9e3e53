import { randomUUID } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Roles, type Role } from '../../../src/common/auth/policy.js';
import { bearer, login, registerUser, strongPassword } from '../../helpers/auth.js';
import { adminAccessToken } from '../../helpers/mfa.js';
import { expectProblem } from '../../helpers/http.js';
import { nestRoutes, undeclaredRoutes } from '../../helpers/routes.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const ADMIN = { email: 'root.admin@example.com', password: strongPassword() };

describe('route policy: every route declares who may call it', () => {
  let t: TestApp;
  const accounts: Partial<Record<Role, { email: string; password: string }>> = { admin: ADMIN };
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    accounts.patient = await registerUser(t, { role: 'patient' });
    accounts.doctor = await registerUser(t, { role: 'doctor' });
  });

  /** A fresh token per request: some routes (logout-all, change-password) end the caller's sessions. */
  async function tokenFor(role: Role): Promise<string> {
    const account = accounts[role]!;
    // Admins act only in sessions opened with a second factor (test/helpers/mfa.ts).
    if (role === 'admin') return adminAccessToken(t, account.email, account.password);
    const response = await login(t, account.email, account.password);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().accessToken as string;
  }
  afterAll(() => t.close());

  it('finds the routes (the walk sees the auth, health and specialties controllers)', () => {
    const urls = nestRoutes(t).map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /health/live', 'GET /metrics', 'GET /api/v1/specialties']));
    expect(urls.length).toBeGreaterThanOrEqual(14);
  });

  it('has no route without a declaration, in Nest or outside it', () => {
    expect(undeclaredRoutes(t)).toEqual([]);
  });

  it('serves the plugin routes outside Nest (Swagger) to anyone, deliberately', async () => {
    expect((await t.request({ method: 'GET', url: '/docs-json' })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });

  it('enforces each declaration for anonymous, patient, doctor and admin callers', async () => {
    const failures: string[] = [];
    for (const route of nestRoutes(t)) {
      const url = route.url.replace(/:[A-Za-z0-9_]+/g, randomUUID());
      for (const caller of ['anonymous', 'patient', 'doctor', 'admin'] as const) {
        const token = caller === 'anonymous' ? undefined : await tokenFor(caller);
        const response = await t.request({
          method: route.method as 'GET',
          url,
          headers: token ? bearer(token) : {},
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const policy = route.policy!;
        let expected: string;
        if (policy.kind === 'public') expected = 'allowed';
        else if (caller === 'anonymous') expected = '401';
        else expected = policy.roles.includes(caller) ? 'allowed' : '403';
        const actual = response.statusCode === 401 || response.statusCode === 403 ? String(response.statusCode) : 'allowed';
        if (expected !== actual) failures.push(`${route.method} ${route.url} as ${caller}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    // Four callers on every route of the app, one after another: the one test that walks them
    // all, so it gets more than the default 30 s when the machine is shared.
  }, 90_000);

  it('describes every Nest route in the OpenAPI document; each route that needs a token says so, once, and each public one says it needs none', async () => {
    const doc = (await t.request({ method: 'GET', url: '/docs-json' })).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    for (const route of nestRoutes(t)) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path} is missing from /docs-json`).toBeDefined();
      // /metrics is public to the access guard; its own guard asks for METRICS_TOKEN as a bearer.
      if (route.url === '/metrics') continue;
      const security = route.policy?.kind === 'roles' ? [{ bearer: [] }] : [];
      expect(operation!.security, `${route.method} ${path} bearer security`).toEqual(security);
    }
  });

  it('lets no one create an admin through the API', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'x.admin@example.com', password: strongPassword(), fullName: 'X', role: 'admin' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email: ADMIN.email, password: strongPassword(), fullName: 'X', role: 'patient' } }), 409, 'EMAIL_TAKEN');
  });
});

@Controller('test-only/undeclared')
class UndeclaredController {
  @Get()
  secret(): { secret: string } {
    return { secret: 'should never be served' };
  }
}

@Roles('doctor')
@Controller('test-only/doctors')
class DoctorsOnlyController {
  @Get()
  list(): { ok: true } {
    return { ok: true };
  }

  @Get('admin')
  @Roles('admin')
  adminOnly(): { ok: true } {
    return { ok: true };
  }
}

describe('route policy: a route without a declaration, and role lists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ controllers: [UndeclaredController, DoctorsOnlyController] });
  });
  afterAll(() => t.close());

  it('is found by the walk, so the test above would fail', () => {
    expect(undeclaredRoutes(t)).toEqual([expect.stringMatching(/^GET \/test-only\/undeclared \(UndeclaredController\.secret\) declares no access policy$/)]);
  });

  it('is refused at run time, signed in or not', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/test-only/undeclared' }), 403, 'FORBIDDEN');
    const { accessToken } = await registerUser(t);
    const response = await t.request({ method: 'GET', url: '/test-only/undeclared', headers: bearer(accessToken) });
    expectProblem(response, 403, 'FORBIDDEN');
    expect(response.body).not.toMatch(/should never be served/);
  });

  it('gives 401 to anonymous callers and 403 to roles not listed; a method declaration overrides the class one', async () => {
    const patient = (await registerUser(t, { role: 'patient' })).accessToken;
    const doctor = (await registerUser(t, { role: 'doctor' })).accessToken;
    expectProblem(await t.request({ method: 'GET', url: '/test-only/doctors' }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.request({ method: 'GET', url: '/test-only/doctors', headers: bearer(patient) }), 403, 'FORBIDDEN');
    expect((await t.request({ method: 'GET', url: '/test-only/doctors', headers: bearer(doctor) })).statusCode).toBe(200);
    expectProblem(await t.request({ method: 'GET', url: '/test-only/doctors/admin', headers: bearer(doctor) }), 403, 'FORBIDDEN');
  });
});
