import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/auth/principal.js';
import { AppError, notFound } from '../../common/errors/app-error.js';
import { mapDatabaseError } from '../../common/errors/database-errors.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { AppointmentAudit } from './appointment-audit.js';
import { AppointmentsService } from './appointments.service.js';
import { toReviewDto, type ReviewDto, type ReviewInput } from './dto/review.dto.js';
import { ReviewsRepository } from './reviews.repository.js';
import { ScheduleChanges } from './schedule-changes.js';
import { Transactions } from './transactions.js';

/** One review per completed appointment, by its patient; the doctor's rating follows in the same transaction. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly access: AppointmentsService,
    private readonly reviews: ReviewsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AppointmentAudit,
    private readonly changes: ScheduleChanges,
  ) {}

  async review(principal: Principal, appointmentId: string, input: ReviewInput, client: ClientContext): Promise<ReviewDto> {
    const { view, role } = await this.access.accessible(principal, appointmentId, client, 'review');
    if (role !== 'patient') {
      await this.audit.record('review', 'denied', principal, client, appointmentId, { code: 'NOT_FOUND' });
      throw notFound('appointment');
    }
    if (view.status !== 'completed') {
      await this.audit.record('review', 'failure', principal, client, appointmentId, { code: 'APPOINTMENT_NOT_COMPLETED' });
      throw new AppError('APPOINTMENT_NOT_COMPLETED', { detail: `The appointment is ${view.status}; only completed appointments can be reviewed.` });
    }
    let row;
    try {
      row = await this.transactions.run(async (tx) => {
        await this.reviews.lockDoctor(tx, view.doctorId);
        const inserted = await this.reviews.insert(tx, { appointmentId, doctorId: view.doctorId, patientId: principal.userId, rating: input.rating, comment: input.comment ?? null, anonymous: input.anonymous ?? false });
        await this.reviews.refreshAggregate(tx, view.doctorId);
        return inserted;
      });
    } catch (error) {
      const mapped = mapDatabaseError(error);
      if (mapped) await this.audit.record('review', 'failure', principal, client, appointmentId, { code: mapped.code });
      throw mapped ?? error;
    }
    await this.changes.ratingChanged();
    await this.audit.record('review', 'success', principal, client, appointmentId, { rating: input.rating });
    return toReviewDto(row);
  }
}
