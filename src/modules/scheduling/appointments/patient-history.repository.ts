import { Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { appointments } from '../../../db/schema/index.js';
import type { Executor } from '../../../db/transactions.js';

/** What a patient's past visits with a doctor say about them (served by appointments_patient_status_idx). */
@Injectable()
export class PatientHistoryRepository {
  /** Returning: at least one completed visit with this doctor. */
  async isReturning(db: Executor, doctorId: string, patientId: string): Promise<boolean> {
    const [row] = await db
      .select({ id: appointments.id })
      .from(appointments)
      .where(and(eq(appointments.patientId, patientId), sql`${appointments.status} = 'completed'`, eq(appointments.doctorId, doctorId)))
      .limit(1);
    return row !== undefined;
  }
}
