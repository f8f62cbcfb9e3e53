import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_BOUNDS } from '../../src/common/errors/problem.schema.js';
import { ACCESS_TOKEN_MAX_LENGTH } from '../../src/modules/auth/dto/session.outputs.js';
import { METRICS_TEXT_MAX_LENGTH } from '../../src/modules/health/dto/health.outputs.js';
import { SPECIALTIES_MAX_COUNT, SPECIALTY_CODE_MAX_LENGTH, SPECIALTY_NAME_MAX_LENGTH } from '../../src/modules/specialties/dto/specialty.outputs.js';
import { registerUser } from '../helpers/auth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// The OpenAPI document bounds every string and array the API answers (docs/API.md, "The
// OpenAPI document"). Most bounds are the inputs' own; these are the ones that hold because of
// something else, checked against what the app really answers.

interface Problem {
  detail: string;
  errors: { field: string; message: string }[];
}

describe('response bounds the document states', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('keeps the specialty catalogue (written by migrations only) within its bounds', async () => {
    const specialties = (await t.request({ method: 'GET', url: '/api/v1/specialties' })).json() as { code: string; name: string }[];
    expect(specialties.length).toBeGreaterThan(0);
    expect(specialties.length).toBeLessThanOrEqual(SPECIALTIES_MAX_COUNT);
    expect(specialties.filter((s) => [...s.code].length > SPECIALTY_CODE_MAX_LENGTH || [...s.name].length > SPECIALTY_NAME_MAX_LENGTH)).toEqual([]);
  });

  it('answers a body with too many or too long unknown keys with a bounded list of field errors', async () => {
    const payload: Record<string, string> = { email: 'a@example.com', password: 'whatever' };
    for (let i = 0; i < 300; i++) payload[`extra${i}`] = 'x';
    payload['k'.repeat(5_000)] = 'x';
    const response = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload, remoteAddress: '198.51.100.60' });
    expect(response.statusCode).toBe(400);
    const problem = response.json() as Problem;
    expect(problem.errors).toHaveLength(PROBLEM_BOUNDS.fields);
    expect(problem.errors.every((e) => [...e.field].length <= PROBLEM_BOUNDS.field && [...e.message].length <= PROBLEM_BOUNDS.message)).toBe(true);
    expect([...problem.detail].length).toBeLessThanOrEqual(PROBLEM_BOUNDS.detail);
  });

  it('clips an over-long field path, and keeps its start', async () => {
    const key = 'k'.repeat(5_000);
    const response = await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com', password: 'whatever', [key]: 1 }, remoteAddress: '198.51.100.61' });
    const [error] = (response.json() as Problem).errors;
    expect(error?.field).toBe(`${'k'.repeat(PROBLEM_BOUNDS.field - 1)}…`);
  });

  it('issues access tokens within their documented length', async () => {
    const session = await registerUser(t, { fullName: 'N'.repeat(200) });
    expect(session.accessToken.length).toBeLessThanOrEqual(ACCESS_TOKEN_MAX_LENGTH);
  });

  it('answers /metrics far within its documented length', async () => {
    const response = await t.request({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body.length).toBeLessThan(METRICS_TEXT_MAX_LENGTH / 10);
  });
});
