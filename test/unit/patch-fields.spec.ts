import { describe, expect, it } from 'vitest';
import { moneyColumns, moneyOf } from '../../src/common/validation/money.js';
import { sentFields } from '../../src/common/validation/patch.js';

describe('sentFields (what a PATCH changes)', () => {
  it('keeps the named fields that were sent, null included, and leaves out the ones that were not', () => {
    const input: { name?: string; bio?: string | null; mode?: string; other?: number } = { name: 'Check-up', bio: null, other: 1 };
    expect(sentFields(input, ['name', 'bio', 'mode'])).toStrictEqual({ name: 'Check-up', bio: null });
  });

  it('gives an empty object when nothing was sent', () => {
    expect(sentFields({ name: undefined }, ['name'])).toStrictEqual({});
  });
});

describe('moneyColumns', () => {
  it('stores a Money as its amount/currency pair, which moneyOf reads back', () => {
    const columns = moneyColumns('price', { amount: 5000, currency: 'EUR' });
    expect(columns).toStrictEqual({ priceAmount: 5000, priceCurrency: 'EUR' });
    expect(moneyOf(columns.priceAmount, columns.priceCurrency)).toStrictEqual({ amount: 5000, currency: 'EUR' });
  });

  it('clears both columns for no money', () => {
    expect(moneyColumns('fee', null)).toStrictEqual({ feeAmount: null, feeCurrency: null });
  });
});
