import { Injectable } from '@nestjs/common';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import { invalidFields, notFound, type FieldError } from '../../common/errors/app-error.js';
import { EventBus } from '../../common/events/event-bus.js';
import { DoctorScheduleService } from '../doctors/doctor-schedule.service.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { AvailabilityRepository } from './availability.repository.js';
import { DoctorContext } from './doctor-context.js';
import { toAvailabilityDto, type AvailabilityDto, type AvailabilityInput } from './dto/availability.dto.js';
import { toTimeOffDto, type CreatedTimeOffDto, type TimeOffDto, type TimeOffInput } from './dto/time-off.dto.js';
import { validateWeeklyRules } from './slots/index.js';
import { TimeOffRepository } from './time-off.repository.js';
import { Transactions } from '../../db/transactions.js';

const MAX_TIME_OFF_MS = 731 * 86_400_000;

/** Weekly hours, settings and time off of a doctor. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly context: DoctorContext,
    private readonly doctors: DoctorScheduleService,
    private readonly availability: AvailabilityRepository,
    private readonly timeOff: TimeOffRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly transactions: Transactions,
    private readonly events: EventBus,
  ) {}

  async mine(principal: Principal): Promise<AvailabilityDto> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    return toAvailabilityDto({ timezone: doctor.timezone, ...(await this.availability.find(doctor.id)) });
  }

  async ofDoctor(doctorId: string): Promise<AvailabilityDto> {
    const doctor = await this.context.publicDoctor(doctorId);
    return toAvailabilityDto({ timezone: doctor.timezone, ...(await this.availability.find(doctor.id)) });
  }

  /** Replaces the doctor's availability (and time zone, canonical from the one time-zone schema) as a whole. */
  async replace(principal: Principal, input: AvailabilityInput): Promise<AvailabilityDto> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    const timezone = input.timezone ?? doctor.timezone;
    const zoneChanged = timezone !== doctor.timezone;
    const errors: FieldError[] = validateWeeklyRules(input.weekly);
    if (errors.length > 0) throw invalidFields(errors);

    const settings = {
      weekly: input.weekly,
      slotIntervalMinutes: input.slotIntervalMinutes,
      minNoticeMinutes: input.minNoticeMinutes,
      maxAdvanceDays: input.maxAdvanceDays,
      cancellationNoticeHours: input.cancellationNoticeHours,
    };
    await this.transactions.run(async (tx) => {
      await this.availability.upsert(tx, doctor.id, settings);
      if (zoneChanged) await this.doctors.setTimezone(tx, doctor.id, timezone);
    });
    await this.events.emit('doctor.scheduleChanged', { doctorId: doctor.id, zoneChanged });
    return toAvailabilityDto({ timezone, ...settings });
  }

  /** Adds time off and reports the confirmed appointments it overlaps; it cancels none of them. */
  async addTimeOff(principal: Principal, input: TimeOffInput): Promise<CreatedTimeOffDto> {
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

  async listTimeOff(principal: Principal): Promise<TimeOffDto[]> {
    const doctor = await this.context.me(principal, Permission.AvailabilityManageOwn);
    return (await this.timeOff.list(doctor.id)).map(toTimeOffDto);
  }

  async removeTimeOff(principal: Principal, id: string): Promise<void> {
    const doctor = await this.context.owning(principal, Permission.TimeOffDelete, id);
    if (!(await this.timeOff.remove(doctor.id, id))) throw notFound('timeOff');
    await this.events.emit('doctor.scheduleChanged', { doctorId: doctor.id, zoneChanged: false });
  }
}
