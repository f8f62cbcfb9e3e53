import { z } from 'zod';
import { pageSchema } from '../../../common/pagination/page-query.js';
import { locationFields, type DoctorCardRecord, type DoctorRecord, type LocationRecord } from '../doctor.record.js';
import { MAX_INSURANCE_PLANS } from './doctor.inputs.js';
import { insurancePlanSchema } from '../../insurance/dto/insurance-plan.outputs.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { moneyOf, moneyOutputSchema } from '../../../common/validation/money.js';
import { timeZoneOutput } from '../../../common/validation/time-zone.js';
import { CONSULTATION_MODES, consultationModeSchema, verificationStatusSchema, type ConsultationMode } from '../../../common/validation/enums.js';
import { FULL_NAME_MAX_LENGTH } from '../../auth/dto/auth.inputs.js';
import { SPECIALTY_NAME_MAX_LENGTH } from '../../specialties/dto/specialty.outputs.js';
import { LIMITS } from './doctor.inputs.js';
import { PHOTO_SIZES } from '../photos/photo-images.js';

// Every bound is the one the input that stores the value enforces (doctor.inputs.ts, auth.inputs.ts).
const IDENTITY_FIELDS = ['fullName', 'licenseNumber', 'qualifications'] as const;

const specialty = z.object({
  code: z.string().max(LIMITS.specialtyCode).meta({ example: 'cardiology' }),
  name: z.string().max(SPECIALTY_NAME_MAX_LENGTH).meta({ example: 'Cardiology' }),
});
const location = z
  .object({
    id: z.uuid().meta({ description: 'Stable: kept while the doctor sends the location back with its id' }),
    name: z.string().max(LIMITS.locationName),
    address: z.string().max(LIMITS.address),
    city: z.string().max(LIMITS.city),
    country: z.string().max(2).meta({ example: 'DE' }),
    postalCode: z.string().max(20).nullable().meta({ example: '10115' }),
    latitude: z.number().min(-90).max(90).nullable().meta({ example: 52.5321, description: 'WGS 84 degrees; null (with longitude) when the doctor gave none' }),
    longitude: z.number().min(-180).max(180).nullable().meta({ example: 13.3849 }),
    phone: z.string().max(32).nullable().meta({ example: '+49 30 1234567' }),
    accessibilityNotes: z.string().max(1000).nullable().meta({ example: 'Step-free entrance, lift to all floors' }),
  })
  .meta({ id: 'Location' });
const photo = z
  .object({
    small: z.string().max(200).meta({ example: '/api/v1/doctors/0f8e…/photos/3fa1c2d4e5b6a798-128.webp', description: '128×128 WebP' }),
    medium: z.string().max(200).meta({ description: '256×256 WebP' }),
    large: z.string().max(200).meta({ description: '512×512 WebP' }),
  })
  .meta({ id: 'DoctorPhoto', description: 'Paths (relative to the API origin) carrying the content hash: a new photo gets new paths, so each may be cached forever' });
const rating = z.object({
  average: z.number().meta({ example: 4.6, description: '0 while count is 0' }),
  count: z.number().int(),
});

const cardFields = {
  id: z.uuid(),
  userId: z.uuid(),
  fullName: z.string().max(FULL_NAME_MAX_LENGTH).meta({ example: 'Dr. Amina Okafor' }),
  bio: z.string().max(LIMITS.bio),
  specialties: z.array(specialty).max(LIMITS.specialties),
  yearsOfExperience: z.number().int().nullable(),
  languages: z.array(z.string().max(2)).max(LIMITS.languages).meta({ example: ['en', 'de'] }),
  consultationFee: moneyOutputSchema.nullable().meta({ description: 'null until the doctor sets a fee' }),
  consultationModes: z.array(consultationModeSchema).max(CONSULTATION_MODES.length),
  locations: z.array(location).max(LIMITS.locations),
  insurancePlans: z.array(insurancePlanSchema).max(MAX_INSURANCE_PLANS).meta({ description: 'The plans the doctor accepts, in the doctor’s order' }),
  timezone: timeZoneOutput,
  verificationStatus: verificationStatusSchema,
  rating,
  photo: photo.nullable().meta({ description: 'null until the doctor uploads a photo' }),
};

