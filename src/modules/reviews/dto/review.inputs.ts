import { z } from 'zod';

export const REVIEW_COMMENT_MAX_LENGTH = 2_000;

export const reviewInputSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(REVIEW_COMMENT_MAX_LENGTH).optional(),
  anonymous: z.boolean().optional().meta({ description: 'Post without a name: the public list shows "Verified patient". Default false' }),
}).meta({ id: 'ReviewInput' });
export type ReviewInput = z.output<typeof reviewInputSchema>;
