import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { AccessTokens } from '../../../src/common/auth/access-tokens.service.js';
import { TokenValidity } from '../../../src/common/auth/token-validity.service.js';
import { bearer, registerUser, type SessionBody } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// The caller is worked out once per request: the global rate limiter (which keys its counters
// by user) and the access guard share one verification of the bearer token.
describe('the principal, once per request', () => {
  let t: TestApp;
  let session: SessionBody;
  let verify: MockInstance;
  let accepts: MockInstance;
  beforeAll(async () => {
    t = await startTestApp();
    session = await registerUser(t, { role: 'patient' });
  });
  afterAll(() => t.close());
  afterEach(() => vi.restoreAllMocks());

  /** Counts, on the app's own instances, how often one request verifies its token and checks its session. */
  async function countsOf(request: Parameters<TestApp['request']>[0]) {
    verify = vi.spyOn(t.app.get(AccessTokens), 'verify');
    accepts = vi.spyOn(t.app.get(TokenValidity), 'accepts');
    const response = await t.request(request);
    return { response, verified: verify.mock.calls.length, sessionChecks: accepts.mock.calls.length };
  }

  it('verifies the token of a signed-in route once, for the rate limit and the guard alike', async () => {
    const { response, verified, sessionChecks } = await countsOf({ method: 'GET', url: '/api/v1/appointments', headers: bearer(session.accessToken) });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.ratelimit).toBeDefined();
    expect({ verified, sessionChecks }).toEqual({ verified: 1, sessionChecks: 1 });
  });

  it('verifies the optional token of a public route once', async () => {
    const { response, verified, sessionChecks } = await countsOf({ method: 'GET', url: '/api/v1/specialties', headers: bearer(session.accessToken) });
    expect(response.statusCode, response.body).toBe(200);
    expect({ verified, sessionChecks }).toEqual({ verified: 1, sessionChecks: 1 });
  });

  it('verifies a bad token once, and still refuses it', async () => {
    const { response, verified, sessionChecks } = await countsOf({ method: 'GET', url: '/api/v1/appointments', headers: bearer(`${session.accessToken}x`) });
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect({ verified, sessionChecks }).toEqual({ verified: 1, sessionChecks: 0 });
  });
});
