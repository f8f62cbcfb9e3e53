import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionIssuer } from '../../src/modules/auth/session-issuer.service.js';
import { UsersRepository } from '../../src/modules/auth/users.repository.js';
import { bearer, getMe, login, registerUser, strongPassword } from '../helpers/auth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// A property-based fuzzer over every operation in the OpenAPI document: random and hostile
// path parameters, query strings and bodies, as anonymous and as each role. Whatever comes
// in, the answer is never a 5xx, errors are always problem+json, and nothing internal or
// secret leaks into a body or a log line.

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyProperties: string[];
  hasBody: boolean;
}

const ADMIN = { email: 'fuzz.admin@example.com', password: strongPassword() };
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 25);

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '{"$gt": ""}',
  '$where',
  '../../../../etc/passwd',
  '%00',
  '%',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '2027-02-30',
  '2027-13-01',
  '2027-03-14T02:30:00',
  '2027-03-14T02:30:00-05:00',
  '9999-12-31T23:59:59.999Z',
  '0000-00-00',
  'Mars/Olympus_Mons',
  'Europe/Berlin',
  '1e9',
  '-1',
  '0',
  'NaN',
  'Infinity',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '😀🏥💉',
  '\u202e\u0301\ufeff',
  'x'.repeat(5_000),
];

const deepNesting = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
};

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...hostileStrings),
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e9, 1e308, -1e308, 2 ** 53 + 1, 0.5, [], {}, [[[]]], { $gt: '' }, { __proto__: { admin: true } }),
  fc.constant(deepNesting(2_000)),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.array(fc.constantFrom<unknown>(...hostileStrings.slice(0, 20)), { maxLength: 30 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.constantFrom<unknown>(...hostileStrings.slice(0, 10)), { maxKeys: 5 }),
);

const pathValue = fc.oneof(fc.uuid(), fc.constantFrom('me', 'null', '1', '%00', '..', 'x'.repeat(300), "'--", '%E0%A4%A'), fc.string({ minLength: 1, maxLength: 20 }));

interface BodySchema {
  $ref?: string;
  properties?: Record<string, unknown>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: BodySchema }> } }>>;
  components?: { schemas?: Record<string, BodySchema> };
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  // Bodies are named components; their fields are what the fuzzer aims at.
  const resolve = (schema: BodySchema | undefined): BodySchema | undefined => (schema?.$ref ? resolve(document.components?.schemas?.[schema.$ref.split('/').pop()!]) : schema);
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const schema = resolve(operation.requestBody?.content?.['application/json']?.schema);
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProperties: Object.keys(schema?.properties ?? {}),
        hasBody: Boolean(operation.requestBody),
      });
    }
  }
  return operations;
}

function requestArbitrary(operation: Operation) {
  const query = fc.dictionary(fc.constantFrom(...operation.queryParams, 'limit', 'cursor', 'unknown', '__proto__'), fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 20 })), { maxKeys: 6 });
  const knownFields = operation.bodyProperties.length > 0 ? fc.dictionary(fc.constantFrom(...operation.bodyProperties), hostileValue, { maxKeys: operation.bodyProperties.length }) : fc.constant({});
  const body = fc.oneof(
    fc.tuple(knownFields, fc.dictionary(fc.constantFrom('role', 'admin', 'isAdmin', 'id', 'status', 'userId'), hostileValue, { maxKeys: 2 })).map(([a, b]) => ({ ...a, ...b })),
    knownFields,
    hostileValue,
  );
  return fc.record({
    params: fc.tuple(...operation.pathParams.map(() => pathValue)),
    query,
    body: operation.hasBody || operation.method !== 'GET' ? fc.option(body, { nil: undefined }) : fc.constant(undefined),
    role: fc.constantFrom('anonymous', 'patient', 'doctor', 'admin'),
    idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.constantFrom(...hostileStrings)), { nil: undefined }),
  });
}

function toUrl(operation: Operation, params: string[], query: Record<string, string>): string {
  let path = operation.path;
  operation.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, encodeURIComponent(params[i] ?? 'x'))));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

