import { z } from 'zod';
import { pageSchema } from '../../../common/pagination/page-query.js';
import type { DoctorCardRecord, DoctorRecord } from '../doctor.record.js';
import { instantOutput } from '../../../common/validation/instant.js';
import { moneyOf, moneyOutputSchema } from '../../../common/validation/money.js';
import { timeZoneOutput } from '../../../common/validation/time-zone.js';
import { consultationModeSchema, verificationStatusSchema, type ConsultationMode } from '../../../common/validation/enums.js';

const specialty = z.object({ code: z.string().meta({ example: 'cardiology' }), name: z.string().meta({ example: 'Cardiology' }) });
const location = z.object({ id: z.uuid(), name: z.string(), address: z.string(), city: z.string(), country: z.string().meta({ example: 'DE' }) }).meta({ id: 'Location' });
const rating = z.object({
  average: z.number().meta({ example: 4.6, description: '0 while count is 0' }),
  count: z.number().int(),
});

const cardFields = {
  id: z.uuid(),
  userId: z.uuid(),
  fullName: z.string().meta({ example: 'Dr. Amina Okafor' }),
  bio: z.string(),
  specialties: z.array(specialty),
  yearsOfExperience: z.number().int().nullable(),
  languages: z.array(z.string()).meta({ example: ['en', 'de'] }),
  consultationFee: moneyOutputSchema.nullable().meta({ description: 'null until the doctor sets a fee' }),
  consultationModes: z.array(consultationModeSchema),
  locations: z.array(location),
  timezone: timeZoneOutput,
  verificationStatus: verificationStatusSchema,
  rating,
};

export const doctorSchema = z.object({
  ...cardFields,
  qualifications: z.array(z.object({ degree: z.string(), institution: z.string(), year: z.number().int() })),
  licenseNumber: z.string().nullable().optional().meta({ description: 'Only to the doctor and admins' }),
  verificationNote: z.string().nullable().optional().meta({ description: 'Only to the doctor and admins' }),
  verifiedAt: instantOutput.nullable().optional().meta({ description: 'Only to the doctor and admins' }),
  changedSinceDecision: z
    .array(z.enum(['fullName', 'licenseNumber', 'qualifications']))
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
