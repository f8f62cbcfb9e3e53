import { sql, type SQL } from 'drizzle-orm';
import { isoInstant } from '../../db/rows.js';

/** One doctor_locations row (under `alias`) as the JSON object LocationRecord reads. */
export function locationJson(alias: SQL): SQL {
  return sql`json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'address', ${alias}.address, 'city', ${alias}.city, 'country', ${alias}.country,
    'postalCode', ${alias}.postal_code, 'latitude', ${alias}.latitude, 'longitude', ${alias}.longitude, 'phone', ${alias}.phone, 'accessibilityNotes', ${alias}.accessibility_notes)`;
}

/** Columns shared by profiles and cards, for `doctors d join users u`. */
export const cardColumns = sql`
  d.id, d.user_id as "userId", u.full_name as "fullName", d.bio,
  d.years_of_experience as "yearsOfExperience", d.fee_amount as "feeAmount", d.fee_currency as "feeCurrency",
  d.consultation_modes as "consultationModes", d.languages, d.timezone,
  d.verification_status::text as "verificationStatus", d.rating_average::text as "ratingAverage", d.rating_count as "ratingCount",
  ${isoInstant(sql`d.next_available_at`)} as "nextAvailableAt", d.photo_hash as "photoHash",
  coalesce((select json_agg(json_build_object('code', s.code, 'name', s.name) order by ds.position, s.name)
              from doctor_specialties ds join specialties s on s.code = ds.specialty_code where ds.doctor_id = d.id), '[]'::json) as specialties,
  coalesce((select json_agg(${locationJson(sql`l`)} order by l.position)
              from doctor_locations l where l.doctor_id = d.id), '[]'::json) as locations,
  coalesce((select json_agg(json_build_object('id', p.id, 'payer', p.payer, 'plan', p.plan) order by dp.position)
              from doctor_insurance_plans dp join insurance_plans p on p.id = dp.plan_id where dp.doctor_id = d.id), '[]'::json) as "insurancePlans"`;

/** Card columns plus what only the full profile shows. */
export const profileColumns = sql`${cardColumns},
  d.license_number as "licenseNumber", d.verification_note as "verificationNote",
  ${isoInstant(sql`d.verified_at`)} as "verifiedAt", d.changed_since_decision as "changedSinceDecision",
  (select count(*)::int from doctor_documents dd where dd.doctor_id = d.id) as "documentCount",
  coalesce((select json_agg(json_build_object('degree', q.degree, 'institution', q.institution, 'year', q.year) order by q.position)
              from doctor_qualifications q where q.doctor_id = d.id), '[]'::json) as qualifications`;

/** JSON columns arrive parsed from pg and PGlite alike; arrays of text likewise. Guard anyway. */
export function jsonArray<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'string') return JSON.parse(value) as T[];
  return [];
}

/** Normalises a raw row into the record shape (numbers that drivers return as strings, JSON lists). */
export function normaliseRow<T extends object>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const key of ['specialties', 'locations', 'insurancePlans', 'qualifications', 'languages', 'consultationModes', 'changedSinceDecision']) {
    if (key in out) out[key] = jsonArray(out[key]);
  }
  for (const key of ['feeAmount', 'yearsOfExperience', 'ratingCount', 'documentCount']) {
    if (out[key] !== null && out[key] !== undefined) out[key] = Number(out[key]);
  }
  return out as T;
}
