import { describe, expect, it } from 'vitest';
import { CACHEABLE_READS, cacheDecisionFor, NOT_STORED, type Exchange } from '../../../src/common/http/caching/cache-policy.js';

const anonymousRead = (routeTemplate: string, change: Partial<Exchange> = {}): Exchange => ({ method: 'GET', routeTemplate, statusCode: 200, signedIn: false, ...change });

describe('cache decisions', () => {
  it('gives each kind of public read its Cache-Control, an ETag and Vary: Authorization', () => {
    expect(cacheDecisionFor(anonymousRead('/api/v1/specialties'))).toEqual({ cacheControl: 'public, max-age=3600', validated: true, vary: 'Authorization' });
    for (const template of ['/api/v1/doctors', '/api/v1/doctors/:id', '/api/v1/doctors/:id/reviews', '/api/v1/doctors/:id/availability', '/api/v1/doctors/:id/appointment-types']) {
      expect(cacheDecisionFor(anonymousRead(template)), template).toEqual({ cacheControl: 'public, max-age=60, stale-while-revalidate=300', validated: true, vary: 'Authorization' });
    }
    expect(cacheDecisionFor(anonymousRead('/api/v1/doctors/:id/slots'))).toEqual({ cacheControl: 'no-cache', validated: true, vary: 'Authorization' });
    expect(cacheDecisionFor(anonymousRead('/api/v1/specialties', { method: 'HEAD' })).validated).toBe(true);
  });

  it('never lets a signed-in answer, an error, a write or an unlisted route be stored', () => {
    const notStored = { cacheControl: NOT_STORED, validated: false };
    for (const template of CACHEABLE_READS.keys()) {
      expect(cacheDecisionFor(anonymousRead(template, { signedIn: true })), template).toEqual(notStored);
      for (const statusCode of [201, 204, 304, 400, 401, 404, 429, 500, 503]) expect(cacheDecisionFor(anonymousRead(template, { statusCode }))).toEqual(notStored);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(cacheDecisionFor(anonymousRead(template, { method }))).toEqual(notStored);
    }
    expect(cacheDecisionFor(anonymousRead('/api/v1/doctors/me'))).toEqual(notStored);
    expect(cacheDecisionFor(anonymousRead('/health/ready'))).toEqual(notStored);
    expect(cacheDecisionFor({ method: 'GET', routeTemplate: undefined, statusCode: 404, signedIn: false })).toEqual(notStored);
  });
});
