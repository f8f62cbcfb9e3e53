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
  /**
   * The latest change of any public doctor (null when there is none) and the public doctors
   * changed after `since` (all of them without it), by id. The latest change, not the clock:
   * it moves only when something changed, so a manifest naming it stays the same (and cached)
   * while nothing does, and no change is stamped after it that it claims to cover.
   */
  async changed(db: Executor, since: Date | undefined): Promise<{ latest: Date | null; doctorIds: string[] }> {
    const changedAt = sql`greatest(d.updated_at, d.verified_at,
        (select a.updated_at from availability a where a.doctor_id = d.id),
        (select max(t.updated_at) from appointment_types t where t.doctor_id = d.id),
        (select max(o.created_at) from time_off o where o.doctor_id = d.id),
        (select max(p.updated_at) from appointments p where p.doctor_id = d.id),
        (select max(h.created_at) from appointment_holds h where h.doctor_id = d.id))`;
    const after = since ? sql`${changedAt} > ${since.toISOString()}::timestamptz` : sql`true`;
    const rows = await rowsOf<{ id: string; changed_at: string | Date; after: boolean }>(
      db,
      sql`select d.id, ${changedAt} as changed_at, ${after} as after from doctors d where ${publicDoctorsOnly('d')} order by d.id`,
    );
    const latest = rows.reduce<Date | null>((max, r) => {
      const at = new Date(r.changed_at);
      return max && max >= at ? max : at;
    }, null);
    return { latest, doctorIds: rows.filter((r) => r.after).map((r) => r.id) };
  }
}
