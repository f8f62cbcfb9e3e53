import { describe, expect, it } from 'vitest';
import { instantSchema } from '../../src/common/validation/instant.js';

const messages = (value: unknown) => instantSchema.safeParse(value).error?.issues.map((issue) => issue.message);

describe('the instant schema', () => {
  it('reads an ISO 8601 instant with an offset, up to nanoseconds', () => {
    expect(instantSchema.parse('2027-03-15T14:00:00Z')).toEqual(new Date('2027-03-15T14:00:00.000Z'));
    expect(instantSchema.parse('2027-03-15T14:00:00.123456789+05:30')).toEqual(new Date('2027-03-15T08:30:00.123Z'));
  });

  it('refuses an instant longer than 40 characters (an unbounded fraction), with one message', () => {
    expect(messages(`2027-03-15T14:00:00.${'1'.repeat(30)}Z`)).toEqual(['must be at most 40 characters']);
  });

  it('refuses what is no instant with the one format message, however long', () => {
    expect(messages('x'.repeat(500))).toEqual(['must be an ISO 8601 instant with a time zone, such as 2027-03-15T14:00:00Z']);
    expect(messages('2027-03-15T14:00:00')).toEqual(['must be an ISO 8601 instant with a time zone, such as 2027-03-15T14:00:00Z']);
  });
});
