import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../helpers/db.js';
import { adminToken, search, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createDoctor, patchMe, profile, verify, type TestDoctor } from '../../helpers/factories.js';
import { onRealPostgres, realRedisUrl, uniqueName } from '../../helpers/lanes.js';
import type { TestApp } from '../../helpers/test-app.js';

const city = () => `Cachetown-${randomBytes(4).toString('hex')}`;
const getDoctor = (t: TestApp, id: string) => t.request({ method: 'GET', url: `/api/v1/doctors/${id}` });

describe('directory cache', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  it('serves repeated reads from the cache (a change made behind the app is not seen yet)', async () => {
    const where = city();
    const doctor = await createDoctor(t, { admin, profile: profile({ bio: 'Original bio', locations: [{ name: 'C', address: 'A', city: where, country: 'KE' }] }) });
    expect((await getDoctor(t, doctor.doctorId)).json().bio).toBe('Original bio');
    expect((await search(t, { city: where })).data[0]!.bio).toBe('Original bio');
    await queryRows(t, sql`update doctors set bio = 'Changed behind the app' where id = ${doctor.doctorId}`);
    expect((await getDoctor(t, doctor.doctorId)).json().bio).toBe('Original bio');
    expect((await search(t, { city: where })).data[0]!.bio).toBe('Original bio');
  });

  it('shows a profile update at once, in profile reads and in searches', async () => {
    const where = city();
    const doctor = await createDoctor(t, { admin, profile: profile({ bio: 'Before', locations: [{ name: 'C', address: 'A', city: where, country: 'KE' }] }) });
    expect((await getDoctor(t, doctor.doctorId)).json().bio).toBe('Before');
    expect((await search(t, { city: where })).data.map((x) => x.bio)).toEqual(['Before']);
    expect((await search(t, { q: 'ophthalmology', city: where })).data).toEqual([]);

    await patchMe(t, doctor.token, { bio: 'After', specialties: ['ophthalmology'] });
    expect((await getDoctor(t, doctor.doctorId)).json().bio).toBe('After');
    expect((await search(t, { city: where })).data.map((x) => x.bio)).toEqual(['After']);
    expect((await search(t, { q: 'ophthalmology', city: where })).data.map((x) => x.id)).toEqual([doctor.doctorId]);
  });

  it('shows a verification decision at once', async () => {
    const where = city();
    const doctor = await createDoctor(t, { admin, profile: profile({ locations: [{ name: 'C', address: 'A', city: where, country: 'KE' }] }) });
    expect((await getDoctor(t, doctor.doctorId)).statusCode).toBe(200);
    expect((await search(t, { city: where })).data).toHaveLength(1);
    await verify(t, admin, doctor.doctorId, 'rejected');
    expect((await getDoctor(t, doctor.doctorId)).statusCode).toBe(404);
    expect((await search(t, { city: where })).data).toHaveLength(0);
  });
});

describe.runIf(onRealPostgres && realRedisUrl)('directory cache shared by two instances (Redis)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let doctor: TestDoctor;
  const where = city();
  beforeAll(async () => {
    const shared = { REDIS_KEY_PREFIX: `${uniqueName('doctors')}:` };
    a = await startDoctorsTestApp({ env: shared });
    b = await startDoctorsTestApp({ env: shared, databaseUrl: a.databaseUrl });
    admin = await adminToken(a);
    doctor = await createDoctor(a, { admin, profile: profile({ bio: 'Version one', locations: [{ name: 'C', address: 'A', city: where, country: 'KE' }] }) });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('an update through instance A is read fresh through instance B', async () => {
    // Both instances have the old version cached.
    for (const t of [a, b]) {
      expect((await getDoctor(t, doctor.doctorId)).json().bio).toBe('Version one');
      expect((await search(t, { city: where })).data[0]!.bio).toBe('Version one');
    }
    expect((await patchMe(a, doctor.token, { bio: 'Version two' })).statusCode).toBe(200);
    expect((await getDoctor(b, doctor.doctorId)).json().bio).toBe('Version two');
    expect((await search(b, { city: where })).data[0]!.bio).toBe('Version two');

    await verify(b, admin, doctor.doctorId, 'rejected');
    expect((await getDoctor(a, doctor.doctorId)).statusCode).toBe(404);
    expect((await search(a, { city: where })).data).toEqual([]);
  });
});
