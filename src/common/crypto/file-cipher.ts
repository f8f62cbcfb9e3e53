import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey } from './key-ring.js';

const MAGIC = Buffer.from('IHF1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
export class FileCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: DataKey;

  constructor(keys: readonly DataKey[]) {
    if (keys.length === 0) throw new Error('FileCipher needs at least one key');
    this.current = keys[0]!;
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(bound: string, plaintext: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(bound, 'utf8'));
    const id = Buffer.from(this.current.id, 'utf8');
    return Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  decrypt(bound: string, stored: Buffer): Buffer {
    if (stored.length < MAGIC.length + 1 || !stored.subarray(0, MAGIC.length).equals(MAGIC)) throw new FileDecryptionError(`${bound} is not an encrypted file`);
    const idLength = stored[MAGIC.length]!;
    const idStart = MAGIC.length + 1;
    const keyId = stored.toString('utf8', idStart, idStart + idLength);
    const key = this.keys.get(keyId);
    if (!key) throw new FileDecryptionError(`${bound} is encrypted under key "${keyId}", which is not in DATA_ENCRYPTION_KEYS`);
    const ivStart = idStart + idLength;
    const body = stored.subarray(ivStart + IV_BYTES);
    if (body.length < TAG_BYTES) throw new FileDecryptionError(`${bound} is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(ivStart, ivStart + IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(bound, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new FileDecryptionError(`${bound} failed authentication (another file's bytes, or tampered)`);
    }
  }
}
