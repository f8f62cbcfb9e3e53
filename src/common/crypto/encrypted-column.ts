import { customType } from 'drizzle-orm/pg-core';
import { fieldCipher } from './field-cipher.js';

/**
 * Every encrypted column, by table (SQL names). The authenticated data of each value is its
 * table, column and row id: the `id` column, or for idempotency_keys `<user_id>/<key>`
 * (`idempotencyRowId`). keys:rotate walks exactly this list.
 */
export const ENCRYPTED_COLUMNS = {
  users: ['phone', 'date_of_birth'],
  appointments: ['reason', 'cancellation_reason', 'intake_answers', 'video_url'],
  reviews: ['comment'],
  idempotency_keys: ['response_body'],
  phone_verifications: ['phone'],
  // Webhooks: signing secrets (read back to sign) and payloads (they carry the visit reason).
  webhook_subscriptions: ['secret', 'previous_secret'],
  webhook_deliveries: ['payload'],
  user_mfa: ['secret'],
} as const satisfies Record<string, readonly string[]>;

export type EncryptedTable = keyof typeof ENCRYPTED_COLUMNS;
export type EncryptedColumn<T extends EncryptedTable> = (typeof ENCRYPTED_COLUMNS)[T][number];

/**
 * A stored ciphertext, as an encrypted column holds it. Only `seal` makes one from plaintext
 * and only `unseal` gives plaintext back, so the compiler refuses both a plaintext write and
 * a ciphertext that reaches a DTO unopened.
 */
export class Sealed {
  private constructor(readonly stored: string) {}

  /** Wraps text read from an encrypted column (by the column codec, or from raw SQL). */
  static fromDatabase(stored: string): Sealed {
    return new Sealed(stored);
  }
}

/**
 * A `text` column holding PHI. Its codec only wraps and unwraps `Sealed`: encryption needs the
 * row id, which a column codec never sees, so repositories `seal` before writing and `unseal`
 * after reading, at the repository boundary. Never filter, sort or join on such a column:
 * every write has a fresh IV.
 */
export function encryptedText(name: string) {
  return customType<{ data: Sealed; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => value.stored,
    fromDriver: (value) => Sealed.fromDatabase(value),
  })(name);
}

/** Encrypts `plaintext` for one row's column; null stays null. */
export function seal<T extends EncryptedTable>(table: T, column: EncryptedColumn<T>, id: string, plaintext: string): Sealed;
export function seal<T extends EncryptedTable>(table: T, column: EncryptedColumn<T>, id: string, plaintext: string | null): Sealed | null;
export function seal<T extends EncryptedTable>(table: T, column: EncryptedColumn<T>, id: string, plaintext: string | null): Sealed | null {
  return plaintext === null ? null : Sealed.fromDatabase(fieldCipher().encrypt({ table, column, id }, plaintext));
}

/**
 * Decrypts one row's column (a `Sealed` from a Drizzle select, or the raw text of a
 * `db.execute` row); null stays null. A value of another row, plaintext or a legacy value
 * throws FieldDecryptionError, which the error filter answers as a 500 without detail.
 */
export function unseal<T extends EncryptedTable>(table: T, column: EncryptedColumn<T>, id: string, value: Sealed | string): string;
export function unseal<T extends EncryptedTable>(table: T, column: EncryptedColumn<T>, id: string, value: Sealed | string | null): string | null;
export function unseal<T extends EncryptedTable>(table: T, column: EncryptedColumn<T>, id: string, value: Sealed | string | null): string | null {
  if (value === null) return null;
  return fieldCipher().decrypt({ table, column, id }, typeof value === 'string' ? value : value.stored);
}

/** The row id in the authenticated data of an idempotency_keys row (user ids are UUIDs, so `/` cannot be ambiguous). */
export function idempotencyRowId(userId: string, key: string): string {
  return `${userId}/${key}`;
}
