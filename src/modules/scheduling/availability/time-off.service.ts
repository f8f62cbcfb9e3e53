import { Inject, Injectable } from '@nestjs/common';
import { Permission } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { CLOCK, type Clock } from '../../../common/clock/clock.js';
import { AppError, invalidFields, notFound } from '../../../common/errors/app-error.js';
import { EventBus } from '../../../common/events/event-bus.service.js';
import { AppointmentsRepository } from '../appointments/appointments.repository.js';
import { DoctorContext } from '../doctor-context.service.js';
import { MAX_LISTED_TIME_OFF, TIME_OFF_LISTED_DAYS_AFTER_END, type TimeOffInput } from './dto/time-off.inputs.js';
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
    @Inject(CLOCK) private readonly clock: Clock,
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
    const row = await this.timeOff.create(doctor.id, range, input.reason ?? null, this.listedSince());
    if (!row) {
      const message = `at most ${MAX_LISTED_TIME_OFF} entries that have not ended or ended in the last ${TIME_OFF_LISTED_DAYS_AFTER_END} days`;
      throw new AppError('VALIDATION_FAILED', { detail: `At most ${MAX_LISTED_TIME_OFF} current and recent time off entries; remove one first.`, errors: [{ field: 'start', message }] });
    }
    const conflictingAppointmentIds = await this.appointments.confirmedOverlapping(doctor.id, range);
    await this.events.emit('doctor.scheduleChanged', { doctorId: doctor.id, zoneChanged: false });
    return { ...toTimeOffDto(row), conflictingAppointmentIds };
  }

  async list(principal: Principal): Promise<TimeOffDto[]> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    return (await this.timeOff.list(doctor.id, this.listedSince())).map(toTimeOffDto);
  }

  /** Time off that ended before this is no longer listed (nor counted against the cap). */
  private listedSince(): Date {
    return new Date(this.clock.now().getTime() - TIME_OFF_LISTED_DAYS_AFTER_END * 86_400_000);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const doctor = await this.context.owning(principal, Permission.TimeOffDelete, id);
    if (!(await this.timeOff.remove(doctor.id, id))) throw notFound('timeOff');
    await this.events.emit('doctor.scheduleChanged', { doctorId: doctor.id, zoneChanged: false });
  }
}
