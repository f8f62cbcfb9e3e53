import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataKey } from './key-ring.js';

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A stored value that cannot be read: unknown key id, wrong column, or tampered. Never carries the value. */
export class FieldDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptionError';
  }
}

/**
 * AES-256-GCM for single column values. A value is `enc:v1:<keyId>:<iv>:<ciphertext+tag>`
 * (base64url); the additional authenticated data is the column (`table.column`), so a value
 * copied into another column, or edited, fails authentication instead of decrypting.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: DataKey;

  constructor(keys: readonly DataKey[]) {
    if (keys.length === 0) throw new Error('FieldCipher needs at least one key');
    this.current = keys[0]!;
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(column: string, plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(column, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${this.current.id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** Decrypts a stored value; a value without the `enc:v1:` prefix is legacy plaintext and returned as it is. */
  decrypt(column: string, stored: string): string {
    if (!isEncrypted(stored)) return stored;
    const [keyId, ivText, bodyText, ...rest] = stored.slice(PREFIX.length).split(':');
    if (!keyId || !ivText || bodyText === undefined || rest.length > 0) throw new FieldDecryptionError(`malformed encrypted value in ${column}`);
    const key = this.keys.get(keyId);
    if (!key) throw new FieldDecryptionError(`value in ${column} is encrypted under key id "${keyId}", which is not in DATA_ENCRYPTION_KEYS`);
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new FieldDecryptionError(`malformed encrypted value in ${column}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(column, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError(`value in ${column} failed authentication (tampered, or moved from another column)`);
    }
  }

  /** True when the stored value is already under the current key (nothing for rotation to do). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${PREFIX}${this.current.id}:`);
  }
}

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function currentKeyPrefix(cipher: FieldCipher): string {
  return `${PREFIX}${cipher.currentKeyId}:`;
}

/*
 * The process-wide cipher behind the encrypted columns. Module state on purpose: drizzle
 * column codecs (customType toDriver/fromDriver) are plain functions fixed when the schema
 * module loads and cannot receive injected dependencies. It is installed once from AppConfig
 * at start-up, before the database opens, and a process serves one configuration.
 */
let installed: FieldCipher | null = null;

export function installFieldCipher(keys: readonly DataKey[]): FieldCipher {
  installed = new FieldCipher(keys);
  return installed;
}

export function fieldCipher(): FieldCipher {
  if (!installed) throw new Error('field encryption is not set up: installFieldCipher(config.encryption.keys) must run before the database is used');
  return installed;
}
