import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldCipher, FieldDecryptionError } from '../../../src/common/crypto/field-cipher.js';
import { formatDataKey, parseKeyRing, type DataKey } from '../../../src/common/crypto/key-ring.js';
import { thrownBy } from '../../helpers/errors.js';

const keyA: DataKey = { id: 'a', key: randomBytes(32) };
const keyB: DataKey = { id: 'key_B-2', key: randomBytes(32) };
const cipher = new FieldCipher([keyA]);

describe('field cipher', () => {
  it('round-trips a value in the enc:v1:<keyId>:<iv>:<ciphertext> form without the plaintext in it', () => {
    const stored = cipher.encrypt('users.phone', '+4930123456');
    expect(stored).toMatch(/^enc:v1:a:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain('4930123456');
    expect(cipher.decrypt('users.phone', stored)).toBe('+4930123456');
  });

  it('uses a fresh IV for every write, so equal values do not look equal', () => {
    expect(cipher.encrypt('users.phone', 'same')).not.toBe(cipher.encrypt('users.phone', 'same'));
  });

  it('binds a value to its column: copied into another column it fails to decrypt', () => {
    const stored = cipher.encrypt('appointments.reason', 'Back pain');
    expect(() => cipher.decrypt('reviews.comment', stored)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt('reviews.comment', stored)).toThrow(/reviews\.comment failed authentication/);
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const stored = cipher.encrypt('reviews.comment', 'Kind and clear');
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
      expect(() => cipher.decrypt('reviews.comment', forged.join(':'))).toThrow(FieldDecryptionError);
    }
    expect(() => cipher.decrypt('reviews.comment', `${prefix}:${version}:${id}:${iv}`)).toThrow(/malformed/);
  });

  it('names an unknown key id clearly, without the value', () => {
    const stored = new FieldCipher([keyB]).encrypt('users.phone', '+4930123456');
    const { message } = thrownBy(() => cipher.decrypt('users.phone', stored), FieldDecryptionError);
    expect(message).toMatch(/key id "key_B-2".*not in DATA_ENCRYPTION_KEYS/);
    expect(message).not.toContain(stored);
  });

  it('rotates: new writes use the first key, values under older keys still decrypt', () => {
    const old = cipher.encrypt('users.date_of_birth', '1990-12-10');
    const rotated = new FieldCipher([keyB, keyA]);
    expect(rotated.currentKeyId).toBe('key_B-2');
    expect(rotated.decrypt('users.date_of_birth', old)).toBe('1990-12-10');
    expect(rotated.isCurrent(old)).toBe(false);
    const fresh = rotated.encrypt('users.date_of_birth', '1990-12-10');
    expect(fresh.startsWith('enc:v1:key_B-2:')).toBe(true);
    expect(rotated.isCurrent(fresh)).toBe(true);
    expect(() => cipher.decrypt('users.date_of_birth', fresh)).toThrow(/key id "key_B-2"/);
  });

  it('reads legacy plaintext (no enc: prefix) as it is', () => {
    expect(cipher.decrypt('appointments.reason', 'Written before encryption')).toBe('Written before encryption');
  });

  it('round-trips any unicode string in any column', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('users.phone', 'appointments.reason', 'reviews.comment'), (text, column) => {
        const stored = cipher.encrypt(column, text);
        expect(stored.startsWith('enc:v1:a:')).toBe(true);
        expect(cipher.decrypt(column, stored)).toBe(text);
      }),
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
