import { Inject, Injectable } from '@nestjs/common';
import { AccessService } from '../../../common/access/access.service.js';
import { Permission } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError, invalidTransition, notFound, slotNotOffered } from '../../../common/errors/app-error.js';
import { mapDatabaseError } from '../../../common/errors/database-errors.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { AppointmentAudit } from './appointment-audit.service.js';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { AppointmentsService } from './appointments.service.js';
import { AvailabilityRepository } from '../availability/availability.repository.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { DoctorLookupRepository } from '../doctor-lookup.repository.js';
import type { RescheduleAppointmentInput } from './dto/appointment.inputs.js';
import { toAppointmentDto, type AppointmentDto } from './dto/appointment.outputs.js';
import { rescheduledMessages } from '../notifications/notification-messages.js';
import { OutboxRepository } from '../notifications/outbox.repository.js';
import { ScheduleChanges } from '../schedule-changes.service.js';
import { SlotsService } from '../slots/slots.service.js';
import { occupiedRange } from '../slots/engine/index.js';
import { Transactions } from '../../../db/transactions.js';

/**
 * Moves an appointment, all or nothing: one UPDATE of the same row in one transaction. If the
 * new time is taken the exclusion constraint refuses the UPDATE and the row keeps its old time.
 */
@Injectable()
export class RescheduleService {
  constructor(
    private readonly access: AccessService,
    private readonly lifecycle: AppointmentsService,
    private readonly appointments: AppointmentsRepository,
    private readonly doctors: DoctorLookupRepository,
    private readonly types: AppointmentTypesRepository,
    private readonly availability: AvailabilityRepository,
    private readonly slots: SlotsService,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    private readonly changes: ScheduleChanges,
    private readonly audit: AppointmentAudit,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async reschedule(principal: Principal, id: string, input: RescheduleAppointmentInput, client: ClientContext): Promise<AppointmentDto> {
    const as = await this.access.requireAccess(principal, Permission.AppointmentReschedule, id, client);
    const view = await this.lifecycle.found(id);
    // Nobody moves a visit that has begun (409); patients only until the cancellation notice (422).
    const now = this.clock.now();
    await this.lifecycle.allow('reschedule', view, now, principal, client);
    if (as === 'patient') await this.lifecycle.allowPatientChange('reschedule', view, now, principal, client);

    const [doctor, type, settings] = await Promise.all([this.doctors.byId(view.doctorId), this.types.findById(view.appointmentTypeId), this.availability.find(view.doctorId)]);
    if (!doctor || !type) throw notFound('appointment');
    // Other bookings are the constraint's business (409); the UPDATE of this same row does
    // not conflict with its own old range, so moving by one slot works.
    const slot = await this.slots.offeredSlot(doctor, settings, type, input.start);
    if (!slot) {
      await this.audit.record('reschedule', 'failure', principal, client, id, { code: 'SLOT_NOT_AVAILABLE' });
      throw slotNotOffered();
    }

    let updated;
    try {
      updated = await this.transactions.run(async (tx) => {
        const moved = await this.appointments.moveTo(tx, id, { startAt: slot.start, endAt: slot.end, busyUntil: occupiedRange(slot.start, type).end });
        if (!moved) throw invalidTransition();
        await this.outbox.enqueue(tx, rescheduledMessages(id, slot.start, this.clock.now()));
        await this.audit.succeeded(tx, 'reschedule', principal, client, id, { from: view.startAt.toISOString(), to: slot.start.toISOString() });
        return (await this.appointments.findView(id, tx))!;
      });
    } catch (error) {
      const mapped = error instanceof AppError ? error : mapDatabaseError(error);
      await this.audit.record('reschedule', 'failure', principal, client, id, { code: mapped?.code ?? 'INTERNAL_ERROR' });
      throw mapped ?? error;
    }
    await this.changes.changed(view.doctorId);
    return toAppointmentDto(updated);
  }
}
