import { describe, expect, it } from 'vitest';
import { withJitter } from '../../src/common/retry/jitter.js';

describe('withJitter', () => {
  it('never shortens a delay and lengthens it by at most a quarter', () => {
    expect(withJitter(10, () => 0)).toBe(10);
    expect(withJitter(10, () => 0.999_999)).toBe(12);
    expect(withJitter(6 * 3_600, () => 0.999_999)).toBe(7 * 3_600 + 1_799);
  });

  it('spreads retries that fail together over the window', () => {
    const delays = Array.from({ length: 1_000 }, () => withJitter(400));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThan(500);
    }
    // 1,000 draws from 100 values: fewer than 50 distinct would mean no real spread.
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});
