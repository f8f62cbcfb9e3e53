import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/common/errors/app-error.js';
import { CursorCodec, digestOf } from '../../../src/common/pagination/cursor-codec.service.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';
import { thrownBy } from '../../helpers/errors.js';

const codec = new CursorCodec(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, JWT_SECRET: 'k'.repeat(40), JWT_REFRESH_SECRET: 'r'.repeat(40) }));
const otherKey = new CursorCodec(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, JWT_SECRET: 'x'.repeat(40), JWT_REFRESH_SECRET: 'r'.repeat(40) }));
const id = '3f1e0c8a-8d7b-4b7e-9a51-0f7f2b1c9d10';

function expectInvalid(run: () => unknown): void {
  expect(thrownBy(run, AppError).code).toBe('VALIDATION_FAILED');
}

describe('signed keyset cursors', () => {
  it('round-trip any position within the scope that issued them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 4 }), fc.uuid(), (keys, uuid) => {
        const cursor = codec.encode('scope-a', { keys, id: uuid });
        expect(codec.decode('scope-a', cursor)).toEqual({ keys: keys.map((k) => (Object.is(k, -0) ? 0 : k)), id: uuid });
      }),
    );
  });

  it('refuses a cursor from another scope (other filters, another user) or another key', () => {
    const cursor = codec.encode('appointments:user-1', { keys: [1], id });
    expectInvalid(() => codec.decode('appointments:user-2', cursor));
    expectInvalid(() => otherKey.decode('appointments:user-1', cursor));
  });

  it('refuses tampered, truncated and garbage cursors', () => {
    const cursor = codec.encode('s', { keys: [42], id });
    const [body, tag] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ k: [0], i: id })).toString('base64url');
    for (const bad of [`${forged}.${tag}`, `${body}.`, body!, `${body}.${tag}.x`, 'garbage', '', '%00', `${body}.${tag!.slice(1)}`]) {
      expectInvalid(() => codec.decode('s', bad));
    }
  });

  it('digests equal values equally and different values differently', () => {
    expect(digestOf({ a: 1 })).toBe(digestOf({ a: 1 }));
    expect(digestOf({ a: 1 })).not.toBe(digestOf({ a: 2 }));
  });
});
