import { Injectable } from '@nestjs/common';
import { AccessService } from '../../../common/access/access.service.js';
import { Permission } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { slotNotOffered } from '../../../common/errors/app-error.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { AppointmentAudit } from './appointment-audit.service.js';
import { AppointmentChanges } from './appointment-changes.service.js';
import { AppointmentsService } from './appointments.service.js';
import type { RescheduleAppointmentInput } from './dto/appointment.inputs.js';
import { toAppointmentDto, type AppointmentDto } from './dto/appointment.outputs.js';
import { SlotPlanner } from './slot-planner.service.js';

/**
 * Moves an appointment, all or nothing: one UPDATE of the same row in one transaction. If the
 * new time is taken the exclusion constraint refuses the UPDATE and the row keeps its old time.
 */
@Injectable()
export class RescheduleService {
  constructor(
    private readonly access: AccessService,
    private readonly lifecycle: AppointmentsService,
    private readonly planner: SlotPlanner,
    private readonly changes: AppointmentChanges,
    private readonly audit: AppointmentAudit,
  ) {}

  async reschedule(principal: Principal, id: string, input: RescheduleAppointmentInput, client: ClientContext): Promise<AppointmentDto> {
    const as = await this.access.requireAccess(principal, Permission.AppointmentReschedule, id, client);
    const view = await this.lifecycle.changeable('reschedule', as, id, principal, client);
    const slot = await this.planner.forMove(view, input.start);
    if (!slot) {
      await this.audit.record('reschedule', 'failure', principal, client, id, { code: 'SLOT_NOT_AVAILABLE' });
      throw slotNotOffered();
    }
    return toAppointmentDto(await this.changes.move(view, slot, principal, client), as);
  }
}
