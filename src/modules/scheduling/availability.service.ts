import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { invalidFields, notFound, type FieldError } from '../../common/errors/app-error.js';
import { AppointmentsRepository } from './appointments.repository.js';
import { AvailabilityRepository } from './availability.repository.js';
import { DoctorContext } from './doctor-context.js';
import { DoctorLookupRepository } from './doctor-lookup.repository.js';
import { toAvailabilityDto, type AvailabilityDto, type AvailabilityInput } from './dto/availability.dto.js';
import { toTimeOffDto, type CreatedTimeOffDto, type TimeOffDto, type TimeOffInput } from './dto/time-off.dto.js';
import { ScheduleChanges } from './schedule-changes.js';
import { validateWeeklyRules } from './slots/index.js';
import { TimeOffRepository } from './time-off.repository.js';
import { Transactions } from './transactions.js';

const MAX_TIME_OFF_MS = 731 * 86_400_000;

/** Weekly hours, settings and time off of a doctor. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly context: DoctorContext,
    private readonly doctors: DoctorLookupRepository,
    private readonly availability: AvailabilityRepository,
    private readonly timeOff: TimeOffRepository,
    private readonly appointments: AppointmentsRepository,
    private readonly transactions: Transactions,
    private readonly changes: ScheduleChanges,
  ) {}

  async mine(principal: Principal): Promise<AvailabilityDto> {
    const doctor = await this.context.me(principal);
    return toAvailabilityDto({ timezone: doctor.timezone, ...(await this.availability.find(doctor.id)) });
  }

  async ofDoctor(doctorId: string): Promise<AvailabilityDto> {
    const doctor = await this.context.publicDoctor(doctorId);
    return toAvailabilityDto({ timezone: doctor.timezone, ...(await this.availability.find(doctor.id)) });
  }

  /** Replaces the doctor's availability (and time zone, canonical from the one time-zone schema) as a whole. */
  async replace(principal: Principal, input: AvailabilityInput): Promise<AvailabilityDto> {
    const doctor = await this.context.me(principal);
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
    if (zoneChanged) await this.changes.zoneChanged(doctor.id);
    else await this.changes.changed(doctor.id);
    return toAvailabilityDto({ timezone, ...settings });
  }

  /** Adds time off and reports the confirmed appointments it overlaps; it cancels none of them. */
  async addTimeOff(principal: Principal, input: TimeOffInput): Promise<CreatedTimeOffDto> {
    const doctor = await this.context.me(principal);
    if (input.start.getTime() >= input.end.getTime()) {
      throw invalidFields([{ field: 'end', message: 'must be after start' }]);
    }
    if (input.end.getTime() - input.start.getTime() > MAX_TIME_OFF_MS) {
      throw invalidFields([{ field: 'end', message: 'must be at most 731 days after start' }]);
    }
    const range = { start: input.start, end: input.end };
    const row = await this.timeOff.create(doctor.id, range, input.reason ?? null);
    const conflictingAppointmentIds = await this.appointments.confirmedOverlapping(doctor.id, range);
    await this.changes.changed(doctor.id);
    return { ...toTimeOffDto(row), conflictingAppointmentIds };
  }

  async listTimeOff(principal: Principal): Promise<TimeOffDto[]> {
    const doctor = await this.context.me(principal);
    return (await this.timeOff.list(doctor.id)).map(toTimeOffDto);
  }

  async removeTimeOff(principal: Principal, id: string): Promise<void> {
    const doctor = await this.context.me(principal);
    if (!(await this.timeOff.remove(doctor.id, id))) throw notFound('timeOff');
    await this.changes.changed(doctor.id);
  }
}
