import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AuditChainRepository } from './audit-chain.repository.js';

/** The prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainBreak =
  | { seq: number; id: string; reason: 'gap'; expectedSeq: number }
  | { seq: number; id: string; reason: 'prev-hash-mismatch' | 'row-hash-mismatch' }
  | { seq: number; id: null; reason: 'head-mismatch' | 'head-missing' | 'unchained-rows' };

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; firstBreak: ChainBreak };

/**
 * Walks the audit chain in `chain_seq` order and recomputes every link in this process:
 * seq has no gaps from 1, each prev_hash is the previous row_hash, each row_hash is
 * sha256(prev_hash || canonical text). The head must name the last row, so rows cut off the
 * end show too. Stops at the first broken link: everything after it is unproven.
 */
export async function verifyAuditChain(db: Db, batchSize = 1_000): Promise<ChainVerdict> {
  const repository = new AuditChainRepository(db);
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const batch = await repository.rowsAfter(expectedSeq - 1, batchSize);
    for (const row of batch) {
      if (row.seq !== expectedSeq) return { ok: false, rows, firstBreak: { seq: row.seq, id: row.id, reason: 'gap', expectedSeq } };
      if (row.prevHash !== prev) return { ok: false, rows, firstBreak: { seq: row.seq, id: row.id, reason: 'prev-hash-mismatch' } };
      const hash = createHash('sha256').update(prev + row.canonical, 'utf8').digest('hex');
      if (hash !== row.rowHash) return { ok: false, rows, firstBreak: { seq: row.seq, id: row.id, reason: 'row-hash-mismatch' } };
      prev = hash;
      expectedSeq++;
      rows++;
    }
    if (batch.length < batchSize) break;
  }
  if ((await repository.unchainedCount()) > 0) return { ok: false, rows, firstBreak: { seq: expectedSeq, id: null, reason: 'unchained-rows' } };
  const head = await repository.head();
  if (!head) return { ok: false, rows, firstBreak: { seq: expectedSeq, id: null, reason: 'head-missing' } };
  if (head.seq !== rows || head.hash !== prev) return { ok: false, rows, firstBreak: { seq: expectedSeq, id: null, reason: 'head-mismatch' } };
  return { ok: true, rows };
}

export function describeVerdict(verdict: ChainVerdict): string {
  if (verdict.ok) return `audit chain intact: ${verdict.rows} rows verified`;
  const b = verdict.firstBreak;
  const at = b.id ? `row ${b.id} (chain_seq ${b.seq})` : `chain_seq ${b.seq}`;
  const why = {
    gap: b.reason === 'gap' ? `expected chain_seq ${b.expectedSeq}: rows are missing` : '',
    'prev-hash-mismatch': 'its prev_hash is not the previous row_hash (a row before it was removed or reinserted)',
    'row-hash-mismatch': 'its contents do not match its row_hash (the row was changed)',
    'unchained-rows': 'rows without a chain position exist (inserted with the chain trigger off)',
    'head-missing': 'the chain head row is missing',
    'head-mismatch': 'the chain head does not name the last row (rows were removed from the end, or the head was moved)',
  }[b.reason];
  return `audit chain BROKEN at ${at}: ${why}; ${verdict.rows} rows before it verified`;
}
