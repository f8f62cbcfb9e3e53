import { describe, expect, it } from 'vitest';
import { limitClassOfRoute } from '../../../src/common/rate-limit/route-class.js';

describe('the limit a route falls under', () => {
  it('puts deleting the account (a password check) and the account export (the heaviest read) under the auth limit', () => {
    expect(limitClassOfRoute('DELETE', '/api/v1/me')).toBe('auth');
    expect(limitClassOfRoute('GET', '/api/v1/me/export')).toBe('auth');
  });

  it('leaves the other /me routes under the global limit', () => {
    expect(limitClassOfRoute('GET', '/api/v1/me/access-log')).toBe('global');
    expect(limitClassOfRoute('POST', '/api/v1/me/devices')).toBe('global');
  });

  it('keeps sign-in, booking and probes where they were', () => {
    expect(limitClassOfRoute('POST', '/api/v1/auth/login')).toBe('auth');
    expect(limitClassOfRoute('POST', '/api/v1/appointments')).toBe('booking');
    expect(limitClassOfRoute('GET', '/health/live')).toBe('probe');
    expect(limitClassOfRoute('GET', undefined)).toBe('global');
  });
});
