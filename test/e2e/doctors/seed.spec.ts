import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, persistentDatabase } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { search, startDoctorsTestApp } from '../../helpers/doctors.js';
import type { TestApp } from '../../helpers/test-app.js';

const seedScript = fileURLToPath(new URL('../../../dist/scripts/seed.js', import.meta.url));
const run = promisify(execFile);

describe('npm run db:seed', () => {
  let database: Awaited<ReturnType<typeof persistentDatabase>>;
  let output: string;
  let t: TestApp;
  beforeAll(async () => {
    if (!existsSync(seedScript)) throw new Error('dist/scripts/seed.js is missing: run `npm run build` first');
    database = await persistentDatabase();
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'development', BCRYPT_COST: '10', ...database.env };
    output = (await run(process.execPath, [seedScript, '--doctors', '60', '--patients', '10', '--seed', '7'], { env, timeout: 120_000 })).stdout;
    t = await startDoctorsTestApp({ databaseUrl: database.databaseUrl, env: database.env });
  });
  afterAll(async () => {
    await t?.close();
    await database?.cleanup();
  });

  it('fills the database with doctors, most verified, with full profiles and ratings in step with reviews', async () => {
    expect(output).toMatch(/Seeded 60 doctors, 10 patients and \d+ reviews/);
    const [counts] = await queryRows<{ doctors: number; verified: number; specialties: number; locations: number; without_bio: number }>(
      t,
      sql`select count(*)::int as doctors, count(*) filter (where verification_status = 'verified')::int as verified,
                 (select count(distinct doctor_id)::int from doctor_specialties) as specialties,
                 (select count(distinct doctor_id)::int from doctor_locations) as locations,
                 count(*) filter (where bio = '' or fee_amount is null or cardinality(languages) = 0)::int as without_bio
            from doctors`,
    );
    expect(counts).toMatchObject({ doctors: 60, specialties: 60, locations: 60, without_bio: 0 });
    expect(counts!.verified).toBeGreaterThan(35);
    expect(counts!.verified).toBeLessThan(60);
    const mismatched = await queryRows(
      t,
      sql`select d.id from doctors d left join (select doctor_id, round(avg(rating), 2) as average, count(*)::int as n from reviews group by doctor_id) r on r.doctor_id = d.id
           where d.rating_count <> coalesce(r.n, 0) or d.rating_average <> coalesce(r.average, 0)`,
    );
    expect(mismatched).toEqual([]);
  });

  it('makes the seeded doctors searchable, and their accounts usable with the demo password', async () => {
    const page = await search(t, { limit: 100 });
    expect(page.data.length).toBeGreaterThan(35);
    const [doctor] = await queryRows<{ email: string }>(t, sql`select email from users where role = 'doctor' limit 1`);
    const response = await login(t, doctor!.email, 'ihosi-demo-password');
    expect(response.statusCode, response.body).toBe(200);
  });

  it('gives every practice coordinates near its city and every doctor insurance plans, so near-me search works', async () => {
    const [counts] = await queryRows<{ unlocated: number; without_plans: number }>(
      t,
      sql`select (select count(*)::int from doctor_locations where latitude is null) as unlocated,
                 (select count(*)::int from doctors d where not exists (select 1 from doctor_insurance_plans p where p.doctor_id = d.id)) as without_plans`,
    );
    expect(counts).toEqual({ unlocated: 0, without_plans: 0 });
    const [located] = await queryRows<{ id: string; latitude: number; longitude: number }>(
      t,
      sql`select d.id, l.latitude, l.longitude from doctors d join doctor_locations l on l.doctor_id = d.id where d.verification_status = 'verified' order by d.id limit 1`,
    );
    const page = await search(t, { near: `${located!.latitude},${located!.longitude}`, radiusKm: 30 });
    expect(page.data[0]).toMatchObject({ id: located!.id, distanceKm: 0 });
  });

  it('refuses to run in production', async () => {
    const failure = await run(process.execPath, [seedScript, '--doctors', '1'], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', JWT_SECRET: 'x'.repeat(40), JWT_REFRESH_SECRET: 'y'.repeat(40) },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringMatching(/refuses to run with NODE_ENV=production/) });
  });
});
