import { describe, expect, it } from 'vitest';
import { createIhosiClient, dataOf, IhosiApiError, memoryTokenStore, PROBLEM_CODES } from '../../../clients/typescript/src/index.js';
import { errorCatalog } from '../../../src/common/errors/catalog.js';
import { BASE_URL, fakeApi, json, problem, type Handler } from '../../helpers/fake-api.js';

function clientWith(routes: Record<string, Handler>) {
  const api = fakeApi(routes);
  const client = createIhosiClient({ baseUrl: BASE_URL, fetch: api.fetch, tokens: memoryTokenStore({ accessToken: 'access-1', refreshToken: 'refresh-1' }) });
  return { api, client };
}

const BOOKING = { doctorId: 'd1', appointmentTypeId: 't1', start: '2030-01-07T10:00:00.000Z' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the client: errors', () => {
  it('throws a problem+json answer as an IhosiApiError with its status, code, detail, field errors and request id', async () => {
    const errors = [{ field: 'specialties.1', message: 'Unknown specialty "cardiolgy"' }];
    const { client } = clientWith({ 'PATCH /api/v1/doctors/me': () => problem(400, 'VALIDATION_FAILED', { errors, requestId: 'req-42' }) });
    const error = await client.PATCH('/api/v1/doctors/me', { body: { bio: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IhosiApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', title: 'VALIDATION_FAILED', detail: 'detail of VALIDATION_FAILED', errors, requestId: 'req-42', retryAfterSeconds: null });
    expect((error as Error).message).toBe('400 VALIDATION_FAILED: detail of VALIDATION_FAILED');
  });

  it('throws an answer that is not a problem (a proxy page) with a null code and the status', async () => {
    const { client } = clientWith({ 'GET /api/v1/specialties': () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html', 'x-request-id': 'edge-7' } }) });
    const error = await client.GET('/api/v1/specialties').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: null, detail: null, errors: [], requestId: 'edge-7' });
  });

  it('does not treat a 304 to a conditional GET as an error', async () => {
    const { client } = clientWith({ 'GET /api/v1/specialties': () => new Response(null, { status: 304 }) });
    const { response } = await client.GET('/api/v1/specialties', { headers: { 'if-none-match': '"v1"' } });
    expect(response.status).toBe(304);
  });

  it('knows every code of the server catalog, and no other', () => {
    expect([...PROBLEM_CODES].sort()).toEqual(Object.keys(errorCatalog).sort());
  });

  it('dataOf gives the body of a success and refuses an answer without one', async () => {
    const { client } = clientWith({
      'GET /api/v1/specialties': () => json(200, [{ code: 'cardiology', name: 'Cardiology' }]),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    });
    expect(await dataOf(client.GET('/api/v1/specialties'))).toEqual([{ code: 'cardiology', name: 'Cardiology' }]);
    await expect(dataOf(client.POST('/api/v1/auth/logout', { body: { refreshToken: 'refresh-1' } }))).rejects.toThrow('204 answer has no body');
  });
});

describe('the client: Idempotency-Key on bookings', () => {
  const booked: Handler = () => json(201, { id: 'a1' });

  it('gives every booking a fresh UUID key', async () => {
    const { api, client } = clientWith({ 'POST /api/v1/appointments': booked });
    await client.POST('/api/v1/appointments', { body: BOOKING });
    await client.POST('/api/v1/appointments', { body: BOOKING });
    const keys = api.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(UUID);
    expect(keys[1]).toMatch(UUID);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('keeps the key the caller gave, so a retry of the same booking is the same booking', async () => {
    const { api, client } = clientWith({ 'POST /api/v1/appointments': booked });
    await client.POST('/api/v1/appointments', { body: BOOKING, headers: { 'Idempotency-Key': 'my-key-1' } });
    expect(api.requests[0]!.headers.get('idempotency-key')).toBe('my-key-1');
  });

  it('sends none on requests that are not bookings', async () => {
    const { api, client } = clientWith({ 'POST /api/v1/appointments/a1/cancel': booked });
    await client.POST('/api/v1/appointments/{id}/cancel', { params: { path: { id: 'a1' } }, body: {} });
    expect(api.lines()).toEqual(['POST /api/v1/appointments/a1/cancel']);
    expect(api.requests[0]!.headers.has('idempotency-key')).toBe(false);
  });
});
