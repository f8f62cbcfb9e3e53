import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { publicDoctorsOnly } from '../../../common/access/public-doctor.js';
import { rowsOf } from '../../../db/rows.js';
import type { Executor } from '../../../db/transactions.js';

/**
 * When each public doctor's published schedule last changed, from the rows' own stamps (all
 * set by the database clock): the profile and its locations (doctors.updated_at, verified_at),
 * hours and settings (availability.updated_at), appointment types (updated_at), time off
 * added (created_at), appointments booked or changed (updated_at) and holds taken
 * (created_at). Rows that disappear leave no stamp (time off deleted, a hold lapsing): those
 * show in the next full fetch.
 */
@Injectable()
export class ScheduleActivityRepository {
  /** The database's clock now, and the public doctors changed after `since` (all of them without it), by id. */
  async changed(db: Executor, since: Date | undefined): Promise<{ at: Date; doctorIds: string[] }> {
    const changedAt = sql`greatest(d.updated_at, d.verified_at,
        (select a.updated_at from availability a where a.doctor_id = d.id),
        (select max(t.updated_at) from appointment_types t where t.doctor_id = d.id),
        (select max(o.created_at) from time_off o where o.doctor_id = d.id),
        (select max(p.updated_at) from appointments p where p.doctor_id = d.id),
        (select max(h.created_at) from appointment_holds h where h.doctor_id = d.id))`;
    const filter = since ? sql`and ${changedAt} > ${since.toISOString()}::timestamptz` : sql``;
    const [clock] = await rowsOf<{ at: string | Date }>(db, sql`select now() as at`);
    const rows = await rowsOf<{ id: string }>(db, sql`select d.id from doctors d where ${publicDoctorsOnly('d')} ${filter} order by d.id`);
    return { at: new Date(clock!.at), doctorIds: rows.map((r) => r.id) };
  }
}
