import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nulCharacterErrors } from '../../src/common/validation/nul-characters.js';
import { strongPassword, uniqueEmail } from '../helpers/auth.js';
import { expectProblem } from '../helpers/http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * U+0000 cannot reach PostgreSQL's text types (the statement fails), so a request that carries
 * it anywhere is 400 VALIDATION_FAILED naming the field, never a 500. Found by the fuzz test
 * (`GET /doctors?city=a%00b`).
 */
describe('the NUL character in input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('names every string, array item and key that holds it', () => {
    expect(nulCharacterErrors({ a: 'ok', b: 'x\u0000', c: ['y', '\u0000'], d: { 'e\u0000': 1 }, n: 3, z: null })).toEqual([
      { field: 'b', message: 'must not contain the NUL character (U+0000)' },
      { field: 'c.1', message: 'must not contain the NUL character (U+0000)' },
      { field: 'd.e\u0000', message: 'must not contain the NUL character (U+0000)' },
    ]);
    expect(nulCharacterErrors('plain')).toEqual([]);
  });

  it('is 400 in a query string (the directory search)', async () => {
    const body = expectProblem(await t.request({ method: 'GET', url: '/api/v1/doctors?city=a%00b' }), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ field: 'city', message: 'must not contain the NUL character (U+0000)' }]);
  });

  it('is 400 in a JSON body (sign-up and sign-in)', async () => {
    const email = uniqueEmail('nul');
    const register = await t.request({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: strongPassword(), fullName: 'Ada\u0000Lovelace', role: 'patient' } });
    expect(expectProblem(register, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'fullName', message: 'must not contain the NUL character (U+0000)' }]);
    const login = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `a\u0000${email}`, password: 'whatever-it-is' } });
    expectProblem(login, 400, 'VALIDATION_FAILED');
  });
});
