import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import type { Principal } from '../../common/auth/principal.js';
import { AppError } from '../../common/errors/app-error.js';
import { mapDatabaseError } from '../../common/errors/database-errors.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { AppointmentAudit } from '../scheduling/appointments/appointment-audit.service.js';
import { AppointmentsService } from '../scheduling/appointments/appointments.service.js';
import type { ReviewInput } from './dto/review.inputs.js';
import { toReviewDto, type ReviewDto } from './dto/review.outputs.js';
import { ReviewsRepository } from './reviews.repository.js';
import { Transactions } from '../../db/transactions.js';

/** One review per completed appointment, by its patient; the doctor's rating follows in the same transaction. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly access: AccessService,
    private readonly appointments: AppointmentsService,
    private readonly reviews: ReviewsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AppointmentAudit,
    private readonly events: EventBus,
  ) {}

  async review(principal: Principal, appointmentId: string, input: ReviewInput, client: ClientContext): Promise<ReviewDto> {
    await this.access.requireAccess(principal, Permission.AppointmentReview, appointmentId, client);
    const view = await this.appointments.found(appointmentId);
    if (view.status !== 'completed') {
      await this.audit.record('review', 'failure', principal, client, appointmentId, { code: 'APPOINTMENT_NOT_COMPLETED' });
      throw new AppError('APPOINTMENT_NOT_COMPLETED', { detail: `The appointment is ${view.status}; only completed appointments can be reviewed.` });
    }
    let row;
    try {
      row = await this.transactions.run(async (tx) => {
        const inserted = await this.reviews.insert(tx, { appointmentId, doctorId: view.doctorId, patientId: principal.userId, rating: input.rating, comment: input.comment ?? null, anonymous: input.anonymous ?? false });
        // The doctors module recomputes the rating it keeps, in this transaction.
        await this.events.emit('review.created', { tx, doctorId: view.doctorId });
        return inserted;
      });
    } catch (error) {
      const mapped = mapDatabaseError(error);
      if (mapped) await this.audit.record('review', 'failure', principal, client, appointmentId, { code: mapped.code });
      throw mapped ?? error;
    }
    await this.events.emit('doctor.ratingChanged', { doctorId: view.doctorId });
    await this.audit.record('review', 'success', principal, client, appointmentId, { rating: input.rating });
    return toReviewDto(row);
  }
}
