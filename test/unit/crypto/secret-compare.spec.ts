import { describe, expect, it } from 'vitest';
import { secretsEqual } from '../../../src/common/crypto/secret-compare.js';

describe('secretsEqual', () => {
  const secret = 'metrics-token-0123456789abcdefghijklmnopqrstuv';

  it('accepts exactly the expected secret', () => {
    expect(secretsEqual(secret, secret)).toBe(true);
    expect(secretsEqual(`${secret}`.slice(0), secret)).toBe(true);
  });

  it('refuses a secret differing in one character, a prefix, an extension, another case, or nothing', () => {
    for (const presented of [`${secret.slice(0, -1)}w`, secret.slice(0, 10), `${secret}x`, secret.toUpperCase(), '']) {
      expect(secretsEqual(presented, secret), presented).toBe(false);
    }
  });
});
