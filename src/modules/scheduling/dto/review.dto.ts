import { z } from 'zod';
import type { ReviewRow } from '../reviews.repository.js';
import { instantOutput } from '../../../common/validation/instant.js';

export const reviewInputSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2_000).optional(),
  anonymous: z.boolean().optional().meta({ description: 'Post without a name: the public list shows "Verified patient". Default false' }),
});
export type ReviewInput = z.output<typeof reviewInputSchema>;

export const reviewSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  doctorId: z.uuid(),
  rating: z.number().int(),
  comment: z.string().nullable(),
  anonymous: z.boolean(),
  createdAt: instantOutput,
});
export type ReviewDto = z.infer<typeof reviewSchema>;

export function toReviewDto(row: ReviewRow): ReviewDto {
  return { id: row.id, appointmentId: row.appointmentId!, doctorId: row.doctorId, rating: row.rating, comment: row.comment, anonymous: row.anonymous, createdAt: row.createdAt.toISOString() };
}
