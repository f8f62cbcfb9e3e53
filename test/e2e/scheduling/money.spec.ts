import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// One rule for money: an appointment type's price is read by the schema of a doctor's fee.
describe('money', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await registerUser(t, { role: 'doctor' })).accessToken;
  });
  afterAll(() => t.close());

  const createType = (price: unknown) =>
    t.request({ method: 'POST', url: '/api/v1/doctors/me/appointment-types', headers: bearer(token), payload: { name: 'Visit', durationMinutes: 30, mode: 'video', price } });
  const setFee = (consultationFee: unknown) => t.request({ method: 'PATCH', url: '/api/v1/doctors/me', headers: bearer(token), payload: { consultationFee } });

  it.each([
    ['an amount over 10,000,000 minor units', { amount: 10_000_001, currency: 'EUR' }, 'amount'],
    ['three letters that name no ISO 4217 currency', { amount: 5000, currency: 'ABC' }, 'currency'],
    ['a lower-case currency', { amount: 5000, currency: 'eur' }, 'currency'],
    ['a fraction of a minor unit', { amount: 50.5, currency: 'EUR' }, 'amount'],
    ['a negative amount', { amount: -1, currency: 'EUR' }, 'amount'],
  ])('refuses %s in a price and in a fee alike', async (_case, money, field) => {
    for (const [response, prefix] of [
      [await createType(money), 'price'],
      [await setFee(money), 'consultationFee'],
    ] as const) {
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field: `${prefix}.${field}`, message: expect.any(String) }]);
    }
  });

  it('takes the largest amount and a real currency in both', async () => {
    const money = { amount: 10_000_000, currency: 'KES' };
    const type = await createType(money);
    expect(type.statusCode, type.body).toBe(201);
    expect(type.json().price).toEqual(money);
    const fee = await setFee(money);
    expect(fee.statusCode, fee.body).toBe(200);
    expect(fee.json().consultationFee).toEqual(money);
  });
});
