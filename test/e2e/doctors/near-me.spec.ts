import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../helpers/db.js';
import { adminToken, search, searchResponse, startDoctorsTestApp, walk } from '../../helpers/doctors.js';
import { createDoctor, profile, type TestDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';
import { DATABASE, type Database } from '../../../src/db/database.js';

/** A point in the South Pacific, different each run, so no other file's doctors are near it. */
const ORIGIN = { latitude: -55 + Math.random() * 5, longitude: -130 + Math.random() * 10 };
/** A point `km` kilometres due north of the origin (a degree of latitude is about 111.2 km). */
const north = (km: number) => ({ latitude: ORIGIN.latitude + km / 111.195, longitude: ORIGIN.longitude });
const NEAR = `${ORIGIN.latitude.toFixed(6)},${ORIGIN.longitude.toFixed(6)}`;
const place = (name: string, km: number | null) => ({ name, address: `${name} Street 1`, city: 'Nowhere', country: 'NZ', ...(km === null ? {} : north(km)) });

describe('near-me search', () => {
  let t: TestApp;
  const d: Record<string, TestDoctor> = {};
  const name = (id: string) => Object.entries(d).find(([, doc]) => doc.doctorId === id)?.[0] ?? id;
  const names = (page: { data: { id: string }[] }) => page.data.map((x) => name(x.id));

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    const admin = await adminToken(t);
    const make = async (key: string, locations: unknown[], overrides: Record<string, unknown> = {}, status?: 'pending') => {
      d[key] = await createDoctor(t, { admin, fullName: `Dr ${key}`, status, profile: profile({ locations, ...overrides }) });
    };
    await make('one', [place('One', 1)], { specialties: ['dermatology'] });
    await make('three', [place('Far side', 30), place('Close by', 3)], { specialties: ['cardiology'], bio: 'Heart rhythm.' });
    await make('twenty', [place('Twenty', 20)], { specialties: ['cardiology'] });
    await make('far', [place('Far', 200)]);
    await make('unlocated', [place('Somewhere', null)]);
    await make('pending', [place('Half', 0.5)], {}, 'pending');
    await queryRows(t, sql`update doctors set rating_average = 4.9, rating_count = 9 where id = ${d.twenty!.doctorId}`);
  });
  afterAll(() => t.close());

  it('finds doctors within the radius of their nearest practice, nearest first, each with the distance and that practice', async () => {
    const page = await search(t, { near: NEAR, radiusKm: 25 });
    expect(names(page)).toEqual(['one', 'three', 'twenty']);
    const [one, three, twenty] = page.data as unknown as { distanceKm: number; nearestLocation: { name: string; latitude: number } }[];
    expect(one!.distanceKm).toBeCloseTo(1, 1);
    expect(three!.distanceKm).toBeCloseTo(3, 1);
    expect(three!.nearestLocation.name).toBe('Close by');
    expect(twenty!.distanceKm).toBeCloseTo(20, 1);
  });

  it('narrows with a smaller radius and defaults to 50 km', async () => {
    expect(names(await search(t, { near: NEAR, radiusKm: 10 }))).toEqual(['one', 'three']);
    expect(names(await search(t, { near: NEAR }))).toEqual(['one', 'three', 'twenty']);
    expect(names(await search(t, { near: NEAR, radiusKm: 250 }))).toEqual(['one', 'three', 'twenty', 'far']);
  });

  it('pages by distance with the cursor, without repeats or gaps', async () => {
    expect((await walk(t, { near: NEAR, radiusKm: 250, limit: 1 })).map(name)).toEqual(['one', 'three', 'twenty', 'far']);
  });

  it('combines with free text, filters and other sorts', async () => {
    expect(names(await search(t, { near: NEAR, q: 'cardiology', sort: 'distance' }))).toEqual(['three', 'twenty']);
    expect(names(await search(t, { near: NEAR, q: 'cardiology' })).sort()).toEqual(['three', 'twenty']);
    expect(names(await search(t, { near: NEAR, specialty: 'cardiology', sort: 'distance' }))).toEqual(['three', 'twenty']);
    expect(names(await search(t, { near: NEAR, sort: 'rating' }))[0]).toBe('twenty');
    expect(names(await search(t, { near: NEAR, q: 'rhythm', radiusKm: 2 }))).toEqual([]);
  });

  it('says nothing of distance without near', async () => {
    const page = await search(t, { q: 'rhythm', specialty: 'cardiology' });
    const card = page.data.find((c) => c.id === d.three!.doctorId) as unknown as { distanceKm: unknown; nearestLocation: unknown };
    expect(card.distanceKm).toBeNull();
    expect(card.nearestLocation).toBeNull();
  });

  it('refuses a bad point, radius or a distance sort without a point', async () => {
    const queries: Record<string, string | number>[] = [{ near: '91,0' }, { near: '0,181' }, { near: 'here' }, { near: NEAR, radiusKm: 501 }, { near: NEAR, radiusKm: 0 }, { sort: 'distance' }, { radiusKm: 5 }];
    for (const query of queries) {
      expectProblem(await searchResponse(t, query), 400, 'VALIDATION_FAILED');
    }
  });

  it('finds the locations in the radius through the GiST index over the stored points', async () => {
    // A test database is small enough for a sequential scan to win; forbid it to see that the index fits the query.
    const plan = await t.app.get<Database>(DATABASE).db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = (await tx.execute(sql`explain select l.doctor_id from doctor_locations l where l.earth_point is not null
            and earth_box(ll_to_earth(${ORIGIN.latitude}::float8, ${ORIGIN.longitude}::float8), 5000::float8) @> l.earth_point`)) as unknown as { rows: Record<string, string>[] };
      return result.rows.map((row) => Object.values(row).join(' ')).join('\n');
    });
    expect(plan).toContain('doctor_locations_earth_idx');
  });
});