export const doctorSchema = z.object({
  ...cardFields,
  qualifications: z
    .array(z.object({ degree: z.string().max(LIMITS.qualificationText), institution: z.string().max(LIMITS.qualificationText), year: z.number().int() }))
    .max(LIMITS.qualifications),
  licenseNumber: z.string().max(LIMITS.licenseNumber).nullable().optional().meta({ description: 'Only to the doctor and admins' }),
  verificationNote: z.string().max(LIMITS.note).nullable().optional().meta({ description: 'Only to the doctor and admins' }),
  verifiedAt: instantOutput.nullable().optional().meta({ description: 'Only to the doctor and admins' }),
  changedSinceDecision: z
    .array(z.enum(IDENTITY_FIELDS))
    .max(IDENTITY_FIELDS.length)
    .optional()
    .meta({
      description:
        'Only to the doctor and admins. Identity fields changed since the last verification decision; when not empty, this is why the profile is pending again (an admin must verify it anew)',
    }),
  verificationDocumentCount: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .meta({ description: 'Only to the doctor and admins. Verification documents uploaded; 0 on a pending profile means there is nothing to check yet' }),
}).meta({ id: 'Doctor' });
export type DoctorDto = z.infer<typeof doctorSchema>;
export const doctorPageSchema = pageSchema(doctorSchema);

export const doctorCardSchema = z.object({
  ...cardFields,
  nextAvailableAt: instantOutput.nullable(),
  distanceKm: z.number().min(0).max(20040).nullable().meta({ example: 2.41, description: 'With `near`: kilometres to the nearest located practice (great-circle, two decimals); else null' }),
  nearestLocation: location.nullable().meta({ description: 'With `near`: the practice `distanceKm` is measured to; else null' }),
}).meta({ id: 'DoctorCard' });
export type DoctorCardDto = z.infer<typeof doctorCardSchema>;
export const doctorCardPageSchema = pageSchema(doctorCardSchema);

/** Who is looking decides what leaves the building: the licence only for the doctor and admins. */
export interface DoctorView {
  privileged: boolean;
}

function cardCommon(record: DoctorCardRecord) {
  return {
    id: record.id,
    userId: record.userId,
    fullName: record.fullName,
    bio: record.bio,
    specialties: record.specialties.map((s) => ({ code: s.code, name: s.name })),
    yearsOfExperience: record.yearsOfExperience,
    languages: [...record.languages],
    consultationFee: moneyOf(record.feeAmount, record.feeCurrency),
    consultationModes: record.consultationModes as ConsultationMode[],
    locations: record.locations.map(toLocationDto),
    insurancePlans: record.insurancePlans.map((p) => ({ id: p.id, payer: p.payer, plan: p.plan })),
    timezone: record.timezone,
    verificationStatus: record.verificationStatus,
    rating: { average: Number(record.ratingAverage), count: record.ratingCount },
    photo: photoUrls(record.id, record.photoHash),
  };
}

/** The three photo paths, each naming the content hash (see photos/photo-images.ts). */
export function photoUrls(doctorId: string, hash: string | null) {
  if (!hash) return null;
  const url = (edge: number) => `/api/v1/doctors/${doctorId}/photos/${hash}-${edge}.webp`;
  return { small: url(PHOTO_SIZES.small), medium: url(PHOTO_SIZES.medium), large: url(PHOTO_SIZES.large) };
}

export function toDoctorDto(record: DoctorRecord, view: DoctorView): DoctorDto {
  const dto: DoctorDto = {
    ...cardCommon(record),
    qualifications: record.qualifications.map((q) => ({ degree: q.degree, institution: q.institution, year: q.year })),
  };
  if (view.privileged) {
    dto.licenseNumber = record.licenseNumber;
    dto.verificationNote = record.verificationNote;
    dto.verifiedAt = record.verifiedAt;
    dto.changedSinceDecision = record.changedSinceDecision as NonNullable<DoctorDto['changedSinceDecision']>;
    dto.verificationDocumentCount = record.documentCount;
  }
  return dto;
}

function toLocationDto(l: LocationRecord) {
  return { id: l.id, ...locationFields(l) };
}

/** A card; with `near`, the distance (metres in the record) and the practice it is measured to. */
export function toDoctorCardDto(record: DoctorCardRecord & { distanceMetres?: number | null; nearestLocation?: LocationRecord | null }): DoctorCardDto {
  const metres = record.distanceMetres;
  return {
    ...cardCommon(record),
    nextAvailableAt: record.nextAvailableAt,
    distanceKm: metres === null || metres === undefined ? null : Math.round(metres / 10) / 100,
    nearestLocation: record.nearestLocation ? toLocationDto(record.nearestLocation) : null,
  };
}
