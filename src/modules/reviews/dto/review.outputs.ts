import { z } from 'zod';
import { pageSchema } from '../../../common/pagination/page-query.js';
import { instantOutput } from '../../../common/validation/instant.js';
import type { PublicReviewRecord, ReviewRow } from '../reviews.repository.js';
import { reviewerDisplayName } from '../reviewer-name.js';
import { FULL_NAME_MAX_LENGTH } from '../../auth/dto/auth.inputs.js';
import { REVIEW_COMMENT_MAX_LENGTH } from './review.inputs.js';

/** The display name is the first word of a full name, a space and an initial with its dot: never longer than the name plus 2. */
const DISPLAY_NAME_MAX_LENGTH = FULL_NAME_MAX_LENGTH + 2;

/** The review as its author gets it back from `POST /appointments/:id/review`. */
export const reviewSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  doctorId: z.uuid(),
  rating: z.number().int(),
  comment: z.string().max(REVIEW_COMMENT_MAX_LENGTH).nullable(),
  anonymous: z.boolean(),
  createdAt: instantOutput,
}).meta({ id: 'Review' });
export type ReviewDto = z.infer<typeof reviewSchema>;

/** A review in a doctor's public list (`GET /doctors/:id/reviews`): a display name, never the patient's name or ids. */
export const publicReviewSchema = z.object({
  id: z.uuid(),
  rating: z.number().int().min(1).max(5),
  comment: z.string().max(REVIEW_COMMENT_MAX_LENGTH).nullable(),
  createdAt: instantOutput,
  patientName: z.string().max(DISPLAY_NAME_MAX_LENGTH).meta({
    example: 'Maria G.',
    description: 'A display name, never the full name: first name and last initial, or "Verified patient" when the patient posted anonymously',
  }),
  anonymous: z.boolean().meta({ description: 'The patient posted without being named' }),
}).meta({ id: 'PublicReview' });
export type PublicReviewDto = z.infer<typeof publicReviewSchema>;
export const publicReviewPageSchema = pageSchema(publicReviewSchema);

export function toReviewDto(row: ReviewRow): ReviewDto {
  return { id: row.id, appointmentId: row.appointmentId!, doctorId: row.doctorId, rating: row.rating, comment: row.comment, anonymous: row.anonymous, createdAt: row.createdAt.toISOString() };
}

export function toPublicReviewDto(record: PublicReviewRecord): PublicReviewDto {
  // The full name stops here: only the display name leaves the building.
  return {
    id: record.id,
    rating: record.rating,
    comment: record.comment,
    createdAt: record.createdAt,
    patientName: reviewerDisplayName(record.reviewerFullName, record.anonymous),
    anonymous: record.anonymous,
  };
}
