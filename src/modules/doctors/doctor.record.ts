import type { VerificationStatus } from '../../common/validation/enums.js';

/** A doctor as the repositories read it: one row plus its lists, before any visibility rule. */
export interface DoctorRecord {
  id: string;
  userId: string;
  fullName: string;
  bio: string;
  licenseNumber: string | null;
  yearsOfExperience: number | null;
  feeAmount: number | null;
  feeCurrency: string | null;
  consultationModes: string[];
  languages: string[];
  timezone: string;
  verificationStatus: VerificationStatus;
  verificationNote: string | null;
  verifiedAt: string | null;
  /** Identity fields changed since the last admin decision (why a decided profile is pending again). */
  changedSinceDecision: string[];
  /** Verification documents uploaded (documents/), shown to the doctor and admins. */
  documentCount: number;
  ratingAverage: string;
  ratingCount: number;
  nextAvailableAt: string | null;
  specialties: { code: string; name: string }[];
  qualifications: { degree: string; institution: string; year: number }[];
  locations: LocationRecord[];
  insurancePlans: { id: string; payer: string; plan: string }[];
  /** The photo's content hash (its URLs), null without a photo. */
  photoHash: string | null;
}

export interface LocationRecord {
  id: string;
  name: string;
  address: string;
  city: string;
  country: string;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  accessibilityNotes: string | null;
}

/** A directory card: the record without qualifications and licence (never selected). */
export type DoctorCardRecord = Omit<DoctorRecord, 'qualifications' | 'licenseNumber' | 'verificationNote' | 'verifiedAt' | 'changedSinceDecision' | 'documentCount'>;

/** A location as sent: with `id` (one of the doctor's), it is updated in place and keeps the id. */
export interface LocationChange {
  id?: string | undefined;
  name: string;
  address: string;
  city: string;
  country: string;
  postalCode?: string | null | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  phone?: string | null | undefined;
  accessibilityNotes?: string | null | undefined;
}

/** A location's own fields, an absent optional one as null: what is stored for it and what a DTO shows of it. */
export function locationFields(l: LocationChange): Omit<LocationRecord, 'id'> {
  return {
    name: l.name,
    address: l.address,
    city: l.city,
    country: l.country,
    postalCode: l.postalCode ?? null,
    latitude: l.latitude ?? null,
    longitude: l.longitude ?? null,
    phone: l.phone ?? null,
    accessibilityNotes: l.accessibilityNotes ?? null,
  };
}
