import { z } from 'zod';

export const reviewInputSchema = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2_000).optional(),
  anonymous: z.boolean().optional().meta({ description: 'Post without a name: the public list shows "Verified patient". Default false' }),
}).meta({ id: 'ReviewInput' });
export type ReviewInput = z.output<typeof reviewInputSchema>;
