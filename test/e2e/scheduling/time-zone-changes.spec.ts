import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import { twoInstancesSharingTheDatabase } from '../../helpers/instances.js';
import { onRealPostgres, realRedisUrl } from '../../helpers/lanes.js';
import { setNow, slotStarts } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { type BookableDoctor, createBookableDoctor } from '../../helpers/factories.js';

// A Sunday: the doctor's next opening is Monday 09:00 in whatever zone they work in.
const NOW = '2027-02-28T00:00:00.000Z';
const MONDAY = [{ day: 'monday', start: '09:00', end: '10:00' }];
/** Monday 2027-03-08, 09:00 and 09:30 in UTC, and the same wall times in Tokyo (UTC+9). */
const IN_UTC = ['2027-03-08T09:00:00.000Z', '2027-03-08T09:30:00.000Z'];
const IN_TOKYO = ['2027-03-08T00:00:00.000Z', '2027-03-08T00:30:00.000Z'];

type ZoneChange = (t: TestApp, doctor: Pick<BookableDoctor, 'token'>, zone: string, weekly?: typeof MONDAY) => Promise<Response>;

/** The two endpoints that set a doctor's zone (PUT replaces the hours too: with `weekly`, Mondays by default). */
const ENDPOINTS: [string, ZoneChange][] = [
  [
    'PUT /doctors/me/availability',
    (t, doctor, zone, weekly = MONDAY) => t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(doctor.token), payload: { timezone: zone, weekly } }),
  ],
  ['PATCH /doctors/me', (t, doctor, zone) => t.request({ method: 'PATCH', url: '/api/v1/doctors/me', headers: bearer(doctor.token), payload: { timezone: zone } })],
];

const word = () => `Zone${randomBytes(4).toString('hex')}`;

async function storedZone(t: TestApp, doctorId: string): Promise<string> {
  return (await queryRows<{ timezone: string }>(t, sql`select timezone from doctors where id = ${doctorId}`))[0]!.timezone;
}

async function card(t: TestApp, name: string): Promise<{ id: string; timezone: string; nextAvailableAt: string | null }> {
  const response = await t.request({ method: 'GET', url: `/api/v1/doctors?q=${name}` });
  expect(response.statusCode, response.body).toBe(200);
  const [found] = response.json().data as { id: string; timezone: string; nextAvailableAt: string | null }[];
  return found!;
}

