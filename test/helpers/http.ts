import type { Response } from 'light-my-request';
import { expect } from 'vitest';

/** Asserts an RFC 9457 problem response with the given status and code; returns its body. */
export function expectProblem(response: Response, status: number, code: string): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:ihosi:problem:/), title: expect.any(String), detail: expect.any(String) });
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}
