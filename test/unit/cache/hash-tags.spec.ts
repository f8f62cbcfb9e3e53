import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { endedSessionKey, validAfterKey } from '../../../src/common/auth/token-validity.service.js';
import type { CachePort } from '../../../src/common/cache/cache.port.js';
import { assertOneHashSlot, hashTag, tagOf } from '../../../src/common/cache/hash-tags.js';
import { bucketKey } from '../../../src/common/rate-limit/fixed-window.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';
import { accountSubject, lockoutKeys } from '../../../src/modules/auth/login-lockout.service.js';
import { SlotCache } from '../../../src/modules/scheduling/slots/slot.cache.js';

const USER = '0b6f1c1e-6f0e-4d7b-9a43-3c1f6f2f7a10';

describe('hash tags', () => {
  it('finds the tag Redis Cluster hashes, as Redis does', () => {
    expect(tagOf('rl:{user:1}:global')).toBe('user:1');
    expect(tagOf('a{b}c{d}')).toBe('b');
    expect(tagOf('plain')).toBeNull();
    expect(tagOf('empty{}tag')).toBeNull();
    expect(tagOf('open{only')).toBeNull();
  });

  it('makes tags only of values without braces', () => {
    expect(hashTag('user:1')).toBe('{user:1}');
    expect(() => hashTag('a}b')).toThrow(/without braces/);
    expect(() => hashTag('')).toThrow();
  });

  it('lets a multi-key operation through only when its keys share a slot by construction', () => {
    expect(() => assertOneHashSlot('delete', ['{t}a', '{t}b', 'x{t}'])).not.toThrow();
    expect(() => assertOneHashSlot('delete', ['same', 'same'])).not.toThrow();
    expect(() => assertOneHashSlot('delete', [])).not.toThrow();
    expect(() => assertOneHashSlot('delete', ['{t}a', '{u}a'])).toThrow(/CROSSSLOT: delete/);
    expect(() => assertOneHashSlot('delete', ['a', 'b'])).toThrow(/CROSSSLOT/);
    // Untagged, `t` is hashed with the key prefix; tagged, without it: different slots.
    expect(() => assertOneHashSlot('delete', ['t', '{t}a'])).toThrow(/CROSSSLOT/);
  });
});

/** Every key the operations read or write together shares one tag, so it is in one slot of a cluster. */
describe('keys used together', () => {
  const sameTag = (keys: string[]) => expect(new Set(keys.map(tagOf))).toEqual(new Set([expect.any(String)]));

  it('an account\'s lockout counter and lock (cleared together in one delete)', () => {
    const { failures, locked } = lockoutKeys(accountSubject(USER).key);
    sameTag([failures, locked]);
    expect(failures).not.toBe(locked);
  });

  it('a caller\'s rate-limit buckets (counted together for a booking)', () => {
    sameTag([bucketKey(`user:${USER}`, 'global'), bucketKey(`user:${USER}`, 'booking')]);
    sameTag([bucketKey('ip:abc', 'auth'), bucketKey('ip:abc', 'global')]);
    expect(tagOf(bucketKey(`user:${USER}`, 'global'))).not.toBe(tagOf(bucketKey('user:other', 'global')));
  });

  it('a user\'s "valid after" instant and ended-session marks (read together on every request)', () => {
    sameTag([validAfterKey(USER), endedSessionKey(USER, 'session-1'), endedSessionKey(USER, 'session-2')]);
  });

  it('a doctor\'s slot generation and the entries under it (one per doctor)', async () => {
    const keys: string[] = [];
    const recording = {
      kind: 'redis',
      get: async (key: string) => (keys.push(key), '7'),
      set: async (key: string) => void keys.push(key),
    } as unknown as CachePort;
    const slots = new SlotCache(recording, loadConfig({ DATA_DIR: MEMORY_DATA_DIR }), pino({ level: 'silent' }));
    const generation = (await slots.generation(USER))!;
    await slots.write(generation, ['type', '2027-03-01'], { slots: [] } as never);
    await slots.read(generation, ['type', '2027-03-01']);
    expect(keys).toHaveLength(3);
    sameTag(keys);
    expect(tagOf(keys[0]!)).toBe(USER);
  });
});
