import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createBookableDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import { setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';

// Issue 12: the three lists that were answered whole are bounded, as the document now says
// (maxItems): a cap on what is written, and the list shows only what the cap counts.
describe('bounded doctor lists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  const types = (doctorId: string, n: number, active: boolean, changedFrom = '2027-01-01T00:00:00Z') =>
    queryRows(
      t,
      sql`insert into appointment_types (doctor_id, name, duration_minutes, mode, active, created_at, updated_at)
          select ${doctorId}, 'Type ' || i, 30, 'in_person', ${active}, ${changedFrom}::timestamptz + i * interval '1 minute', ${changedFrom}::timestamptz + i * interval '1 minute'
          from generate_series(1, ${n}) i`,
    );

  it('keeps at most 50 active appointment types: a create or a reactivation beyond is 400, the public list holds 50', async () => {
    const doctor = await createBookableDoctor(t);
    const [{ n }] = (await queryRows<{ n: number }>(t, sql`select count(*)::int as n from appointment_types where doctor_id = ${doctor.doctorId} and active`)) as [{ n: number }];
    await types(doctor.doctorId, 49 - n, true);
    const create = (name: string) => t.request({ method: 'POST', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token), payload: { name, durationMinutes: 30, mode: 'in_person' } });
    const fiftieth = await create('Fiftieth');
    expect(fiftieth.statusCode, fiftieth.body).toBe(201);
    const refused = await create('One too many');
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(refused.json().errors).toEqual([{ field: 'name', message: 'at most 50 active appointment types' }]);
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/appointment-types` })).json()).toHaveLength(50);

    // Deactivating one makes room; reactivating it while full again is refused the same way.
    const id = fiftieth.json().id as string;
    expect((await t.request({ method: 'DELETE', url: `/api/v1/doctors/me/appointment-types/${id}`, headers: bearer(doctor.token) })).statusCode).toBe(204);
    expect((await create('In its place')).statusCode).toBe(201);
    const reactivate = await t.request({ method: 'PATCH', url: `/api/v1/doctors/me/appointment-types/${id}`, headers: bearer(doctor.token), payload: { active: true } });
    expectProblem(reactivate, 400, 'VALIDATION_FAILED');
    expect(reactivate.json().errors).toEqual([{ field: 'active', message: 'at most 50 active appointment types' }]);
    // A change that does not reactivate is not counted; an unknown id is still 404.
    expect((await t.request({ method: 'PATCH', url: `/api/v1/doctors/me/appointment-types/${id}`, headers: bearer(doctor.token), payload: { bufferMinutes: 5 } })).statusCode).toBe(200);
    expectProblem(await t.request({ method: 'PATCH', url: '/api/v1/doctors/me/appointment-types/00000000-0000-4000-8000-000000000000', headers: bearer(doctor.token), payload: { active: true } }), 404, 'NOT_FOUND');
  });

  it('lists the doctor’s own active types and the 50 most recently changed inactive ones, oldest first; the rest can still be reactivated', async () => {
    const doctor = await createBookableDoctor(t);
    await types(doctor.doctorId, 60, false, '2026-01-01T00:00:00Z');
    const [oldest] = await queryRows<{ id: string }>(t, sql`select id from appointment_types where doctor_id = ${doctor.doctorId} and not active order by updated_at limit 1`);
    const mine = await t.request({ method: 'GET', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token) });
    expect(mine.statusCode).toBe(200);
    const listed = mine.json() as { id: string; name: string; active: boolean }[];
    expect(listed).toHaveLength(51);
    expect(listed.filter((x) => x.active).map((x) => x.id)).toEqual([doctor.typeId]);
    expect(listed.map((x) => x.id)).not.toContain(oldest!.id);
    expect(listed.filter((x) => !x.active).map((x) => x.name)).toEqual(Array.from({ length: 50 }, (_, i) => `Type ${i + 11}`));
    const back = await t.request({ method: 'PATCH', url: `/api/v1/doctors/me/appointment-types/${oldest!.id}`, headers: bearer(doctor.token), payload: { active: true } });
    expect(back.statusCode, back.body).toBe(200);
    const again = (await t.request({ method: 'GET', url: '/api/v1/doctors/me/appointment-types', headers: bearer(doctor.token) })).json() as { id: string }[];
    expect(again.map((x) => x.id)).toContain(oldest!.id);
  });

  it('lists time off that has not ended or ended in the last 90 days, and keeps at most 200 of those', async () => {
    const doctor = await createBookableDoctor(t);
    const at = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString();
    // Ended 91 days ago (not listed, not counted), ended 30 days ago (listed), and 198 ahead.
    await queryRows(t, sql`insert into time_off (doctor_id, start_at, end_at) values (${doctor.doctorId}, ${at(-92)}, ${at(-91)}), (${doctor.doctorId}, ${at(-31)}, ${at(-30)})`);
    await queryRows(t, sql`insert into time_off (doctor_id, start_at, end_at) select ${doctor.doctorId}, ${at(10)}::timestamptz + i * interval '1 day', ${at(10)}::timestamptz + i * interval '1 day' + interval '1 hour' from generate_series(1, 198) i`);
    const add = (days: number) => t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token), payload: { start: at(days), end: at(days + 0.5) } });
    const two100th = await add(300);
    expect(two100th.statusCode, two100th.body).toBe(201);
    const refused = await add(301);
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(refused.json().errors).toEqual([{ field: 'start', message: 'at most 200 entries that have not ended or ended in the last 90 days' }]);

    const list = await t.request({ method: 'GET', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token) });
    expect(list.statusCode).toBe(200);
    const entries = list.json() as { start: string; end: string }[];
    expect(entries).toHaveLength(200);
    expect(entries[0]!.end).toBe(at(-30));
    expect(entries.map((e) => e.end)).not.toContain(at(-91));
    expect(entries.at(-1)!.start).toBe(at(300));
    // Ninety days on, the entry that ended 30 days ago is no longer listed nor counted: room for one more.
    setNow(t, at(61));
    expect((await add(302)).statusCode).toBe(201);
    setNow(t, NOW);
  });
});
