import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey } from './key-ring.js';

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** One sealed value: the key it is under, its iv, and the ciphertext with the tag appended. */
export interface SealedBytes {
  keyId: string;
  iv: Buffer;
  body: Buffer;
}

/**
 * AES-256-GCM under the DATA_ENCRYPTION_KEYS ring: the first key seals, every key opens (which
 * is what lets keys rotate). The column cipher and the file cipher extend this and differ only
 * in how they frame `SealedBytes` and what they bind them to (the additional authenticated data).
 */
export abstract class KeyRingCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: DataKey;

  constructor(keys: readonly DataKey[]) {
    // new.target: the start-up error names the cipher being built (FieldCipher, FileCipher).
    if (keys.length === 0) throw new Error(`${new.target.name} needs at least one key`);
    this.current = keys[0]!;
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  protected knowsKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  protected sealBytes(plaintext: Buffer, aad: Buffer): SealedBytes {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    return { keyId: this.current.id, iv, body: Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]) };
  }

  /**
   * The plaintext, or null when it fails authentication (tampered, or bound to other data). The
   * caller has checked that the key is known (`knowsKey`), the iv is IV_BYTES and the body holds a tag.
   */
  protected openBytes(sealed: SealedBytes, aad: Buffer): Buffer | null {
    const { keyId, iv, body } = sealed;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return null;
    }
  }
}
