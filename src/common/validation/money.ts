import { z } from 'zod';
import { MAX_FEE_MINOR_UNITS } from '../../db/schema/doctors.js';

/** ISO 4217 codes this runtime's ICU knows (current and historic), e.g. EUR, USD, KES. */
const currencies = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return currencies.has(code);
}

/** The shape of every ISO 4217 code (and of every currency stored before the rule named the standard). */
const CURRENCY_CODE = '^[A-Z]{3}$';

/**
 * The one rule for money a client sends (a doctor's fee, an appointment type's price): an
 * integer amount of minor units from 0 to MAX_FEE_MINOR_UNITS (100,000.00 in a two-decimal
 * currency) in a currency ISO 4217 names.
 */
export const moneySchema = z.strictObject({
  amount: z
    .number('must be an integer number of minor units')
    .int('must be an integer number of minor units (cents)')
    .min(0, 'must not be negative')
    .max(MAX_FEE_MINOR_UNITS, `must be at most ${MAX_FEE_MINOR_UNITS} minor units`)
    .meta({ example: 5000, description: 'Minor units: 5000 is 50.00 EUR' }),
  // Every ISO 4217 code is three upper-case letters; the document says so.
  currency: z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as "EUR"').meta({ example: 'EUR', maxLength: 3, pattern: CURRENCY_CODE }),
}).meta({ id: 'MoneyInput' });
export type Money = z.output<typeof moneySchema>;

/**
 * Money as the API answers it. Not the input rule: a price stored before a rule tightened is
 * still answered as it is (the tables only refuse negative amounts).
 */
export const moneyOutputSchema = z
  .object({ amount: z.number().int().min(0).meta({ example: 5000 }), currency: z.string().max(3).meta({ example: 'EUR', pattern: CURRENCY_CODE }) })
  .meta({ id: 'Money' });

/** The Money of an amount/currency column pair; null when either is unset. */
export function moneyOf(amount: number | null, currency: string | null): Money | null {
  return amount !== null && currency !== null ? { amount, currency } : null;
}

/**
 * The `<prefix>Amount`/`<prefix>Currency` column pair that stores a Money, both null for none:
 * what `moneyOf` reads back.
 */
export function moneyColumns<P extends string>(prefix: P, money: Money | null): Record<`${P}Amount`, number | null> & Record<`${P}Currency`, string | null> {
  // A computed key widens to `string`; the two keys are exactly the ones the type names.
  return { [`${prefix}Amount`]: money?.amount ?? null, [`${prefix}Currency`]: money?.currency ?? null } as Record<`${P}Amount`, number | null> & Record<`${P}Currency`, string | null>;
}
