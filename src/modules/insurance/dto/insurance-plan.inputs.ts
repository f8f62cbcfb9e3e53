import { z } from 'zod';

const name = (example: string) => z.string().trim().min(1, 'must not be empty').max(100).meta({ example });

export const createInsurancePlanSchema = z
  .strictObject({ payer: name('Bupa'), plan: name('Global Health Plan') })
  .meta({ id: 'CreateInsurancePlanInput' });
export type CreateInsurancePlanInput = z.infer<typeof createInsurancePlanSchema>;

export const updateInsurancePlanSchema = z
  .strictObject({ payer: name('Bupa').optional(), plan: name('Global Health Plan').optional() })
  .refine((input) => input.payer !== undefined || input.plan !== undefined, 'must change payer or plan')
  .meta({ id: 'UpdateInsurancePlanInput' });
export type UpdateInsurancePlanInput = z.infer<typeof updateInsurancePlanSchema>;
