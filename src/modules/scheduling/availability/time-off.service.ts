import { Injectable } from '@nestjs/common';
import { Permission } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { invalidFields, notFound } from '../../../common/errors/app-error.js';
import { EventBus } from '../../../common/events/event-bus.service.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import { DoctorContext } from '../doctor-context.service.js';
import type { TimeOffInput } from './dto/time-off.inputs.js';
import { toTimeOffDto, type CreatedTimeOffDto, type TimeOffDto } from './dto/time-off.outputs.js';
import { TimeOffRepository } from './time-off.repository.js';

const MAX_TIME_OFF_MS = 731 * 86_400_000;

/** A doctor's time off: added, listed, removed; slots and the next opening follow by event. */
@Injectable()
export class TimeOffService {
  constructor(
    private readonly context: DoctorContext,
    private readonly timeOff: TimeOffRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly events: EventBus,
  ) {}

  /** Adds time off and reports the confirmed appointments it overlaps; it cancels none of them. */
  async add(principal: Principal, input: TimeOffInput): Promise<CreatedTimeOffDto> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    if (input.start.getTime() >= input.end.getTime()) {
      throw invalidFields([{ field: 'end', message: 'must be after start' }]);
    }
    if (input.end.getTime() - input.start.getTime() > MAX_TIME_OFF_MS) {
      throw invalidFields([{ field: 'end', message: 'must be at most 731 days after start' }]);
    }
    const range = { start: input.start, end: input.end };
    const row = await this.timeOff.create(doctor.id, range, input.reason ?? null);
    const conflictingAppointmentIds = await this.appointments.confirmedOverlapping(doctor.id, range);
    await this.events.emit('doctor.scheduleChanged', { doctorId: doctor.id, zoneChanged: false });
    return { ...toTimeOffDto(row), conflictingAppointmentIds };
  }

  async list(principal: Principal): Promise<TimeOffDto[]> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    return (await this.timeOff.list(doctor.id)).map(toTimeOffDto);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const doctor = await this.context.owning(principal, Permission.TimeOffDelete, id);
    if (!(await this.timeOff.remove(doctor.id, id))) throw notFound('timeOff');
    await this.events.emit('doctor.scheduleChanged', { doctorId: doctor.id, zoneChanged: false });
  }
}
