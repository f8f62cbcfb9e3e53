import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryCache } from '../../../src/modules/doctors/directory.cache.js';
import { queryRows } from '../../helpers/db.js';
import { adminToken, search, searchResponse, startDoctorsTestApp, verify, walk } from '../../helpers/doctors.js';
import { createDoctor, patchMe, profile, type TestDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { withTagTampered } from '../../helpers/pages.js';
import type { TestApp } from '../../helpers/test-app.js';

/** Unique per run, so the city filter isolates this file's doctors from any others. */
const CITY = `Lakeside-${randomBytes(4).toString('hex')}`;
const OTHER_CITY = `Hillview-${randomBytes(4).toString('hex')}`;
const at = (city: string) => [{ name: 'Clinic', address: '1 Main St', city, country: 'KE' }];
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe('doctor search', () => {
  let t: TestApp;
  let admin: string;
  const d: Record<string, TestDoctor> = {};
  const ids = (page: { data: { id: string }[] }) => page.data.map((x) => x.id);
  const name = (id: string) => Object.entries(d).find(([, doc]) => doc.doctorId === id)?.[0] ?? id;
  const names = (page: { data: { id: string }[] }) => ids(page).map(name);

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
    const make = (key: string, fullName: string, overrides: Record<string, unknown>, status?: 'pending') =>
      createDoctor(t, { admin, fullName, status, profile: profile({ locations: at(CITY), ...overrides }) }).then((doc) => (d[key] = doc));
    await make('john', 'John Okonkwo', { specialties: ['cardiology'], bio: 'Treats hypertension and heart failure.', languages: ['en', 'ig'], consultationFee: { amount: 3000, currency: 'NGN' }, consultationModes: ['in_person'] });
    await make('maria', 'María García', { specialties: ['dermatology'], bio: 'Skin care, acne and eczema.', languages: ['es', 'en'], consultationFee: { amount: 8000, currency: 'EUR' }, consultationModes: ['video'], locations: [...at(CITY), ...at(OTHER_CITY)] });
    await make('wei', 'Wei Zhang', { specialties: ['pediatrics'], bio: 'Asthma and allergies in children.', languages: ['zh', 'en'], consultationFee: { amount: 5000, currency: 'CNY' }, consultationModes: ['in_person', 'video'] });
    await make('aisha', 'Aisha Bello', { specialties: ['cardiology', 'neurology'], bio: 'Stroke prevention.', languages: ['ha', 'en'], consultationFee: { amount: 12000, currency: 'USD' }, consultationModes: ['video'] });
    await make('priya', 'Priya Sharma', { specialties: ['radiology'], bio: 'Trained at the John Radcliffe Hospital.', languages: ['hi', 'en'], consultationFee: null, consultationModes: ['in_person'] });
    await make('samuel', 'Samuel Kariuki', { specialties: ['endocrinology'], bio: 'Diabetis and thyroid care.', languages: ['sw'], consultationFee: { amount: 4000, currency: 'KES' }, consultationModes: ['in_person'] });
    await make('johanna', 'Johanna Schmidt', { specialties: ['cardiology'], bio: 'Heart rhythm.', languages: ['de'] }, 'pending');
    // Ratings and availability belong to the scheduling feature; set them as it would.
    const set = (key: string, average: number, count: number, next: string | null) =>
      queryRows(t, sql`update doctors set rating_average = ${average}, rating_count = ${count}, next_available_at = ${next}::timestamptz where id = ${d[key]!.doctorId}`);
    await set('john', 4.8, 20, days(2));
    await set('maria', 4.2, 10, days(1));
    await set('aisha', 4.8, 5, days(3));
    await set('priya', 3.5, 4, null);
    await set('samuel', 0, 0, days(4));
    await t.app.get(DirectoryCache).invalidate();
  });
  afterAll(() => t.close());

  describe('text and typos', () => {
    it('finds a specialty despite a typo (cardiolgy → cardiology)', async () => {
      const page = await search(t, { q: 'cardiolgy', city: CITY });
      expect(names(page).sort()).toEqual(['aisha', 'john']);
    });

    it('finds a name despite a typo (Jonh → John), and never an unverified doctor', async () => {
      const page = await search(t, { q: 'Jonh', city: CITY });
      expect(names(page)[0]).toBe('john');
      expect(names(page)).not.toContain('johanna');
    });

    it('finds a bio word spelt wrongly in the query (astma → asthma) or in the bio (diabetes → diabetis)', async () => {
      expect(names(await search(t, { q: 'astma', city: CITY }))).toEqual(['wei']);
      expect(names(await search(t, { q: 'diabetes', city: CITY }))).toEqual(['samuel']);
    });

    it('is case- and accent-insensitive as written, matches prefixes and needs every word', async () => {
      expect(names(await search(t, { q: 'MARÍA', city: CITY }))).toEqual(['maria']);
      expect(names(await search(t, { q: 'derma', city: CITY }))).toEqual(['maria']);
      expect(names(await search(t, { q: 'aisha stroke', city: CITY }))).toEqual(['aisha']);
      expect(names(await search(t, { q: 'aisha eczema', city: CITY }))).toEqual([]);
    });

    it('weighs a name above a bio mention (John the doctor before a bio naming John Radcliffe)', async () => {
      expect(names(await search(t, { q: 'john', city: CITY }))).toEqual(['john', 'priya']);
    });

    it('ranks specialty matches above bio-only matches', async () => {
      await patchMe(t, d.priya!.token, { bio: 'Trained at the John Radcliffe Hospital. Reads neurology scans.' });
      const page = await search(t, { q: 'neurology', city: CITY });
      expect(names(page)).toEqual(['aisha', 'priya']);
    });

    it('follows a rename made through PATCH /auth/me (the search document is kept by a trigger)', async () => {
      expect(names(await search(t, { q: 'Wambui', city: CITY }))).toEqual([]);
      const renamed = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${d.samuel!.token}` }, payload: { fullName: 'Samuel Wambui' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      // A rename sends the profile back to verification (identity-reverification.spec.ts); once verified again it is found by the new name.
      expect(names(await search(t, { q: 'Wambui', city: CITY }))).toEqual([]);
      expect((await verify(t, admin, d.samuel!.doctorId)).statusCode).toBe(200);
      expect(names(await search(t, { q: 'Wambui', city: CITY }))).toEqual(['samuel']);
      expect((await search(t, { q: 'Wambui', city: CITY })).data[0]!.fullName).toBe('Samuel Wambui');
    });

    it('treats SQL- and tsquery-looking text as plain words', async () => {
      for (const q of ["'; drop table doctors; --", "cardiology' or '1'='1", 'ab & cd | !ef:* <-> (gh)', 'ﾃｽﾄ \u0000 😀']) {
        const response = await searchResponse(t, { q, city: CITY });
        expect(response.statusCode, `${q}: ${response.body}`).toBe(200);
        expect(response.json().data, q).toEqual([]);
      }
      // No word at all (only punctuation) is no text condition, like an empty q.
      expect((await searchResponse(t, { q: "%_\\'--", city: CITY })).statusCode).toBe(200);
      const [row] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from doctors`);
      expect(row!.n).toBeGreaterThanOrEqual(7);
    });
  });

  describe('filters', () => {
    it('by specialty code, and 400 naming an unknown one', async () => {
      expect(names(await search(t, { specialty: 'cardiology', city: CITY })).sort()).toEqual(['aisha', 'john']);
      const body = expectProblem(await searchResponse(t, { specialty: 'wizardry' }), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field: 'specialty', message: expect.stringContaining('"wizardry"') }]);
    });

    it('by language (ISO 639-1), and 400 for an unknown code', async () => {
      expect(names(await search(t, { language: 'ha', city: CITY }))).toEqual(['aisha']);
      expectProblem(await searchResponse(t, { language: 'xx' }), 400, 'VALIDATION_FAILED');
    });

    it('by city, case-insensitively', async () => {
      expect(names(await search(t, { city: OTHER_CITY.toUpperCase() }))).toEqual(['maria']);
    });

    it('by consultation mode', async () => {
      expect(names(await search(t, { mode: 'video', city: CITY })).sort()).toEqual(['aisha', 'maria', 'wei']);
      expectProblem(await searchResponse(t, { mode: 'phone' }), 400, 'VALIDATION_FAILED');
    });

    it('by maximum fee (inclusive; doctors without a fee are left out)', async () => {
      expect(names(await search(t, { maxFee: 5000, city: CITY })).sort()).toEqual(['john', 'samuel', 'wei']);
      for (const bad of ['-1', '1.5', 'abc', '10000001']) expectProblem(await searchResponse(t, { maxFee: bad }), 400, 'VALIDATION_FAILED');
    });

    it('by minimum rating', async () => {
      expect(names(await search(t, { minRating: 4.5, city: CITY })).sort()).toEqual(['aisha', 'john']);
      expect(names(await search(t, { minRating: '4.25', city: CITY })).sort()).toEqual(['aisha', 'john']);
      for (const bad of ['6', '-1', 'x']) expectProblem(await searchResponse(t, { minRating: bad }), 400, 'VALIDATION_FAILED');
    });

    it('combines filters with text', async () => {
      expect(names(await search(t, { q: 'cardiolgy', language: 'ha', mode: 'video', city: CITY }))).toEqual(['aisha']);
    });

    it('refuses unknown parameters and out-of-range limits', async () => {
      expectProblem(await searchResponse(t, { color: 'red' }), 400, 'VALIDATION_FAILED');
      for (const limit of ['0', '101', 'x', '']) expectProblem(await searchResponse(t, { limit }), 400, 'VALIDATION_FAILED');
      expectProblem(await searchResponse(t, { sort: 'price' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('sorts', () => {
    it('by rating: highest average first, then more reviews, then id (the default without q)', async () => {
      const expected = ['john', 'aisha', 'maria', 'priya'];
      expect(names(await search(t, { sort: 'rating', city: CITY })).slice(0, 4)).toEqual(expected);
      expect(names(await search(t, { city: CITY })).slice(0, 4)).toEqual(expected);
      expect(names(await search(t, { sort: 'relevance', city: CITY })).slice(0, 4)).toEqual(expected);
    });

    it('by fee: lowest first, doctors without a fee last', async () => {
      expect(names(await search(t, { sort: 'fee', city: CITY }))).toEqual(['john', 'samuel', 'wei', 'maria', 'aisha', 'priya']);
    });

    it('by next availability: soonest first, never-available last', async () => {
      const order = names(await search(t, { sort: 'nextAvailable', city: CITY }));
      expect(order.slice(0, 4)).toEqual(['maria', 'john', 'aisha', 'samuel']);
      expect(order.slice(4).sort()).toEqual(['priya', 'wei']);
    });

    it('returns cards: no licence number or qualifications, with nextAvailableAt', async () => {
      const [card] = (await search(t, { q: 'Okonkwo', city: CITY })).data;
      expect(card).toMatchObject({ id: d.john!.doctorId, fullName: 'John Okonkwo', specialties: [{ code: 'cardiology', name: 'Cardiology' }], consultationFee: { amount: 3000, currency: 'NGN' }, rating: { average: 4.8, count: 20 }, nextAvailableAt: expect.stringMatching(/Z$/) });
      expect(card).not.toHaveProperty('licenseNumber');
      expect(card).not.toHaveProperty('qualifications');
    });
  });

  describe('pagination', () => {
    const everyone = () => ['john', 'maria', 'wei', 'aisha', 'priya', 'samuel'].map((k) => d[k]!.doctorId).sort();

    it.each(['relevance', 'rating', 'fee', 'nextAvailable'])('walks every page of sort=%s with no duplicates or gaps', async (sort) => {
      const query: Record<string, string> = sort === 'relevance' ? { q: 'care heart john stroke asthma skin', sort } : { sort };
      const walked = await walk(t, { ...query, city: CITY, limit: 2 });
      if (sort !== 'relevance') expect([...walked].sort()).toEqual(everyone());
      expect(new Set(walked).size).toBe(walked.length);
      const single = ids(await search(t, { ...query, city: CITY, limit: 100 }));
      expect(walked).toEqual(single);
    });

    it('sees every doctor exactly once while doctors are added and profiles edited between pages', async () => {
      const before = everyone();
      const added: string[] = [];
      const walked = await walk(t, { sort: 'fee', city: CITY, limit: 1 }, async (page) => {
        added.push((await createDoctor(t, { admin, fullName: `New Doctor ${page}`, profile: profile({ locations: at(CITY), consultationFee: { amount: 100 + page, currency: 'KES' } }) })).doctorId);
        await patchMe(t, d.wei!.token, { bio: `Asthma and allergies in children (edit ${page}).` });
      });
      expect(new Set(walked).size).toBe(walked.length);
      for (const id of before) expect(walked.filter((x) => x === id)).toHaveLength(1);
      // Cheaper doctors added behind the cursor are not seen by this walk, and nothing else appears.
      expect(walked.filter((x) => !before.includes(x) && !added.includes(x))).toEqual([]);
      for (const id of added) await t.request({ method: 'PATCH', url: `/api/v1/admin/doctors/${id}/verification`, headers: { authorization: `Bearer ${admin}` }, payload: { status: 'rejected' } });
    });

    it('answers 400 to a garbage, tampered or foreign cursor', async () => {
      const first = await search(t, { sort: 'rating', city: CITY, limit: 2 });
      const cursor = first.nextCursor!;
      expect(cursor).toEqual(expect.any(String));
      const [body, tag] = cursor.split('.');
      const decoded = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { k: string[]; i: string };
      const forged = Buffer.from(JSON.stringify({ ...decoded, k: ['5.00', '999'] })).toString('base64url');
      for (const bad of ['garbage', `${forged}.${tag}`, withTagTampered(cursor), `${body}`, `${cursor}.x`, '%%%']) {
        const problem = expectProblem(await searchResponse(t, { sort: 'rating', city: CITY, limit: 2, cursor: bad }), 400, 'VALIDATION_FAILED');
        expect(problem.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
      // A cursor belongs to its query: another sort or filter refuses it.
      expectProblem(await searchResponse(t, { sort: 'fee', city: CITY, limit: 2, cursor }), 400, 'VALIDATION_FAILED');
      expectProblem(await searchResponse(t, { sort: 'rating', city: OTHER_CITY, limit: 2, cursor }), 400, 'VALIDATION_FAILED');
      expect((await searchResponse(t, { sort: 'rating', city: CITY, limit: 5, cursor })).statusCode).toBe(200);
    });

    it('defaults to 20 per page', async () => {
      for (let i = 0; i < 15; i++) {
        await createDoctor(t, { admin, fullName: `Filler ${i}`, profile: profile({ locations: at(`Fill-${CITY}`) }) });
      }
      const page = await search(t, { city: `Fill-${CITY}` });
      expect(page.data).toHaveLength(15);
      expect(page.nextCursor).toBeNull();
      const all = await search(t, {});
      expect(all.data).toHaveLength(20);
      expect(all.nextCursor).toEqual(expect.any(String));
    });
  });
});
