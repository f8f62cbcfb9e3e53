import { Injectable } from '@nestjs/common';
import { Permission } from '../../../common/access/permission.js';
import type { Principal } from '../../../common/auth/principal.js';
import { invalidFields, type FieldError } from '../../../common/errors/app-error.js';
import { EventBus } from '../../../common/events/event-bus.service.js';
import { DoctorScheduleService } from '../../doctors/doctor-schedule.service.js';
import { AvailabilityRepository } from './availability.repository.js';
import { DoctorContext } from '../doctor-context.service.js';
import type { AvailabilityInput } from './dto/availability.inputs.js';
import { toAvailabilityDto, type AvailabilityDto } from './dto/availability.outputs.js';
import { validateWeeklyRules } from '../slots/engine/index.js';
import { Transactions } from '../../../db/transactions.js';

/** A doctor's weekly hours and booking settings (and the time zone they are read in). */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly context: DoctorContext,
    private readonly doctors: DoctorScheduleService,
    private readonly availability: AvailabilityRepository,
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
}
