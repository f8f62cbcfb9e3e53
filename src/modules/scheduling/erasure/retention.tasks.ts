import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../../../common/audit/audit.service.js';
import { PeriodicTaskRunner } from '../../../common/periodic/periodic-task.runner.js';
import { Transactions } from '../../../db/transactions.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';

export const RETAINED_APPOINTMENTS_PURGE_TASK = 'scheduling.purge-retained-appointments';

/**
 * The end of a deleted account's records: its appointments were kept, pseudonymised, for the
 * other party until `retain_until` (`RECORD_RETENTION_YEARS` after the deletion); then they go.
 */
@Injectable()
export class RetentionTasks implements OnModuleInit {
  constructor(
    private readonly runner: PeriodicTaskRunner,
    private readonly transactions: Transactions,
    private readonly appointments: AppointmentsRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.runner.registerPurge(RETAINED_APPOINTMENTS_PURGE_TASK, async (limit) => ({ appointments: await this.purgeBatch(limit) }));
  }

  /**
   * Medical records are destroyed only on the record: each deleted appointment leaves an audit
   * row in the same transaction (no actor: the retention rule did it), so none goes unrecorded.
   */
  private purgeBatch(limit: number): Promise<number> {
    return this.transactions.run(async (tx) => {
      const ids = await this.appointments.purgeRetained(tx, limit);
      for (const id of ids) {
        await this.audit.record({ action: 'appointment.purge_retained', outcome: 'success', actor: null, resource: { type: 'appointment', id } }, tx);
      }
      return ids.length;
    });
  }
}
