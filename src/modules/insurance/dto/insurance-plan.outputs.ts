import { z } from 'zod';
export const insurancePlanSchema = z
  .object({ id: z.uuid(), payer: z.string().max(100).meta({ example: 'Bupa' }), plan: z.string().max(100).meta({ example: 'Global Health Plan' }) })
  .meta({ id: 'InsurancePlan' });
export type InsurancePlanDto = z.infer<typeof insurancePlanSchema>;

/** The whole catalogue is one short list (a few hundred plans at most), so it is not paged. */
export const MAX_CATALOGUE = 1_000;
export const insurancePlanListSchema = z.array(insurancePlanSchema).max(MAX_CATALOGUE);

export function toInsurancePlanDto(row: { id: string; payer: string; plan: string }): InsurancePlanDto {
  return { id: row.id, payer: row.payer, plan: row.plan };
}