const leakPatterns = [/\bat [\w.<>]+ \(/, /node_modules/, /\/work\//, /\.ts:\d+/, /\bSELECT\b/i, /\bINSERT INTO\b/i, /syntax error at or near/i, /violates .* constraint/i, /duplicate key/i, /ECONNREFUSED/, /TypeError|ReferenceError|RangeError/];

type Role = 'patient' | 'doctor' | 'admin';

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  const userIds = {} as Record<Role, string>;
  let secrets: string[];
  /** Signed-in fuzz requests per role, and those the guard refused (it answers `invalid_token`). */
  const signedIn = { patient: 0, doctor: 0, admin: 0 };
  const refusedByGuard: string[] = [];

  /**
   * A new session for `role`, issued the way sign-in issues one but without bcrypt, for every
   * run: an earlier run may have ended the user's sessions (logout-all, a password change), and a
   * dead token would only ever reach the guard, not the operation being fuzzed.
   */
  async function freshToken(role: Role): Promise<string> {
    const user = await t.app.get(UsersRepository).findById(userIds[role]);
    if (!user) throw new Error(`the fuzz ${role} is gone`);
    // Opened as with a second factor: admins act only in such sessions (patients and doctors alike either way).
    return (await t.app.get(SessionIssuer).start(user, true)).accessToken;
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_LOCKOUT_ATTEMPTS: '100' },
    });
    const document = (await t.request({ method: 'GET', url: '/docs-json' })).json() as Parameters<typeof operationsOf>[0];
    operations = operationsOf(document);
    const patient = await registerUser(t, { role: 'patient' });
    const doctor = await registerUser(t, { role: 'doctor' });
    const admin = (await login(t, ADMIN.email, ADMIN.password)).json() as { user: { id: string } };
    userIds.patient = patient.user.id;
    userIds.doctor = doctor.user.id;
    userIds.admin = admin.user.id;
    secrets = [t.config.jwt.accessSecret, t.config.jwt.refreshSecret, ADMIN.password, patient.password, doctor.password];
  });
  afterAll(() => t.close());

  it('finds the operations to fuzz in the document, with the fields of their bodies', () => {
    expect(operations.length).toBeGreaterThanOrEqual(5);
    const booking = operations.find((o) => o.method === 'POST' && o.path === '/api/v1/appointments');
    expect(booking?.bodyProperties).toEqual(expect.arrayContaining(['doctorId', 'appointmentTypeId', 'start']));
  });

  it('never answers 5xx, always answers errors as problem+json, and never leaks internals or secrets', async () => {
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation), async (input) => {
          const url = toUrl(operation, input.params, input.query);
          const role = input.role === 'anonymous' ? null : input.role;
          const headers: Record<string, string> = role ? bearer(await freshToken(role)) : {};
          if (input.idempotencyKey !== undefined) headers['idempotency-key'] = input.idempotencyKey.slice(0, 200).replace(/[^\x20-\x7e]/g, '?');
          const response = await t.request({
            method: operation.method as 'GET',
            url,
            headers: input.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
            ...(input.body === undefined ? {} : { payload: JSON.stringify(input.body) ?? 'null' }),
          });
          const where = `${operation.method} ${url.slice(0, 200)} as ${input.role} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBeLessThan(500);
          // The FHIR face answers its errors as OperationOutcome (docs/API.md, "FHIR R4"); everything else as problem+json.
          const errorType = url.startsWith('/fhir/') ? /^application\/(problem|fhir)\+json/ : /^application\/problem\+json/;
          if (response.statusCode >= 400) expect(response.headers['content-type'], where).toMatch(errorType);
          if (response.statusCode >= 400 && String(response.headers['content-type']).startsWith('application/fhir+json')) expect(response.json().resourceType, where).toBe('OperationOutcome');
          for (const pattern of leakPatterns) expect(response.body, where).not.toMatch(pattern);
          for (const secret of secrets) expect(response.body, where).not.toContain(secret);
          if (role) {
            signedIn[role]++;
            if (/invalid_token/.test(String(response.headers['www-authenticate'] ?? ''))) refusedByGuard.push(where);
          }
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
  }, 600_000);

  it('fuzzed past the guard: every signed-in request was let through, for every role', async () => {
    expect(refusedByGuard).toEqual([]);
    for (const role of ['patient', 'doctor', 'admin'] as const) {
      expect(signedIn[role], role).toBeGreaterThan(operations.length);
      // The accounts survived the fuzzing: each role still signs in and is who it was.
      const me = await getMe(t, await freshToken(role));
      expect(me.statusCode, me.body).toBe(200);
      expect(me.json()).toMatchObject({ id: userIds[role], role });
    }
  });

  it('never writes a secret or a stack of a 5xx into the log', () => {
    const text = JSON.stringify(t.logs);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(t.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('answers a wrong content type with 415 and an unsupported method with 405 on every write operation', async () => {
    for (const operation of operations.filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method))) {
      const url = toUrl(operation, operation.pathParams.map(() => '00000000-0000-4000-8000-000000000000'), {});
      const response = await t.request({ method: operation.method as 'POST', url, headers: { ...bearer(await freshToken('admin')), 'content-type': 'text/plain' }, payload: 'hello' });
      expect(response.statusCode, `${operation.method} ${url}`).toBe(415);
    }
    const traced = await t.request({ method: 'TRACE' as 'GET', url: '/api/v1/specialties' });
    expect(traced.statusCode).toBe(405);
  });
});
