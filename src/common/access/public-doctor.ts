import { sql, type SQL } from 'drizzle-orm';

/** The verification status that makes a doctor public; the only place that names it. */
const PUBLIC_STATUS = 'verified';

/**
 * The one answer to "is this doctor public?": listed in the directory, bookable, with a profile,
 * availability, types, slots and reviews anyone may read. Today that is "verified"; a doctor and
 * admins may still see an unpublished profile (Permission.DoctorViewUnverified).
 */
export function isPublicDoctor(doctor: { verificationStatus: string }): boolean {
  return doctor.verificationStatus === PUBLIC_STATUS;
}

/** The same rule as a condition, for queries over many doctors (the directory search) on the doctors row `alias`. */
export function publicDoctorsOnly(alias: string): SQL {
  return sql`${sql.identifier(alias)}.verification_status = ${sql.raw(`'${PUBLIC_STATUS}'`)}`;
}
