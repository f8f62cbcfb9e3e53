import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../db/database.js';

/**
 * The lockout's fallback store: failed password checks as the audit trail records them
 * (`auth.login`, `auth.password_change` and the second-factor checks `auth.mfa_*`, outcome `failure`, actor = the account). Read
 * only while the cache is unreachable.
 */
@Injectable()
export class LoginFailuresRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /**
   * The instants of the account's most recent failed password checks after `since` and after
   * its last success (a sign-in, a password change or a completed reset forgives earlier
   * failures, as in the cache), newest first, at most `limit`. Served by audit_events_actor_at_idx.
   */
  async recentFailures(accountId: string, since: Date, limit: number): Promise<Date[]> {
    const result = (await this.database.db.execute(sql`
      with last_success as (
             select max(s.at) as at from audit_events s
             where s.actor_id = ${accountId} and s.action in ('auth.login', 'auth.password_change', 'auth.password_reset', 'auth.mfa_verify')
               and s.outcome = 'success' and s.at > ${since.toISOString()}::timestamptz)
      select f.at from audit_events f, last_success
      where f.actor_id = ${accountId} and f.action in ('auth.login', 'auth.password_change', 'auth.mfa_verify', 'auth.mfa_confirm', 'auth.mfa_disable') and f.outcome = 'failure'
        and f.at > ${since.toISOString()}::timestamptz and (last_success.at is null or f.at > last_success.at)
      order by f.at desc
      limit ${limit}`)) as unknown as { rows: { at: string | Date }[] };
    return result.rows.map((row) => new Date(row.at));
  }
}
