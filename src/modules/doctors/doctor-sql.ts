import { sql } from 'drizzle-orm';
import { isoInstant } from '../../db/rows.js';

/** Columns shared by profiles and cards, for `doctors d join users u`. */
export const cardColumns = sql`
  d.id, d.user_id as "userId", u.full_name as "fullName", d.bio,
  d.years_of_experience as "yearsOfExperience", d.fee_amount as "feeAmount", d.fee_currency as "feeCurrency",
  d.consultation_modes as "consultationModes", d.languages, d.timezone,
  d.verification_status::text as "verificationStatus", d.rating_average::text as "ratingAverage", d.rating_count as "ratingCount",
  ${isoInstant(sql`d.next_available_at`)} as "nextAvailableAt",
  coalesce((select json_agg(json_build_object('code', s.code, 'name', s.name) order by ds.position, s.name)
              from doctor_specialties ds join specialties s on s.code = ds.specialty_code where ds.doctor_id = d.id), '[]'::json) as specialties,
  coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name, 'address', l.address, 'city', l.city, 'country', l.country) order by l.position)
              from doctor_locations l where l.doctor_id = d.id), '[]'::json) as locations`;

/** Card columns plus what only the full profile shows. */
export const profileColumns = sql`${cardColumns},
  d.license_number as "licenseNumber", d.verification_note as "verificationNote",
  ${isoInstant(sql`d.verified_at`)} as "verifiedAt", d.changed_since_decision as "changedSinceDecision",
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
  for (const key of ['specialties', 'locations', 'qualifications', 'languages', 'consultationModes', 'changedSinceDecision']) {
    if (key in out) out[key] = jsonArray(out[key]);
  }
  for (const key of ['feeAmount', 'yearsOfExperience', 'ratingCount']) {
    if (out[key] !== null && out[key] !== undefined) out[key] = Number(out[key]);
  }
  return out as T;
}
