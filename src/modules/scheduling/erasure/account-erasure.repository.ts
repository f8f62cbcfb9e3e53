import { Injectable } from '@nestjs/common';
import { and, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Relation } from '../../../common/access/permission.js';
import type { Executor } from '../../../db/transactions.js';
import { appointmentHolds, appointments, calendarTokens, doctors, notificationPreferences, waitlistEntries } from '../../../db/schema/index.js';

export interface CancelledByErasure {
  appointmentId: string;
  doctorId: string;
  patientId: string;
  /** The doctor's account (whom a notice to the doctor is addressed to). */
  doctorUserId: string;
  startAt: Date;
}

/** What the scheduling module holds of an account that is being deleted (DELETE /api/v1/me), inside that transaction. */
@Injectable()
export class AccountErasureRepository {
  /** Cancels the account's confirmed appointments that start after `at`, as the party `as` (the account's side). */
  async cancelFuture(tx: Executor, userId: string, as: Relation, at: Date): Promise<CancelledByErasure[]> {
    const party = as === 'doctor' ? inArray(appointments.doctorId, doctorRowOf(userId)) : eq(appointments.patientId, userId);
    const rows = await tx
      .update(appointments)
      .set({ status: 'cancelled', cancelledBy: as, sequence: sql`${appointments.sequence} + 1`, updatedAt: sql`now()` })
      .where(and(party, eq(appointments.status, 'confirmed'), gt(appointments.startAt, at)))
      .returning({ appointmentId: appointments.id, doctorId: appointments.doctorId, patientId: appointments.patientId, startAt: appointments.startAt });
    if (rows.length === 0) return [];
    const owners = await tx
      .select({ id: doctors.id, userId: doctors.userId })
      .from(doctors)
      .where(inArray(doctors.id, [...new Set(rows.map((r) => r.doctorId))]));
    const userOf = new Map(owners.map((o) => [o.id, o.userId]));
    return rows.map((r) => ({ ...r, doctorUserId: userOf.get(r.doctorId)! }));
  }

  /** Every appointment of the account is kept for the other party's records until `retainUntil`; the video link is a secret and goes. */
  async retain(tx: Executor, userId: string, retainUntil: Date): Promise<number> {
    const rows = await tx
      .update(appointments)
      .set({ retainUntil, videoUrl: null, updatedAt: sql`now()` })
      .where(or(eq(appointments.patientId, userId), inArray(appointments.doctorId, doctorRowOf(userId))))
      .returning({ id: appointments.id });
    return rows.length;
  }

  /** Waitlist entries and holds of the account (as patient, or as the doctor they wait for), its preferences and its calendar feed token. */
  async removeOwnRows(tx: Executor, userId: string): Promise<void> {
    await tx.delete(appointmentHolds).where(or(eq(appointmentHolds.patientId, userId), inArray(appointmentHolds.doctorId, doctorRowOf(userId))));
    await tx.delete(waitlistEntries).where(or(eq(waitlistEntries.patientId, userId), inArray(waitlistEntries.doctorId, doctorRowOf(userId))));
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    await tx.delete(calendarTokens).where(eq(calendarTokens.userId, userId));
  }
}

/** The doctor row of an account (none for a patient or an admin), as a subquery. */
function doctorRowOf(userId: string): SQL {
  return sql`(select ${doctors.id} from ${doctors} where ${doctors.userId} = ${userId})`;
}
