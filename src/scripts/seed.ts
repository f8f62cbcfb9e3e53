import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import bcrypt from 'bcrypt';
import { sql } from 'drizzle-orm';
import { seal } from '../common/crypto/encrypted-column.js';
import { installFieldCipher } from '../common/crypto/field-cipher.js';
import { createLogger } from '../common/logging/logger.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { connectDatabase } from '../db/connect.js';
import type { Db } from '../db/database.js';
import { consultationMode, doctorInsurancePlans, doctorLocations, insurancePlans, doctorQualifications, doctors, doctorSpecialties, reviews, specialties, users } from '../db/schema/index.js';
import { prehash } from '../modules/auth/password-hasher.service.js';
import * as data from './seed-data.js';

/**
 * `npm run db:seed -- --doctors 10000 [--seed 42] [--patients 500]`: fills the configured
 * database (DATABASE_URL, or the embedded one under DATA_DIR) with synthetic doctors,
 * patients and reviews for demos and benchmarks. Every seeded account shares the demo
 * password below, hashed once (bcrypt per account would take minutes, and buys nothing here).
 * Refuses to run with NODE_ENV=production.
 */
export const DEMO_PASSWORD = 'ihosi-demo-password';
const BATCH = 500;

interface Options {
  doctors: number;
  patients: number;
  seed: number;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { doctors: { type: 'string' }, patients: { type: 'string' }, seed: { type: 'string' } } });
  const count = (value: string | undefined, fallback: number, name: string, max: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${name} must be a whole number from 0 to ${max}`);
    return n;
  };
  const doctorCount = count(values.doctors, 100, 'doctors', 1_000_000);
  return {
    doctors: doctorCount,
    patients: count(values.patients, Math.max(20, Math.ceil(doctorCount / 20)), 'patients', 1_000_000),
    seed: count(values.seed, 42, 'seed', 2 ** 31),
  };
}

type UserRow = typeof users.$inferInsert;
type DoctorRow = typeof doctors.$inferInsert;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  // Each statement stays well under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

async function seed(db: Db, options: Options, passwordHash: string): Promise<{ doctors: number; patients: number; reviews: number }> {
  const random = data.rng(options.seed);
  const run = randomUUID().slice(0, 8);
  const catalogue = await db.select().from(specialties);
  const nameOf = new Map(catalogue.map((s) => [s.code, s.name]));
  const codes = catalogue.map((s) => s.code);
  const plans = await db.select({ id: insurancePlans.id, payer: insurancePlans.payer }).from(insurancePlans);
  const plansFor = (country: string) => {
    const payers = new Set([...(data.payersByCountry[country] ?? []), ...data.internationalPayers]);
    return plans.filter((p) => payers.has(p.payer)).map((p) => p.id);
  };

  const patients: UserRow[] = Array.from({ length: options.patients }, (_, i) => {
    const culture = data.pick(random, Object.values(data.names));
    return { id: randomUUID(), email: `patient.${run}.${i}@seed.ihosi.test`, passwordHash, fullName: `${data.pick(random, culture.first)} ${data.pick(random, culture.last)}`, role: 'patient' };
  });
  await insertChunked(patients, (chunk) => db.insert(users).values(chunk));

  let reviewCount = 0;
  for (let start = 0; start < options.doctors; start += BATCH) {
    const size = Math.min(BATCH, options.doctors - start);
    const userRows: UserRow[] = [];
    const doctorRows: DoctorRow[] = [];
    const specialtyRows: (typeof doctorSpecialties.$inferInsert)[] = [];
    const qualificationRows: (typeof doctorQualifications.$inferInsert)[] = [];
    const locationRows: (typeof doctorLocations.$inferInsert)[] = [];
    const planRows: (typeof doctorInsurancePlans.$inferInsert)[] = [];
    const reviewRows: (typeof reviews.$inferInsert)[] = [];

    for (let i = 0; i < size; i++) {
      const city = data.pick(random, data.cities);
      const culture = data.names[random() < 0.75 ? data.pick(random, city.cultures) : data.pick(random, Object.keys(data.names) as (keyof typeof data.names)[])];
      const fullName = `${data.pick(random, culture.first)} ${data.pick(random, culture.last)}`;
      const userId = randomUUID();
      const doctorId = randomUUID();
      const chosen = data.sample(random, random() < 0.7 ? data.commonSpecialties : codes, random() < 0.6 ? 1 : data.between(random, 2, 3));
      const years = data.between(random, 1, 40);
      const roll = random();
      const status = roll < 0.8 ? 'verified' : roll < 0.92 ? 'pending' : 'rejected';
      const [low, high] = city.fee;
      const fee = Math.round((low + random() * (high - low)) / 500) * 500;
      const modes = random() < 0.5 ? [...consultationMode.enumValues] : random() < 0.6 ? ['in_person'] : ['video'];
      const languages = [...new Set([...data.sample(random, city.languages, data.between(random, 1, city.languages.length)), ...(random() < 0.5 ? ['en'] : [])])];

      userRows.push({ id: userId, email: `doctor.${run}.${start + i}@seed.ihosi.test`, passwordHash, fullName, role: 'doctor' });
      doctorRows.push({
        id: doctorId,
        userId,
        verificationStatus: status,
        timezone: city.timezone,
        bio: data.bioFor(random, chosen.map((c) => nameOf.get(c)!), chosen, years, city.city),
        licenseNumber: `${city.country}-${data.between(random, 100000, 999999)}`,
        yearsOfExperience: years,
        feeAmount: fee,
        feeCurrency: city.currency,
        consultationModes: modes,
        languages,
        verificationNote: status === 'rejected' ? 'Licence could not be confirmed with the registry.' : null,
        verifiedAt: status === 'pending' ? null : new Date(Date.now() - data.between(random, 1, 700) * 86_400_000),
        nextAvailableAt: status === 'verified' && random() < 0.7 ? new Date(Date.now() + data.between(random, 1, 14 * 24) * 3_600_000) : null,
      });
      chosen.forEach((code, position) => specialtyRows.push({ doctorId, specialtyCode: code, position }));
      for (let q = 0; q < data.between(random, 1, 3); q++) {
        qualificationRows.push({ doctorId, position: q, degree: data.pick(random, data.degrees), institution: data.pick(random, data.schools), year: 2024 - years - data.between(random, 0, 6) + q * 3 });
      }
      for (let l = 0; l < (random() < 0.8 ? 1 : 2); l++) {
        locationRows.push({
          doctorId,
          position: l,
          name: `${fullName.split(' ').at(-1)} ${data.pick(random, ['Clinic', 'Medical Centre', 'Practice', 'Health'])}`,
          address: `${data.between(random, 1, 300)} ${data.pick(random, city.streets)}`,
          city: city.city,
          country: city.country,
          postalCode: String(data.between(random, 10000, 99999)),
          ...data.scatter(random, city, 15),
          phone: `+${data.between(random, 1, 99)} ${data.between(random, 100, 999)} ${data.between(random, 1000000, 9999999)}`,
          accessibilityNotes: data.pick(random, data.accessibilityNotes),
        });
      }
      // Every doctor accepts some plans of the payers where they practise (and international ones).
      data.sample(random, plansFor(city.country), data.between(random, 1, 4)).forEach((planId, position) => planRows.push({ doctorId, planId, position }));
      if (status === 'verified' && patients.length > 0) {
        const count = random() < 0.2 ? 0 : data.between(random, 1, 12);
        for (let r = 0; r < count; r++) {
          const rating = random() < 0.7 ? data.between(random, 4, 5) : data.between(random, 1, 3);
          const id = randomUUID(); // the comment's ciphertext is bound to the review's id
          const patientId = data.pick(random, patients).id!;
          const comment = random() < 0.6 ? data.pick(random, data.reviewComments) : null;
          reviewRows.push({ id, doctorId, patientId, rating, comment: seal('reviews', 'comment', id, comment), createdAt: new Date(Date.now() - data.between(random, 1, 700) * 86_400_000) });
        }
      }
    }
    reviewCount += reviewRows.length;
    await db.transaction(async (tx) => {
      await tx.insert(users).values(userRows);
      await tx.insert(doctors).values(doctorRows);
      await tx.insert(doctorSpecialties).values(specialtyRows); // the trigger refreshes these doctors' search columns once
      await insertChunked(qualificationRows, (chunk) => tx.insert(doctorQualifications).values(chunk));
      await insertChunked(locationRows, (chunk) => tx.insert(doctorLocations).values(chunk));
      await insertChunked(planRows, (chunk) => tx.insert(doctorInsurancePlans).values(chunk));
      await insertChunked(reviewRows, (chunk) => tx.insert(reviews).values(chunk));
      // The rating aggregate, in step with the reviews just written.
      const ids = doctorRows.map((d) => d.id!);
      await tx.execute(sql`update doctors d set rating_average = r.average, rating_count = r.count
        from (select doctor_id, round(avg(rating), 2) as average, count(*)::int as count from reviews
               where doctor_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) group by doctor_id) r
       where d.id = r.doctor_id`);
    });
  }
  // Fresh statistics, and the GIN pending lists flushed, so the first searches are not slow.
  for (const table of ['users', 'doctors', 'doctor_specialties', 'doctor_locations', 'doctor_insurance_plans', 'doctor_qualifications', 'reviews', 'search_terms']) {
    await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
  }
  return { doctors: options.doctors, patients: patients.length, reviews: reviewCount };
}


async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Before loadConfig, so the refusal is the message even when production settings are incomplete.
  if (process.env.NODE_ENV === 'production') throw new Error('db:seed refuses to run with NODE_ENV=production: it creates accounts with a shared, published password');
  const config = loadConfig(process.env);
  const logger = createLogger({ log: { level: 'warn' } });
  installFieldCipher(config.encryption.keys);
  const database = await connectDatabase(config.database, logger);
  const started = performance.now();
  try {
    await database.migrate();
    const passwordHash = await bcrypt.hash(prehash(DEMO_PASSWORD), config.auth.bcryptCost);
    const result = await seed(database.db, options, passwordHash);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Seeded ${result.doctors} doctors, ${result.patients} patients and ${result.reviews} reviews into ${database.kind} in ${seconds} s.\n` +
        `Every seeded account (…@seed.ihosi.test) signs in with the demo password "${DEMO_PASSWORD}".\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
