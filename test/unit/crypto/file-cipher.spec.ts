import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileCipher, FileDecryptionError } from '../../../src/common/crypto/file-cipher.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('file cipher', () => {
  it('round-trips under the current key and decrypts files written under an older one', () => {
    const data = randomBytes(100_000);
    const old = new FileCipher([k1]).encrypt('doctor_documents/a', data);
    expect(old.includes(data.subarray(0, 64))).toBe(false);
    const rotated = new FileCipher([k2, k1]);
    expect(rotated.decrypt('doctor_documents/a', old).equals(data)).toBe(true);
    expect(rotated.decrypt('doctor_documents/a', rotated.encrypt('doctor_documents/a', data)).equals(data)).toBe(true);
  });

  it('refuses another file’s bytes, tampering, an unknown key and plaintext', () => {
    const cipher = new FileCipher([k1]);
    const stored = cipher.encrypt('doctor_documents/a', Buffer.from('%PDF-1.7 licence'));
    expect(() => cipher.decrypt('doctor_documents/b', stored)).toThrow(FileDecryptionError);
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 20]! ^= 1;
    expect(() => cipher.decrypt('doctor_documents/a', tampered)).toThrow(FileDecryptionError);
    expect(() => new FileCipher([k2]).decrypt('doctor_documents/a', stored)).toThrow(/not in DATA_ENCRYPTION_KEYS/);
    expect(() => cipher.decrypt('doctor_documents/a', Buffer.from('%PDF-1.7'))).toThrow(FileDecryptionError);
  });
});
