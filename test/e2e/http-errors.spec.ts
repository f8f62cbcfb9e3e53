import { Controller, Get, Post } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { REQUEST_TIMEOUT_MS } from '../../src/app.js';
import { Public } from '../../src/common/auth/policy.js';
import { ValidBody } from '../../src/common/validation/zod-validation.js';
import { expectProblem } from '../helpers/http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const echoSchema = z.strictObject({ name: z.string().min(1).max(20), age: z.number().int().min(0) });

/** Test-only routes that exercise validation and the unexpected-error path through the real stack. */
@Public()
@Controller('test-only')
class ProbeController {
  @Post('echo')
  echo(@ValidBody(echoSchema) body: z.infer<typeof echoSchema>) {
    return body;
  }

  @Get('items/:id')
  item() {
    return { ok: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internals: SELECT * FROM users at /srv/app/x.ts:12');
  }
}

describe('HTTP errors are problem+json with a stable code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ controllers: [ProbeController] });
  });
  afterAll(() => t.close());

  it('gives a client five minutes, not for ever, to send one whole request (Fastify turns Node\'s limit off)', () => {
    const server = t.app.getHttpServer() as import('node:http').Server;
    expect(REQUEST_TIMEOUT_MS).toBe(300_000);
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/no-such-thing' }), 404, 'NOT_FOUND');
  });

  it('answers a known path with an unsupported method with 405 METHOD_NOT_ALLOWED and Allow', async () => {
    const response = await t.request({ method: 'DELETE', url: '/api/v1/specialties' });
    expectProblem(response, 405, 'METHOD_NOT_ALLOWED');
    expect(response.headers.allow).toBe('GET, HEAD');
    const withQuery = await t.request({ method: 'PUT', url: '/health/live?x=1' });
    expectProblem(withQuery, 405, 'METHOD_NOT_ALLOWED');
    // An unknown path stays 404 whatever the method.
    expectProblem(await t.request({ method: 'DELETE', url: '/api/v1/specialties/extra' }), 404, 'NOT_FOUND');
  });

  it('answers router-level failures as problem+json too: 414 URI_TOO_LONG and a malformed URL', async () => {
    expectProblem(await t.request({ method: 'GET', url: `/test-only/items/${'x'.repeat(150)}` }), 414, 'URI_TOO_LONG');
    const malformed = expectProblem(await t.request({ method: 'GET', url: '/test-only/items/%E0%A4%A' }), 400, 'VALIDATION_FAILED');
    expect(malformed.detail).toMatch(/URL is malformed/);
  });

  it('refuses text/plain bodies with 415 rather than validating them', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/test-only/echo', headers: { 'content-type': 'text/plain' }, payload: 'hello' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const response = await t.request({ method: 'POST', url: '/test-only/echo', headers: { 'content-type': 'application/json' }, payload: '{"name": "Ada",' });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.detail).toMatch(/not valid JSON/);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ name: 'x'.repeat(t.config.http.bodyLimitBytes) });
    expectProblem(await t.request({ method: 'POST', url: '/test-only/echo', headers: { 'content-type': 'application/json' }, payload }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('accepts a body just under the limit (the limit is the configured one, not smaller)', async () => {
    const filler = 'x'.repeat(t.config.http.bodyLimitBytes - 100);
    const response = await t.request({ method: 'POST', url: '/test-only/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: filler, age: 1 }) });
    // Reaches validation (name too long), so the size check let it through.
    expectProblem(response, 400, 'VALIDATION_FAILED');
  });

  it('answers a wrong content type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectProblem(await t.request({ method: 'POST', url: '/test-only/echo', headers: { 'content-type': 'text/xml' }, payload: '<a/>' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('lists each invalid, missing or unknown field in errors', async () => {
    const response = await t.request({ method: 'POST', url: '/test-only/echo', payload: { name: '', age: 'seven', admin: true } });
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    const fields = (body.errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['admin', 'age', 'name']);
    for (const error of body.errors as { message: string }[]) expect(error.message).toEqual(expect.any(String));
  });

  it('passes a valid body through, converted by the schema', async () => {
    const response = await t.request({ method: 'POST', url: '/test-only/echo', payload: { name: 'Ada', age: 36 } });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ name: 'Ada', age: 36 });
  });

  it('answers an unexpected failure with 500 and a request id, leaking nothing internal', async () => {
    const response = await t.request({ method: 'GET', url: '/test-only/boom' });
    const body = expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(response.body).not.toMatch(/secret|SELECT|\/srv|\.ts|at /);
    expect(body.requestId).toEqual(expect.any(String));
    // The operator can still find the cause in the log, by request id.
    expect(t.logs.some((l) => l.reqId === body.requestId && l.level === 50)).toBe(true);
  });

  it('puts a request id on every response and keeps a well-formed incoming one', async () => {
    const ok = await t.request({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'trace-1234567890' } });
    expect(ok.headers['x-request-id']).toBe('trace-1234567890');
    const hostile = await t.request({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'bad id\nwith newline and spaces' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await t.request({ method: 'GET', url: '/nowhere' });
    expect(missing.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const response = await t.request({ method: 'GET', url: '/health/live' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('allows no cross-origin callers unless CORS_ORIGIN says so', async () => {
    const response = await t.request({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS_ORIGIN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGIN: 'https://app.ihosi.example, https://admin.ihosi.example' } });
  });
  afterAll(() => t.close());

  it('allows the listed origins and no others', async () => {
    const allowed = await t.request({ method: 'GET', url: '/health/live', headers: { origin: 'https://admin.ihosi.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.ihosi.example');
    const other = await t.request({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
