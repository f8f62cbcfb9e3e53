import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldCipher, FieldDecryptionError, type FieldRef } from '../../../src/common/crypto/field-cipher.js';
import { formatDataKey, parseKeyRing, type DataKey } from '../../../src/common/crypto/key-ring.js';
import { thrownBy } from '../../helpers/errors.js';

const keyA: DataKey = { id: 'a', key: randomBytes(32) };
const keyB: DataKey = { id: 'key_B-2', key: randomBytes(32) };
const cipher = new FieldCipher([keyA]);
const phoneOfA: FieldRef = { table: 'users', column: 'phone', id: '6f1c1f0e-0000-4000-8000-00000000000a' };
const phoneOfB: FieldRef = { ...phoneOfA, id: '6f1c1f0e-0000-4000-8000-00000000000b' };

/** What releases before row binding wrote: `enc:v1:`, authenticated by `table.column` only. */
function legacyV1(key: DataKey, column: string, plaintext: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
  c.setAAD(Buffer.from(column, 'utf8'));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return `enc:v1:${key.id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
}

describe('field cipher', () => {
  it('round-trips a value in the enc:v2:<keyId>:<iv>:<ciphertext> form without the plaintext in it', () => {
    const stored = cipher.encrypt(phoneOfA, '+4930123456');
    expect(stored).toMatch(/^enc:v2:a:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('4930123456');
    expect(cipher.decrypt(phoneOfA, stored)).toBe('+4930123456');
  });

  it('uses a fresh IV for every write, so equal values do not look equal', () => {
    expect(cipher.encrypt(phoneOfA, 'same')).not.toBe(cipher.encrypt(phoneOfA, 'same'));
  });

  it('binds a value to its row: copied into another row of the same column it fails to decrypt', () => {
    const stored = cipher.encrypt(phoneOfA, '+4930123456');
    expect(() => cipher.decrypt(phoneOfB, stored)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(phoneOfB, stored)).toThrow(/users\.phone of row 6f1c1f0e-0000-4000-8000-00000000000b failed authentication \(tampered, or copied from another row or column\)/);
    expect(() => cipher.decryptForUpgrade(phoneOfB, stored)).toThrow(FieldDecryptionError);
  });

  it('binds a value to its column and table: moved elsewhere in the same row id it fails to decrypt', () => {
    const id = 'c0ffee00-0000-4000-8000-000000000001';
    const stored = cipher.encrypt({ table: 'appointments', column: 'reason', id }, 'Back pain');
    expect(() => cipher.decrypt({ table: 'appointments', column: 'cancellation_reason', id }, stored)).toThrow(/failed authentication/);
    expect(() => cipher.decrypt({ table: 'reviews', column: 'reason', id }, stored)).toThrow(/failed authentication/);
  });

  it('keeps table, column and id apart: no split of the same characters authenticates', () => {
    const stored = cipher.encrypt({ table: 'idempotency_keys', column: 'response_body', id: 'u/k' }, '{}');
    expect(() => cipher.decrypt({ table: 'idempotency_keys', column: 'response_body/u', id: 'k' }, stored)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt({ table: 'idempotency_keys.response_body', column: '', id: 'u/k' }, stored)).toThrow(FieldDecryptionError);
  });

  it('refuses plaintext (no enc: prefix), naming where it was and not the value', () => {
    expect(() => cipher.decrypt(phoneOfA, '+44 20 7946 0000')).toThrow(/users\.phone of row .* is not encrypted: plaintext is refused/);
    const { message } = thrownBy(() => cipher.decrypt(phoneOfA, '+44 20 7946 0000'), FieldDecryptionError);
    expect(message).not.toContain('7946');
  });

  it('refuses the legacy column-bound enc:v1 form, which only the keys:rotate upgrade reads', () => {
    const legacy = legacyV1(keyA, 'users.phone', '+4930123456');
    expect(() => cipher.decrypt(phoneOfA, legacy)).toThrow(/legacy column-bound form \(enc:v1\): run npm run keys:rotate/);
    expect(cipher.decryptForUpgrade(phoneOfA, legacy)).toBe('+4930123456');
    expect(cipher.decryptForUpgrade(phoneOfA, 'Written before encryption')).toBe('Written before encryption');
    expect(cipher.decryptForUpgrade(phoneOfA, cipher.encrypt(phoneOfA, 'row-bound'))).toBe('row-bound');
    // A legacy value still has to be of its column.
    expect(() => cipher.decryptForUpgrade({ ...phoneOfA, column: 'date_of_birth' }, legacy)).toThrow(/failed authentication/);
    expect(cipher.isCurrent(legacy)).toBe(false);
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const field: FieldRef = { table: 'reviews', column: 'comment', id: '1' };
    const stored = cipher.encrypt(field, 'Kind and clear');
    const [prefix, version, id, iv, body] = stored.split(':') as [string, string, string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] = bytes[at]! ^ 1;
      return bytes.toString('base64url');
    };
    for (const forged of [
      [prefix, version, id, iv, flip(body, 0)],
      [prefix, version, id, iv, flip(body, Buffer.from(body, 'base64url').length - 1)],
      [prefix, version, id, flip(iv, 3), body],
    ]) {
      expect(() => cipher.decrypt(field, forged.join(':'))).toThrow(FieldDecryptionError);
    }
    expect(() => cipher.decrypt(field, `${prefix}:${version}:${id}:${iv}`)).toThrow(/malformed/);
  });

  it('names an unknown key id clearly, without the value', () => {
    const stored = new FieldCipher([keyB]).encrypt(phoneOfA, '+4930123456');
    const { message } = thrownBy(() => cipher.decrypt(phoneOfA, stored), FieldDecryptionError);
    expect(message).toMatch(/key id "key_B-2".*not in DATA_ENCRYPTION_KEYS/);
    expect(message).not.toContain(stored);
  });

  it('rotates: new writes use the first key, values under older keys still decrypt', () => {
    const dateOfBirth: FieldRef = { table: 'users', column: 'date_of_birth', id: '7' };
    const old = cipher.encrypt(dateOfBirth, '1990-12-10');
    const rotated = new FieldCipher([keyB, keyA]);
    expect(rotated.currentKeyId).toBe('key_B-2');
    expect(rotated.decrypt(dateOfBirth, old)).toBe('1990-12-10');
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.encrypt(dateOfBirth, '1990-12-10');
    expect(fresh.startsWith('enc:v2:key_B-2:')).toBe(true);
    expect(rotated.isCurrent(fresh)).toBe(true);
    expect(() => cipher.decrypt(dateOfBirth, fresh)).toThrow(/key id "key_B-2"/);
  });

  it('round-trips any unicode string in any column of any row', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.constantFrom('users.phone', 'appointments.reason', 'reviews.comment'),
        fc.string({ maxLength: 80 }),
        (text, where, id) => {
          const [table, column] = where.split('.') as [string, string];
          const stored = cipher.encrypt({ table, column, id }, text);
          expect(stored.startsWith('enc:v2:a:')).toBe(true);
          expect(cipher.decrypt({ table, column, id }, stored)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('DATA_ENCRYPTION_KEYS parsing', () => {
  const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

  it('reads a comma list of keyId:base64 (standard or url-safe), the first being current', () => {
    const url = randomBytes(32);
    const parsed = parseKeyRing(`new:${b64(32)}, old_1:${url.toString('base64url')}`);
    expect(parsed.ok && parsed.keys.map((k) => k.id)).toEqual(['new', 'old_1']);
    expect(parsed.ok && parsed.keys[1]!.key.equals(url)).toBe(true);
    const key = { id: 'x', key: randomBytes(32) };
    const again = parseKeyRing(formatDataKey(key));
    expect(again.ok && again.keys[0]!.key.equals(key.key)).toBe(true);
  });

  it('refuses bad base64, wrong lengths, bad or duplicate ids, in messages without key material', () => {
    const secret = b64(32);
    const cases: [string, RegExp][] = [
      [`a:${b64(16)}`, /key "a" must be 32 bytes \(AES-256\), got 16/],
      ['a:not*base64!', /key "a" is not valid base64/],
      [`a:${secret},a:${b64(32)}`, /key id "a" appears more than once/],
      [secret, /entry 1 must be keyId:base64key/],
      [`a:${secret},:${b64(32)}`, /entry 2 has an invalid key id/],
      [`much-too-long-key-id:${secret}`, /invalid key id/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseKeyRing(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message).toMatch(message);
        expect(parsed.message).not.toContain(secret);
      }
    }
  });
});
