import { z } from 'zod';
import { pageSchema } from '../../../common/pagination/page-query.js';
import type { DoctorCardRecord, DoctorRecord } from '../doctor.record.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { moneyOf, moneyOutputSchema } from '../../../common/validation/money.js';
import { timeZoneOutput } from '../../../common/validation/time-zone.js';
import { CONSULTATION_MODES, consultationModeSchema, verificationStatusSchema, type ConsultationMode } from '../../../common/validation/enums.js';
import { FULL_NAME_MAX_LENGTH } from '../../auth/dto/auth.inputs.js';
import { SPECIALTY_NAME_MAX_LENGTH } from '../../specialties/dto/specialty.outputs.js';
import { LIMITS } from './doctor.inputs.js';

// Every bound is the one the input that stores the value enforces (doctor.inputs.ts, auth.inputs.ts).
const IDENTITY_FIELDS = ['fullName', 'licenseNumber', 'qualifications'] as const;

const specialty = z.object({
  code: z.string().max(LIMITS.specialtyCode).meta({ example: 'cardiology' }),
  name: z.string().max(SPECIALTY_NAME_MAX_LENGTH).meta({ example: 'Cardiology' }),
});
const location = z
  .object({
    id: z.uuid(),
    name: z.string().max(LIMITS.locationName),
    address: z.string().max(LIMITS.address),
    city: z.string().max(LIMITS.city),
    country: z.string().max(2).meta({ example: 'DE' }),
  })
  .meta({ id: 'Location' });
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
  timezone: timeZoneOutput,
  verificationStatus: verificationStatusSchema,
  rating,
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
}).meta({ id: 'Doctor' });
export type DoctorDto = z.infer<typeof doctorSchema>;
export const doctorPageSchema = pageSchema(doctorSchema);

export const doctorCardSchema = z.object({
  ...cardFields,
  nextAvailableAt: instantOutput.nullable(),
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
    locations: record.locations.map((l) => ({ id: l.id, name: l.name, address: l.address, city: l.city, country: l.country })),
    timezone: record.timezone,
    verificationStatus: record.verificationStatus,
    rating: { average: Number(record.ratingAverage), count: record.ratingCount },
  };
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
  }
  return dto;
}

export function toDoctorCardDto(record: DoctorCardRecord): DoctorCardDto {
  return { ...cardCommon(record), nextAvailableAt: record.nextAvailableAt };
}
