import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService } from '../../../common/access/access.service.js';
import { Permission } from '../../../common/access/permission.js';
import { AuditService } from '../../../common/audit/audit.service.js';
import type { Principal } from '../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { AppError, notFound } from '../../../common/errors/app-error.js';
import { EventBus } from '../../../common/events/event-bus.service.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import type { AppConfig } from '../../../config/config.js';
import { Transactions, type Executor } from '../../../db/transactions.js';
import { BookingSuspensionsRepository } from './booking-suspensions.repository.js';
import { suspensionAfterNoShow } from './no-show-policy.js';

/**
 * No-shows have a consequence: NO_SHOW_LIMIT of them within 180 days suspend online booking
 * for 30 days (422 BOOKING_SUSPENDED, with the end date). The appointment's doctor or an
 * admin may lift it.
 */
@Injectable()
export class BookingSuspensions implements OnModuleInit {
  constructor(
    private readonly repository: BookingSuspensionsRepository,
    private readonly transactions: Transactions,
    private readonly events: EventBus,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on('appointment.noShow', ({ patientId }) => this.afterNoShow(patientId));
  }

  /** Refuses a booking (422 BOOKING_SUSPENDED) while a suspension is in force; inside the booking's transaction. */
  async enforce(tx: Executor, patientId: string): Promise<void> {
    const active = await this.repository.active(patientId, this.clock.now(), tx);
    if (!active) return;
    const until = active.endsAt.toISOString();
    throw new AppError('BOOKING_SUSPENDED', {
      detail: `After ${this.config.scheduling.noShowLimit} missed appointments, online booking is suspended until ${until}; the clinic can still book you.`,
      extensions: { suspendedUntil: until },
    });
  }

  /** After a no-show: a new suspension once the patient reaches the limit (one decision at a time per patient). */
  private async afterNoShow(patientId: string): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      await this.repository.lock(tx, patientId);
      if (await this.repository.active(patientId, now, tx)) return;
      const count = await this.repository.countableNoShows(tx, patientId, suspensionAfterNoShow.countSince(now));
      const suspension = suspensionAfterNoShow.decide(count, this.config.scheduling.noShowLimit, now);
      if (suspension) await this.repository.create(tx, patientId, suspension.start, suspension.end);
    });
  }

  /** Lifts a patient's suspension: an admin, or a doctor the patient has had an appointment with (anyone else: 404). */
  async lift(principal: Principal, patientId: string, client: ClientContext): Promise<void> {
    await this.access.requireAccess(principal, Permission.BookingSuspensionLift);
    if (principal.role === 'doctor' && !(await this.repository.doctorKnowsPatient(principal.userId, patientId))) throw notFound('bookingSuspension');
    const lifted = await this.repository.lift(patientId, principal.userId, this.clock.now());
    await this.audit.recordBy(principal, client, { action: 'booking_suspension.lift', outcome: lifted ? 'success' : 'failure', resource: { type: 'patient', id: patientId } });
    if (!lifted) throw notFound('bookingSuspension');
  }
}
