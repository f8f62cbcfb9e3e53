import { IV_BYTES, KeyRingCipher, TAG_BYTES } from './key-ring-cipher.js';

const MAGIC = Buffer.from('IHF1');

/** A stored file that cannot be read: unknown key, another file's bytes, or tampered. */
export class FileDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileDecryptionError';
  }
}

/**
 * AES-256-GCM for whole files, under the same key ring as the PHI columns (DATA_ENCRYPTION_KEYS):
 * `IHF1 | key id length | key id | iv | ciphertext | tag`. The additional authenticated data
 * names the file (`bound`, e.g. `doctor_documents/<id>`), so bytes moved to another record fail
 * to decrypt. Files are at most a few MB, so they are handled whole: a reader gets nothing
 * until the tag has been checked.
 */
export class FileCipher extends KeyRingCipher {
  encrypt(bound: string, plaintext: Buffer): Buffer {
    const { keyId, iv, body } = this.sealBytes(plaintext, Buffer.from(bound, 'utf8'));
    const id = Buffer.from(keyId, 'utf8');
    return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, body]);
  }

  decrypt(bound: string, stored: Buffer): Buffer {
    if (stored.length < MAGIC.length + 1 || !stored.subarray(0, MAGIC.length).equals(MAGIC)) throw new FileDecryptionError(`${bound} is not an encrypted file`);
    const idLength = stored[MAGIC.length]!;
    const idStart = MAGIC.length + 1;
    const keyId = stored.toString('utf8', idStart, idStart + idLength);
    if (!this.knowsKey(keyId)) throw new FileDecryptionError(`${bound} is encrypted under key "${keyId}", which is not in DATA_ENCRYPTION_KEYS`);
    const ivStart = idStart + idLength;
    const body = stored.subarray(ivStart + IV_BYTES);
    if (body.length < TAG_BYTES) throw new FileDecryptionError(`${bound} is truncated`);
    const plaintext = this.openBytes({ keyId, iv: stored.subarray(ivStart, ivStart + IV_BYTES), body }, Buffer.from(bound, 'utf8'));
    if (plaintext === null) throw new FileDecryptionError(`${bound} failed authentication (another file's bytes, or tampered)`);
    return plaintext;
  }
}
