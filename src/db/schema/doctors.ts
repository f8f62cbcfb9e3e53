import { sql } from 'drizzle-orm';
import { boolean, check, customType, doublePrecision, index, integer, numeric, pgEnum, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { encryptedText } from '../../common/crypto/encrypted-column.js';
import { belongsTo, createdAt, instant, listPosition, timestamps, uuidPrimaryKey } from './columns.js';
import { specialties } from './specialties.js';
import { users } from './users.js';

/** A full-text search document; written only by the trigger in migration `doctors_search`. */
const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

/** A point on the earth's surface (earthdistance's domain over cube); read only by SQL. */
const earth = customType<{ data: string }>({
  dataType() {
    return 'earth';
  },
});

export const verificationStatus = pgEnum('verification_status', ['pending', 'verified', 'rejected']);

/** Largest consultation fee accepted, in minor units (100,000.00 in a two-decimal currency). */
export const MAX_FEE_MINOR_UNITS = 10_000_000;

/**
 * A doctor's profile, created (pending) with the doctor's account. The name lives in
 * users.full_name. `search_document` (weighted full-text: name, specialty names, bio) is
 * denormalised for search and kept in step by triggers (migrations `doctors_search` and
 * `doctor_search_refresh`): never set it.
 */
export const doctors = pgTable(
  'doctors',
  {
    id: uuidPrimaryKey(),
    userId: uuid('user_id')
      .notNull()
      .unique('doctors_user_id_unique')
      .references(() => users.id, { onDelete: 'cascade' }),
    verificationStatus: verificationStatus('verification_status').notNull().default('pending'),
    timezone: text('timezone').notNull().default('UTC'),
    ...timestamps(),
    bio: text('bio').notNull().default(''),
    licenseNumber: text('license_number'),
    yearsOfExperience: smallint('years_of_experience'),
    feeAmount: integer('fee_amount'),
    feeCurrency: text('fee_currency'),
    consultationModes: text('consultation_modes').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    verificationNote: text('verification_note'),
    verifiedBy: uuid('verified_by').references(() => users.id, { onDelete: 'set null' }),
    verifiedAt: instant('verified_at'),
    /**
     * Identity fields (fullName, licenseNumber, qualifications) changed since the last admin
     * decision, which sent the profile back to pending; emptied by the next decision. Written
     * only by the SQL function doctor_identity_changed (migration `doctor_identity_reverification`).
     */
    changedSinceDecision: text('changed_since_decision').array().notNull().default(sql`'{}'::text[]`),
    /** Kept in step with reviews by the doctors module, in each review's transaction (event `review.created`); 0 while there are none. */
    ratingAverage: numeric('rating_average', { precision: 3, scale: 2 }).notNull().default('0'),
    ratingCount: integer('rating_count').notNull().default(0),
    /** The next bookable slot: computed by scheduling, stored by the doctors module (DoctorScheduleService); null until then. */
    nextAvailableAt: instant('next_available_at'),
    searchDocument: tsvector('search_document').notNull().default(sql`''::tsvector`),
    /** Copies of doctor_specialties codes and lower-cased location cities (triggers), so filters combine with the text index. */
    specialtyCodes: text('specialty_codes').array().notNull().default(sql`'{}'::text[]`),
    cities: text('cities').array().notNull().default(sql`'{}'::text[]`),
    /** First 16 hex digits of the SHA-256 of the uploaded photo, part of its URLs; null: no photo (migration 0033). */
    photoHash: text('photo_hash'),
  },
  (t) => [
    check('doctors_fee_check', sql`(${t.feeAmount} is null) = (${t.feeCurrency} is null) and (${t.feeAmount} is null or ${t.feeAmount} between 0 and ${sql.raw(String(MAX_FEE_MINOR_UNITS))})`),
    check('doctors_fee_currency_check', sql`${t.feeCurrency} is null or ${t.feeCurrency} ~ '^[A-Z]{3}$'`),
    check('doctors_years_of_experience_check', sql`${t.yearsOfExperience} is null or ${t.yearsOfExperience} between 0 and 80`),
    check('doctors_consultation_modes_check', sql`${t.consultationModes} <@ array['in_person', 'video']::text[]`),
    check('doctors_rating_check', sql`${t.ratingAverage} between 0 and 5 and ${t.ratingCount} >= 0`),
    check('doctors_changed_since_decision_check', sql`${t.changedSinceDecision} <@ array['fullName', 'licenseNumber', 'qualifications']::text[]`),
    index('doctors_status_created_idx').on(t.verificationStatus, t.createdAt, t.id),
    index('doctors_search_document_idx').using('gin', t.searchDocument),
    index('doctors_languages_idx').using('gin', t.languages),
    index('doctors_modes_idx').using('gin', t.consultationModes),
    index('doctors_specialty_codes_idx').using('gin', t.specialtyCodes),
    index('doctors_cities_idx').using('gin', t.cities),
  ],
);

/** Which specialties a doctor practises; `position` keeps the doctor's own order. */
export const doctorSpecialties = pgTable(
  'doctor_specialties',
  {
    doctorId: belongsTo('doctor_id', () => doctors.id),
    specialtyCode: text('specialty_code')
      .notNull()
      .references(() => specialties.code),
    position: listPosition(),
  },
  (t) => [primaryKey({ name: 'doctor_specialties_pkey', columns: [t.doctorId, t.specialtyCode] }), index('doctor_specialties_code_idx').on(t.specialtyCode, t.doctorId)],
);

/** An entry of one of a doctor's profile lists (qualifications, locations), in the doctor's own order. */
const doctorListEntry = () => ({ id: uuidPrimaryKey(), doctorId: belongsTo('doctor_id', () => doctors.id), position: listPosition() });

export const doctorQualifications = pgTable(
  'doctor_qualifications',
  {
    ...doctorListEntry(),
    degree: text('degree').notNull(),
    institution: text('institution').notNull(),
    year: smallint('year').notNull(),
  },
  (t) => [index('doctor_qualifications_doctor_idx').on(t.doctorId, t.position), check('doctor_qualifications_year_check', sql`${t.year} between 1900 and 2200`)],
);

/** Where a doctor sees patients in person; at most 20 per doctor (enforced by validation). */
export const doctorLocations = pgTable(
  'doctor_locations',
  {
    ...doctorListEntry(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    city: text('city').notNull(),
    country: text('country').notNull(),
    postalCode: text('postal_code'),
    /** WGS 84 degrees, both or neither (a location without them is never "near" anything); geocoding is the client's job. */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    phone: text('phone'),
    accessibilityNotes: text('accessibility_notes'),
    /** ll_to_earth(latitude, longitude), kept by PostgreSQL (cube + earthdistance, migration 0030); null without coordinates. */
    earthPoint: earth('earth_point').generatedAlwaysAs(sql`ll_to_earth(latitude, longitude)`),
  },
  (t) => [
    index('doctor_locations_doctor_idx').on(t.doctorId, t.position),
    index('doctor_locations_city_idx').on(sql`lower(${t.city})`, t.doctorId),
    check(
      'doctor_locations_coordinates_check',
      sql`(${t.latitude} is null) = (${t.longitude} is null) and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`,
    ),
    // Near-me search (cube + earthdistance, migration 0030).
    index('doctor_locations_earth_idx').using('gist', t.earthPoint).where(sql`${t.earthPoint} is not null`),
  ],
);

/** The catalogue of insurance plans doctors may accept (payer + plan), managed by admins; owned by the insurance module. */
export const insurancePlans = pgTable(
  'insurance_plans',
  {
    id: uuidPrimaryKey(),
    payer: text('payer').notNull(),
    plan: text('plan').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('insurance_plans_payer_plan_unique').on(sql`lower(${t.payer})`, sql`lower(${t.plan})`)],
);

/** The plans a doctor accepts, in the doctor's order; written by the doctors module. */
export const doctorInsurancePlans = pgTable(
  'doctor_insurance_plans',
  {
    doctorId: belongsTo('doctor_id', () => doctors.id),
    planId: belongsTo('plan_id', () => insurancePlans.id),
    position: listPosition(),
  },
  (t) => [primaryKey({ name: 'doctor_insurance_plans_pkey', columns: [t.doctorId, t.planId] }), index('doctor_insurance_plans_plan_idx').on(t.planId, t.doctorId)],
);

/**
 * Patients' reviews of doctors. Written by the scheduling feature (one per completed
 * appointment; it adds the foreign key to appointments); read by the doctors feature.
 */
export const reviews = pgTable(
  'reviews',
  {
    id: uuidPrimaryKey(),
    appointmentId: uuid('appointment_id').unique('reviews_appointment_id_unique'),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    patientId: belongsTo('patient_id', () => users.id),
    rating: smallint('rating').notNull(),
    /** PHI: encrypted at rest, see common/crypto. */
    comment: encryptedText('comment'),
    /** The patient chose not to be named: the public list says "Verified patient". */
    anonymous: boolean('anonymous').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [check('reviews_rating_check', sql`${t.rating} between 1 and 5`), index('reviews_doctor_created_idx').on(t.doctorId, t.createdAt, t.id)],
);

/**
 * Every word of every doctor's search document, for typo tolerance: a query word is
 * expanded to the dictionary words within a small edit distance (found by trigram
 * nearest-neighbour search), and the expanded query runs on the full-text index. Filled by
 * a trigger on doctors; words are never removed (a stale word only widens a query).
 */
export const searchTerms = pgTable('search_terms', { term: text('term').primaryKey() }, (t) => [index('search_terms_trgm_idx').using('gist', t.term.op('gist_trgm_ops'))]);

export const doctorDocumentKind = pgEnum('doctor_document_kind', ['licence', 'board_certificate', 'other']);

/** A verification document: the bytes, encrypted under the PHI key ring (`keyId`), are in the storage port at `storageKey`. */
export const doctorDocuments = pgTable(
  'doctor_documents',
  {
    id: uuidPrimaryKey(),
    doctorId: belongsTo('doctor_id', () => doctors.id),
    kind: doctorDocumentKind('kind').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    storageKey: text('storage_key').notNull().unique('doctor_documents_storage_key_key'),
    keyId: text('key_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('doctor_documents_doctor_idx').on(t.doctorId, t.createdAt, t.id)],
);
