import { z } from 'zod';
import { cursorParam, limitParam, queryInt } from '../../../common/pagination/page-query.js';
import { MAX_FEE_MINOR_UNITS } from '../../../db/schema/doctors.js';
import { CONSULTATION_MODES, consultationModeSchema, listed, VERIFICATION_STATUSES, verificationStatusSchema } from '../../../common/validation/enums.js';
import { moneySchema } from '../../../common/validation/money.js';
import { timeZoneSchema } from '../../../common/validation/time-zone.js';
import { isCountry, isLanguage } from '../../../common/validation/iso-codes.js';
import { documentedAs } from '../../../common/openapi/schemas.js';

export const LIMITS = {
  bio: 5_000,
  specialties: 10,
  qualifications: 30,
  languages: 20,
  locations: 20,
  note: 1_000,
  specialtyCode: 64,
  qualificationText: 200,
  locationName: 200,
  address: 500,
  city: 100,
  licenseNumber: 64,
} as const;

const specialtyCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a specialty code such as "cardiology" (see GET /api/v1/specialties)')
  .max(LIMITS.specialtyCode);
const language = z.string().refine(isLanguage, 'must be an ISO 639-1 language code such as "en"').meta({ example: 'en', maxLength: 2, pattern: '^[a-z]{2}$' });
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

function unique<T>(items: T[]): boolean {
  return new Set(items).size === items.length;
}

const qualification = z
  .strictObject({
    degree: text(LIMITS.qualificationText).meta({ example: 'MD' }),
    institution: text(LIMITS.qualificationText).meta({ example: 'Charité – Universitätsmedizin Berlin' }),
    year: z
      .number()
      .int()
      .min(1900)
      .refine((year) => year <= new Date().getUTCFullYear(), 'must not be in the future')
      .meta({ example: 2009, description: 'Not in the future' }),
  })
  .meta({ id: 'QualificationInput' });

const location = z
  .strictObject({
    name: text(LIMITS.locationName).meta({ example: 'Praxis am Park' }),
    address: text(LIMITS.address).meta({ example: 'Parkstraße 1, 10115 Berlin' }),
    city: text(LIMITS.city).meta({ example: 'Berlin' }),
    country: z.string().refine(isCountry, 'must be an ISO 3166-1 alpha-2 country code such as "DE"').meta({ example: 'DE', maxLength: 2, pattern: '^[A-Z]{2}$' }),
  })
  .meta({ id: 'LocationInput' });

/** PATCH /doctors/me: every field optional; lists replace the stored list. */
export const updateDoctorSchema = z.strictObject({
  bio: z.string().max(LIMITS.bio, `must be at most ${LIMITS.bio} characters`).optional(),
  specialties: z
    .array(specialtyCode)
    .max(LIMITS.specialties, `must have at most ${LIMITS.specialties} items`)
    .refine(unique, 'must not repeat a code')
    .optional(),
  qualifications: z.array(qualification).max(LIMITS.qualifications, `must have at most ${LIMITS.qualifications} items`).optional(),
  licenseNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]{0,63}$/, 'must be 1 to 64 letters, digits, spaces, dots, slashes or dashes')
    .meta({ maxLength: LIMITS.licenseNumber })
    .nullable()
    .optional(),
  yearsOfExperience: z.number().int().min(0).max(80).nullable().optional(),
  languages: z
    .array(language)
    .max(LIMITS.languages, `must have at most ${LIMITS.languages} items`)
    .refine(unique, 'must not repeat a language')
    .optional(),
  consultationFee: moneySchema.nullable().optional(),
  consultationModes: z.array(consultationModeSchema).max(CONSULTATION_MODES.length).refine(unique, 'must not repeat a mode').optional(),
  locations: z.array(location).max(LIMITS.locations, `must have at most ${LIMITS.locations} items`).optional(),
  timezone: timeZoneSchema.optional(),
}).meta({ id: 'UpdateDoctorInput' });
export type UpdateDoctorInput = z.infer<typeof updateDoctorSchema>;

export const verificationSchema = z.strictObject({
  status: verificationStatusSchema.exclude(['pending'], 'must be "verified" or "rejected"'),
  note: z.string().trim().max(LIMITS.note).optional(),
  licenseNumber: z
    .string()
    .trim()
    .max(LIMITS.licenseNumber)
    .nullable()
    .optional()
    .meta({ description: 'The licence number the admin reviewed (null: none); if the profile no longer has it, 409 PROFILE_CHANGED and nothing is decided' }),
}).meta({ id: 'VerificationDecisionInput' });
export type VerificationInput = z.infer<typeof verificationSchema>;

export const SEARCH_SORTS = ['relevance', 'rating', 'fee', 'nextAvailable'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const searchQuerySchema = z.strictObject({
  // Free text: a NUL separates words like any control character (the search splits on them), as
  // it always has; everywhere else a NUL is refused (nul-characters.ts).
  q: z
    .string()
    .max(200, 'must be at most 200 characters')
    .overwrite((text) => text.replaceAll('\u0000', ' '))
    .optional().meta({ description: 'Free text over name, specialty names and bio; tolerant of small typos' }),
  specialty: specialtyCode.optional(),
  language: language.optional(),
  city: text(100).optional(),
  mode: consultationModeSchema.optional(),
  maxFee: queryInt(0, MAX_FEE_MINOR_UNITS).optional().meta({ description: 'Maximum fee in minor units' }),
  minRating: documentedAs(
    z
      .string()
      .regex(/^\d(\.\d{1,2})?$/, 'must be a number from 0 to 5')
      .transform(Number)
      .pipe(z.number().max(5, 'must be at most 5')),
    { type: 'number', minimum: 0, maximum: 5, description: 'At most two decimals' },
  ).optional(),
  sort: z.enum(SEARCH_SORTS, `must be one of ${SEARCH_SORTS.join(', ')}`).optional().meta({ description: 'Default: relevance when q is given, otherwise rating' }),
  limit: limitParam,
  cursor: cursorParam,
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const adminListQuerySchema = z.strictObject({
  status: z.enum(VERIFICATION_STATUSES, `must be ${listed(VERIFICATION_STATUSES, false)}`).optional().meta({ description: 'Default: pending' }),
  limit: limitParam,
  cursor: cursorParam,
});
export type AdminListQuery = z.infer<typeof adminListQuerySchema>;