describe('a doctor’s time zone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  it.each(ENDPOINTS)('%s stores the canonical IANA name (asia/tokyo → Asia/Tokyo) and answers it', async (_name, change) => {
    const doctor = await createBookableDoctor(t, { weekly: MONDAY });
    const response = await change(t, doctor, 'asia/tokyo');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().timezone).toBe('Asia/Tokyo');
    expect(await storedZone(t, doctor.doctorId)).toBe('Asia/Tokyo');
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors/me/availability', headers: bearer(doctor.token) })).json().timezone).toBe('Asia/Tokyo');
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).json().timezone).toBe('Asia/Tokyo');
  });

  it.each(ENDPOINTS)('%s refuses an unknown zone with 400 naming the field, changing nothing', async (_name, change) => {
    const doctor = await createBookableDoctor(t, { weekly: MONDAY, timezone: 'Europe/Berlin' });
    for (const zone of ['Europe/Atlantis', 'asia/tokyo ', '', 'Asia/Tokyo/../Berlin', 42]) {
      const problem = expectProblem(await change(t, doctor, zone as string), 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'timezone' })]);
    }
    expect(await storedZone(t, doctor.doctorId)).toBe('Europe/Berlin');
  });

  it('slot queries take the zone through the same schema: canonical in the answer, unknown is 400', async () => {
    const doctor = await createBookableDoctor(t, { weekly: MONDAY });
    const query = (zone: string) => t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?appointmentTypeId=${doctor.typeId}&from=2027-03-08&to=2027-03-08&timezone=${zone}` });
    const answered = await query('asia/tokyo');
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().timezone).toBe('Asia/Tokyo');
    expectProblem(await query('Mars/Olympus'), 400, 'VALIDATION_FAILED');
  });

  it.each(ENDPOINTS)('after a change through %s, slots and nextAvailableAt follow the new zone at once (caches warmed first)', async (_name, change) => {
    const name = word();
    const doctor = await createBookableDoctor(t, { weekly: MONDAY, fullName: `Dr ${name}` });
    // Warm every cache that could hold the old zone: slots in the doctor's zone and in an explicit one, the card, the profile.
    expect(await slotStarts(t, doctor, '2027-03-08')).toEqual(IN_UTC);
    expect(await slotStarts(t, doctor, '2027-03-08', '2027-03-08', 'UTC')).toEqual(IN_UTC);
    expect(await card(t, name)).toMatchObject({ id: doctor.doctorId, timezone: 'UTC', nextAvailableAt: '2027-03-01T09:00:00.000Z' });
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).json().timezone).toBe('UTC');

    expect((await change(t, doctor, 'asia/tokyo')).statusCode).toBe(200);

    const slots = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?appointmentTypeId=${doctor.typeId}&from=2027-03-08&to=2027-03-08` });
    expect(slots.json()).toMatchObject({ timezone: 'Asia/Tokyo', slots: IN_TOKYO.map((start, i) => ({ start, end: [IN_TOKYO[1], '2027-03-08T01:00:00.000Z'][i] })) });
    expect(await slotStarts(t, doctor, '2027-03-08', '2027-03-08', 'UTC')).toEqual(IN_TOKYO);
    const [row] = await queryRows<{ at: Date | string | null }>(t, sql`select next_available_at as at from doctors where id = ${doctor.doctorId}`);
    expect(new Date(row!.at!).toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(await card(t, name)).toMatchObject({ timezone: 'Asia/Tokyo', nextAvailableAt: '2027-03-01T00:00:00.000Z' });
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).json().timezone).toBe('Asia/Tokyo');
  });

  it.each(ENDPOINTS)('after a change through %s, the profile shows the new zone at once even when the next opening stays the same', async (_name, change) => {
    const session = await registerUser(t, { role: 'doctor' });
    const [row] = await queryRows<{ id: string }>(t, sql`update doctors set verification_status = 'verified' where user_id = ${session.user.id} returning id`);
    const doctor = { token: session.accessToken };
    const profile = () => t.request({ method: 'GET', url: `/api/v1/doctors/${row!.id}` });
    // No hours at all: nextAvailableAt is null before and after.
    expect((await t.request({ method: 'PUT', url: '/api/v1/doctors/me/availability', headers: bearer(doctor.token), payload: { weekly: [] } })).statusCode).toBe(200);
    expect((await profile()).json().timezone).toBe('UTC');
    const changed = await change(t, doctor, 'America/Lima', []);
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await profile()).json().timezone).toBe('America/Lima');
  });

  it('migration 0021 gives zones stored as typed before this fix their proper spelling', async () => {
    const doctor = await createBookableDoctor(t, { weekly: MONDAY });
    await queryRows(t, sql`update doctors set timezone = 'asia/tokyo' where id = ${doctor.doctorId}`);
    const migration = readFileSync(new URL('../../../src/db/migrations/0021_doctor_timezone_canonical.sql', import.meta.url), 'utf8');
    await queryRows(t, sql.raw(migration));
    expect(await storedZone(t, doctor.doctorId)).toBe('Asia/Tokyo');
  });
});

// PostgreSQL and Redis as in production: the change is made on one instance, read on another that had it cached.
describe.runIf(onRealPostgres && realRedisUrl)('a doctor’s time zone across two instances (PostgreSQL + Redis)', () => {
  const instances = twoInstancesSharingTheDatabase(NOW);

  it.each(ENDPOINTS)('a change through %s on one instance is in the other’s next slots and card', async (_name, change) => {
    const { first: a, second: b } = instances;
    const name = word();
    const doctor = await createBookableDoctor(a, { weekly: MONDAY, fullName: `Dr ${name}` });
    for (const t of [a, b]) {
      expect(await slotStarts(t, doctor, '2027-03-08', '2027-03-08', 'UTC')).toEqual(IN_UTC);
      expect(await card(t, name)).toMatchObject({ timezone: 'UTC', nextAvailableAt: '2027-03-01T09:00:00.000Z' });
    }
    expect((await change(a, doctor, 'Asia/Tokyo')).statusCode).toBe(200);
    expect(await slotStarts(b, doctor, '2027-03-08', '2027-03-08', 'UTC')).toEqual(IN_TOKYO);
    expect(await slotStarts(b, doctor, '2027-03-08')).toEqual(IN_TOKYO);
    expect(await card(b, name)).toMatchObject({ timezone: 'Asia/Tokyo', nextAvailableAt: '2027-03-01T00:00:00.000Z' });
  });
});
