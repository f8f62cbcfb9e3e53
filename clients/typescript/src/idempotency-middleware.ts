import type { Middleware } from 'openapi-fetch';

/** Requests that create something a retry must not create twice: bookings. */
const IDEMPOTENT_CREATES = new Set(['POST /api/v1/appointments']);

/**
 * Gives every booking an `Idempotency-Key` (a fresh UUID) unless the caller set one. A phone
 * that lost the answer to a booking retries with the same key and gets the same appointment
 * back instead of a second one; to retry a call yourself, pass the key you sent the first time.
 */
export function idempotencyMiddleware(newKey: () => string = () => crypto.randomUUID()): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (IDEMPOTENT_CREATES.has(`${request.method} ${schemaPath}`) && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', newKey());
      }
      return request;
    },
  };
}
