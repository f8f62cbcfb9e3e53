import { z } from 'zod';

/** An ISO 8601 instant with an offset or `Z`, as a Date. */
export const instantInput = z
  .iso.datetime({ offset: true, message: 'must be an ISO 8601 instant such as 2027-03-15T14:00:00Z' })
  .transform((value) => new Date(value));

export const moneySchema = z.strictObject({
  amount: z.number().int().min(0).max(100_000_000).meta({ example: 5000, description: 'minor units' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').meta({ example: 'EUR' }),
});

export const isoInstantOutput = z.string().meta({ example: '2027-03-15T14:00:00.000Z' });

export const uuidParam = z.uuid();
