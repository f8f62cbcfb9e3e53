import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../helpers/db.js';
import { insertDoctor } from '../helpers/rows/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

interface Derived {
  words: string[];
  specialty_codes: string[];
  cities: string[];
  verification_status: string;
  changed_since_decision: string[];
}

/** The columns the search triggers derive on a doctor row, as the directory reads them. */
async function derived(t: TestApp, doctorId: string): Promise<Derived> {
  const [row] = await queryRows<Derived>(
    t,
    sql`select tsvector_to_array(search_document) as words, specialty_codes, cities, verification_status, changed_since_decision from doctors where id = ${doctorId}`,
  );
  return { ...row!, words: [...row!.words].sort() };
}

describe('the doctors table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has dropped name_text and search_text, which no query read (migration 0024)', async () => {
    const columns = await queryRows<{ name: string }>(
      t,
      sql`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'doctors' and column_name in ('name_text', 'search_text')`,
    );
    expect(columns).toEqual([]);
  });

  it('has no function left that reads or fills name_text or search_text', async () => {
    const functions = await queryRows<{ name: string }>(
      t,
      sql`select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = current_schema() and p.prokind = 'f' and (p.prosrc ilike '%name\\_text%' or p.prosrc ilike '%search\\_text%')`,
    );
    expect(functions).toEqual([]);
  });

  it('keeps the search document, specialty codes and cities in step with the name, specialties, locations and bio', async () => {
    const { userId, doctorId } = await insertDoctor(t, { fullName: 'Ada Quillfeather', status: 'pending' });
    expect((await derived(t, doctorId)).words).toEqual(['ada', 'quillfeather']);

    await queryRows(t, sql`insert into doctor_specialties (doctor_id, specialty_code) values (${doctorId}, 'cardiology')`);
    await queryRows(t, sql`insert into doctor_locations (doctor_id, name, address, city, country) values (${doctorId}, 'Clinic', '1 Road', 'Lisbon', 'PT')`);
    await queryRows(t, sql`update doctors set bio = 'Heart rhythm' where id = ${doctorId}`);
    expect(await derived(t, doctorId)).toMatchObject({ words: ['ada', 'cardiology', 'heart', 'quillfeather', 'rhythm'], specialty_codes: ['cardiology'], cities: ['lisbon'] });

    await queryRows(t, sql`delete from doctor_specialties where doctor_id = ${doctorId}`);
    await queryRows(t, sql`delete from doctor_locations where doctor_id = ${doctorId}`);
    expect(await derived(t, doctorId)).toMatchObject({ words: ['ada', 'heart', 'quillfeather', 'rhythm'], specialty_codes: [], cities: [] });

    // A rename (PATCH /auth/me writes users.full_name) refreshes the document and, for a
    // decided profile, sends it back to pending (migration 0020's rule on the same trigger).
    await queryRows(t, sql`update doctors set verification_status = 'verified' where id = ${doctorId}`);
    await queryRows(t, sql`update users set full_name = 'Ada Brightwater' where id = ${userId}`);
    expect(await derived(t, doctorId)).toMatchObject({ words: ['ada', 'brightwater', 'heart', 'rhythm'], verification_status: 'pending', changed_since_decision: ['fullName'] });
    const [term] = await queryRows<{ n: number }>(t, sql`select count(*)::int as n from search_terms where term = 'brightwater'`);
    expect(term!.n).toBe(1);
  });
});
