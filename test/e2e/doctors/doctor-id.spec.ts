import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../helpers/http.js';
import { nestRoutes } from '../../helpers/routes.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// Every route under /api/v1/doctors/:id, found by walking the app, so a route added later is
// held to the same answer (three controllers in two modules serve these paths).
describe('a doctor id that is not a UUID', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  function doctorIdRoutes(): { method: string; url: string }[] {
    return nestRoutes(t).filter((r) => r.url === '/api/v1/doctors/:id' || r.url.startsWith('/api/v1/doctors/:id/'));
  }

  it('finds the public doctor routes (profile, reviews, availability, appointment types, slots)', () => {
    expect(doctorIdRoutes().map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/doctors/:id',
        'GET /api/v1/doctors/:id/reviews',
        'GET /api/v1/doctors/:id/availability',
        'GET /api/v1/doctors/:id/appointment-types',
        'GET /api/v1/doctors/:id/slots',
      ]),
    );
  });

  it('is 404 NOT_FOUND on every /doctors/:id route, like an unknown id', async () => {
    const answers: string[] = [];
    for (const route of doctorIdRoutes()) {
      for (const bad of ['not-a-uuid', '123', "1' or '1'='1"]) {
        // The slots query is valid, so only the id can be what is refused.
        const query = route.url.endsWith('/slots') ? '?appointmentTypeId=6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11&from=2027-03-01&to=2027-03-02' : '';
        const url = route.url.replace(':id', encodeURIComponent(bad)) + query;
        const response = await t.request({ method: route.method as 'GET', url });
        answers.push(`${route.method} ${route.url} [${bad}] → ${response.statusCode} ${response.json<{ code?: string }>().code}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith('→ 404 NOT_FOUND'))).toEqual([]);
  });

  it('is the same 404 NOT_FOUND for an unknown well-formed id', async () => {
    for (const route of doctorIdRoutes()) {
      const query = route.url.endsWith('/slots') ? '?appointmentTypeId=6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11&from=2027-03-01&to=2027-03-02' : '';
      expectProblem(await t.request({ method: route.method as 'GET', url: route.url.replace(':id', '6f1c1c1e-8a47-4f5a-9a43-0d3c8e9d2b11') + query }), 404, 'NOT_FOUND');
    }
  });
});
