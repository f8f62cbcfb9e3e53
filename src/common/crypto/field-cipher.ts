import type { DataKey } from './key-ring.js';
import { IV_BYTES, KeyRingCipher, TAG_BYTES } from './key-ring-cipher.js';

/** The row-bound form every value is written in. */
const PREFIX = 'enc:v2:';
/** The column-bound form of earlier releases; only `decryptForUpgrade` (keys:rotate) reads it. */
const LEGACY_PREFIX = 'enc:v1:';

/** Where a value lives: the authenticated data binds it to this table, column and row. */
export interface FieldRef {
  table: string;
  column: string;
  /** The row's primary key (composite keys joined with `/`). */
  id: string;
}

/** A stored value that cannot be read: unknown key id, another row's value, tampered, or not encrypted. Never carries the value. */
export class FieldDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptionError';
  }
}

const where = (field: FieldRef) => `${field.table}.${field.column} of row ${field.id}`;

/**
 * AES-256-GCM for single column values. A value is `enc:v2:<keyId>:<iv>:<ciphertext+tag>`
 * (base64url); the additional authenticated data is the table, column and row id, so a value
 * copied into another row or column, or edited, fails authentication instead of decrypting
 * as someone else's data. Plaintext and the column-bound `enc:v1:` values of earlier releases
 * are refused: `npm run keys:rotate` upgrades them (`decryptForUpgrade`).
 */
export class FieldCipher extends KeyRingCipher {
  encrypt(field: FieldRef, plaintext: string): string {
    const { keyId, iv, body } = this.sealBytes(Buffer.from(plaintext, 'utf8'), rowBound(field));
    return `${PREFIX}${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** Decrypts a value written for exactly this row; anything else throws FieldDecryptionError. */
  decrypt(field: FieldRef, stored: string): string {
    if (stored.startsWith(LEGACY_PREFIX)) {
      throw new FieldDecryptionError(`${where(field)} is in the legacy column-bound form (enc:v1): run npm run keys:rotate to upgrade it`);
    }
    if (!stored.startsWith(PREFIX)) throw new FieldDecryptionError(`${where(field)} is not encrypted: plaintext is refused (npm run keys:rotate encrypts it)`);
    return this.open(field, stored.slice(PREFIX.length), rowBound(field));
  }

  /**
   * For `npm run keys:rotate` only: also reads what earlier releases wrote, a column-bound
   * `enc:v1:` value or plaintext, so it can be rewritten in the row-bound form. Such a value
   * cannot prove which row it belongs to; that is why the app itself never accepts one.
   */
  decryptForUpgrade(field: FieldRef, stored: string): string {
    if (stored.startsWith(LEGACY_PREFIX)) return this.open(field, stored.slice(LEGACY_PREFIX.length), Buffer.from(`${field.table}.${field.column}`, 'utf8'));
    if (!stored.startsWith('enc:')) return stored;
    return this.decrypt(field, stored);
  }

  /** True when the stored value is row-bound under the current key (nothing for rotation to do). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(currentKeyPrefix(this));
  }

  private open(field: FieldRef, rest: string, aad: Buffer): string {
    const [keyId, ivText, bodyText, ...extra] = rest.split(':');
    if (!keyId || !ivText || bodyText === undefined || extra.length > 0) throw new FieldDecryptionError(`malformed encrypted value in ${where(field)}`);
    if (!this.knowsKey(keyId)) throw new FieldDecryptionError(`${where(field)} is encrypted under key id "${keyId}", which is not in DATA_ENCRYPTION_KEYS`);
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new FieldDecryptionError(`malformed encrypted value in ${where(field)}`);
    const plaintext = this.openBytes({ keyId, iv, body }, aad);
    if (plaintext === null) throw new FieldDecryptionError(`${where(field)} failed authentication (tampered, or copied from another row or column)`);
    return plaintext.toString('utf8');
  }
}

/** The authenticated data of a row-bound value; JSON keeps the three parts unambiguous whatever the id holds. */
function rowBound(field: FieldRef): Buffer {
  return Buffer.from(JSON.stringify([field.table, field.column, field.id]), 'utf8');
}

export function currentKeyPrefix(cipher: FieldCipher): string {
  return `${PREFIX}${cipher.currentKeyId}:`;
}

/*
 * The process-wide cipher behind `seal`/`unseal` (encrypted-column.ts). Module state: it is
 * installed once from AppConfig at start-up, before the database opens, and a process
 * serves one configuration; scripts (seed, keys:rotate, admin:create) install it the same way.
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
