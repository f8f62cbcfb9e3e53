import { describe, expect, it } from 'vitest';
import { AUDIT_BOUNDS, AuditService } from '../../src/common/audit/audit.service.js';
import type { AuditEventInsert, AuditRepository } from '../../src/common/audit/audit.repository.js';

/** Keeps the rows it is given instead of writing them: what `record` hands the table is what is checked. */
class RowsKept {
  readonly rows: AuditEventInsert[] = [];
  insert(row: AuditEventInsert): Promise<void> {
    this.rows.push(row);
    return Promise.resolve();
  }
}

describe('the audit trail keeps to the bounds GET /admin/audit-events documents', () => {
  it('clips over-long texts and detail values, and drops an over-long address', async () => {
    const kept = new RowsKept();
    await new AuditService(kept as unknown as AuditRepository).record({
      action: `a.${'b'.repeat(500)}`,
      outcome: 'failure',
      resource: { type: 'r'.repeat(500), id: 'i'.repeat(5_000) },
      client: { ip: `fe80::1%${'e'.repeat(100)}`, requestId: 'q'.repeat(500), clientRequestId: 'c'.repeat(500) } as never,
      details: { note: 'n'.repeat(5_000), count: 3, flag: true, none: null },
    });
    const [row] = kept.rows;
    const length = (text: unknown) => [...String(text)].length;
    expect(length(row?.action)).toBe(AUDIT_BOUNDS.action);
    expect(length(row?.resourceType)).toBe(AUDIT_BOUNDS.resourceType);
    expect(length(row?.resourceId)).toBe(AUDIT_BOUNDS.resourceId);
    expect(length(row?.requestId)).toBe(AUDIT_BOUNDS.requestId);
    expect(length(row?.clientRequestId)).toBe(AUDIT_BOUNDS.requestId);
    expect(row?.ip).toBeNull();
    expect(length(row?.details?.note)).toBe(AUDIT_BOUNDS.detail);
    expect(row?.details).toMatchObject({ count: 3, flag: true, none: null });
  });

  it('records values within the bounds unchanged', async () => {
    const kept = new RowsKept();
    const event = { action: 'auth.login', outcome: 'success' as const, resource: { type: 'user', id: '0b6f3c1e-4a8e-4d5f-9a51-2f1d4c7e8b90' }, client: { ip: '::ffff:203.0.113.7', requestId: 'r-1234567', clientRequestId: null } as never, details: { reason: 'x' } };
    await new AuditService(kept as unknown as AuditRepository).record(event);
    expect(kept.rows[0]).toMatchObject({ action: 'auth.login', resourceType: 'user', resourceId: '0b6f3c1e-4a8e-4d5f-9a51-2f1d4c7e8b90', ip: '::ffff:203.0.113.7', requestId: 'r-1234567', details: { reason: 'x' } });
  });
});
