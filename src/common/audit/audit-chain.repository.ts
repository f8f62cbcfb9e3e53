import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';

export interface ChainRow {
  id: string;
  seq: number;
  prevHash: string;
  rowHash: string;
  /** The row's canonical text, spelt out here rather than by the database's own function, so a changed function shows too. */
  canonical: string;
}

/** Reads the audit chain for its verifier; the rows and the head, nothing else. */
export class AuditChainRepository {
  constructor(private readonly db: Db) {}

  /** Up to `limit` rows with chain_seq > `afterSeq`, in chain order. */
  async rowsAfter(afterSeq: number, limit: number): Promise<ChainRow[]> {
    const result = (await this.db.execute(sql`
      select e.id::text as id, e.chain_seq::text as seq, e.prev_hash as "prevHash", e.row_hash as "rowHash",
        jsonb_build_array(
          e.chain_seq, e.id, to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id, e.outcome,
          host(e.ip), e.request_id, e.client_request_id, e.details
        )::text as canonical
      from audit_events e
      where e.chain_seq > ${afterSeq}
      order by e.chain_seq
      limit ${limit}`)) as unknown as { rows: (Omit<ChainRow, 'seq'> & { seq: string })[] };
    return result.rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  }

  /** Rows the trigger did not chain (there should be none: the column is NOT NULL). */
  async unchainedCount(): Promise<number> {
    const result = (await this.db.execute(sql`select count(*)::int as n from audit_events where chain_seq is null`)) as unknown as { rows: { n: number }[] };
    return result.rows[0]?.n ?? 0;
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    const result = (await this.db.execute(sql`select seq::text as seq, hash from audit_chain_head where singleton`)) as unknown as { rows: { seq: string; hash: string }[] };
    const row = result.rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }
}
