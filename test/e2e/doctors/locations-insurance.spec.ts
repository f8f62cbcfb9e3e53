import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { adminToken, search, searchResponse, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createDoctor, patchMe, profile, type TestDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';

const CITY = `Harbour-${randomBytes(4).toString('hex')}`;
const mitte = { name: 'Praxis Mitte', address: 'Torstraße 1', city: CITY, country: 'DE', postalCode: '10119', latitude: 52.5297, longitude: 13.4015, phone: '+49 30 1234567', accessibilityNotes: 'Step-free entrance' };
const kreuzberg = { name: 'Praxis Kreuzberg', address: 'Oranienstraße 2', city: CITY, country: 'DE' };

interface Plan {
  id: string;
  payer: string;
  plan: string;
}

describe('practice locations and insurance plans', () => {
  let t: TestApp;
  let admin: string;
  let doctor: TestDoctor;
  let plans: Plan[];
  const me = async () => (await t.request({ method: 'GET', url: '/api/v1/doctors/me', headers: bearer(doctor.token) })).json();
  const addPlan = (payload: unknown, token = admin) => t.request({ method: 'POST', url: '/api/v1/admin/insurance-plans', headers: bearer(token), payload: payload as Record<string, unknown> });

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
    doctor = await createDoctor(t, { admin, profile: profile({ locations: [mitte, kreuzberg] }) });
    plans = (await t.request({ method: 'GET', url: '/api/v1/insurance-plans' })).json() as Plan[];
  });
  afterAll(() => t.close());

  describe('locations', () => {
    it('stores every field and returns it on the public profile', async () => {
      const body = (await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).json();
      expect(body.locations).toEqual([
        { id: expect.any(String), ...mitte },
        { id: expect.any(String), ...kreuzberg, postalCode: null, latitude: null, longitude: null, phone: null, accessibilityNotes: null },
      ]);
    });

    it('keeps the id of a location sent back with it, updates it in place, and removes the ones left out', async () => {
      const [first] = (await me()).locations as { id: string }[];
      const moved = { ...mitte, id: first!.id, city: `${CITY}-new`, phone: null };
      const response = await patchMe(t, doctor.token, { locations: [kreuzberg, moved] });
      expect(response.statusCode, response.body).toBe(200);
      const locations = response.json().locations as { id: string; city: string; phone: string | null }[];
      expect(locations).toHaveLength(2);
      expect(locations[1]).toMatchObject({ id: first!.id, city: `${CITY}-new`, phone: null });
      expect(locations[0]!.id).not.toBe(first!.id);
      // The city filter follows a city changed in place (trigger of migration 0030).
      expect((await search(t, { city: `${CITY}-new` })).data.map((c) => c.id)).toEqual([doctor.doctorId]);
      await patchMe(t, doctor.token, { locations: [mitte, kreuzberg] });
    });

    it('refuses coordinates out of range or alone, a bad phone, and an id that is not one of the doctor’s locations', async () => {
      for (const location of [
        { ...kreuzberg, latitude: 91, longitude: 0 },
        { ...kreuzberg, latitude: 0, longitude: -181 },
        { ...kreuzberg, latitude: 52.5 },
        { ...kreuzberg, phone: 'call me' },
        { ...kreuzberg, id: '00000000-0000-4000-8000-000000000000' },
      ]) {
        expectProblem(await patchMe(t, doctor.token, { locations: [location] }), 400, 'VALIDATION_FAILED');
      }
      expect((await me()).locations).toHaveLength(2);
    });
  });

  describe('insurance plans', () => {
    it('lists a seeded catalogue to anyone', () => {
      expect(plans.length).toBeGreaterThanOrEqual(30);
      expect(plans).toContainEqual({ id: expect.any(String), payer: 'Bupa', plan: 'Global Health Plan' });
    });

    it('lets a doctor declare accepted plans, in order, shown on the profile and matched by the filter', async () => {
      const chosen = [plans[3]!, plans[0]!];
      const response = await patchMe(t, doctor.token, { insurancePlanIds: chosen.map((p) => p.id) });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().insurancePlans).toEqual(chosen);
      expect((await search(t, { city: CITY, insurancePlan: plans[0]!.id })).data.map((c) => c.id)).toEqual([doctor.doctorId]);
      expect((await search(t, { city: CITY, insurancePlan: plans[5]!.id })).data).toEqual([]);
    });

    it('refuses an unknown or repeated plan', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expectProblem(await patchMe(t, doctor.token, { insurancePlanIds: [unknown] }), 400, 'VALIDATION_FAILED');
      expectProblem(await patchMe(t, doctor.token, { insurancePlanIds: [plans[0]!.id, plans[0]!.id] }), 400, 'VALIDATION_FAILED');
      expectProblem(await searchResponse(t, { insurancePlan: unknown }), 400, 'VALIDATION_FAILED');
    });

    it('lets only admins add plans, each payer and plan once whatever the case', async () => {
      const payer = `Payer ${randomBytes(3).toString('hex')}`;
      expectProblem(await addPlan({ payer, plan: 'Gold' }, doctor.token), 403, 'FORBIDDEN');
      const created = await addPlan({ payer, plan: 'Gold' });
      expect(created.statusCode, created.body).toBe(201);
      expectProblem(await addPlan({ payer: payer.toUpperCase(), plan: 'gold' }), 409, 'INSURANCE_PLAN_EXISTS');
      const listed = (await t.request({ method: 'GET', url: '/api/v1/insurance-plans' })).json() as Plan[];
      expect(listed).toContainEqual(created.json());
    });

    it('shows a renamed plan on profiles at once, and a removed one nowhere', async () => {
      const created = (await addPlan({ payer: `Renamed ${randomBytes(3).toString('hex')}`, plan: 'Silver' })).json() as Plan;
      await patchMe(t, doctor.token, { insurancePlanIds: [created.id] });
      const profileOf = async () => (await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).json();
      expect((await profileOf()).insurancePlans).toEqual([created]); // now cached
      const renamed = await t.request({ method: 'PATCH', url: `/api/v1/admin/insurance-plans/${created.id}`, headers: bearer(admin), payload: { plan: 'Platinum' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect((await profileOf()).insurancePlans).toEqual([{ ...created, plan: 'Platinum' }]);
      const removed = await t.request({ method: 'DELETE', url: `/api/v1/admin/insurance-plans/${created.id}`, headers: bearer(admin) });
      expect(removed.statusCode).toBe(204);
      expect((await profileOf()).insurancePlans).toEqual([]);
      expectProblem(await t.request({ method: 'DELETE', url: `/api/v1/admin/insurance-plans/${created.id}`, headers: bearer(admin) }), 404, 'NOT_FOUND');
    });
  });
});
