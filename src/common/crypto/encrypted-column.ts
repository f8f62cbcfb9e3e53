import { customType } from 'drizzle-orm/pg-core';
import { fieldCipher, isEncrypted } from './field-cipher.js';

/**
 * A `text` column holding PHI, encrypted on the way to the database and decrypted on the way
 * back, so repositories, services and mappers see plaintext. `column` (`table.column`) is the
 * authenticated data. Never filter, sort or join on such a column: every write has a fresh IV.
 * Raw SQL must pass values through `column.mapToDriverValue` / `mapFromDriverValue`.
 */
export function encryptedText(name: string, column: string) {
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => fieldCipher().encrypt(column, value),
    // Legacy plaintext (written before encryption) reads as it is until keys:rotate upgrades it.
    fromDriver: (value) => (isEncrypted(value) ? fieldCipher().decrypt(column, value) : value),
  })(name);
}

/**
 * A JSON value holding PHI (a stored booking response includes the visit reason), encrypted
 * as text the same way. Values written before encryption were plain JSON and still read.
 */
export function encryptedJson(name: string, column: string) {
  return customType<{ data: unknown; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => fieldCipher().encrypt(column, JSON.stringify(value)),
    fromDriver: (value) => JSON.parse(isEncrypted(value) ? fieldCipher().decrypt(column, value) : value) as unknown,
  })(name);
}

/** Decodes a nullable value of an encrypted column read by raw SQL (`db.execute`), which bypasses column codecs. */
export function decodeColumn(column: { mapFromDriverValue(value: string): unknown }, value: string | null): string | null {
  return value === null ? null : (column.mapFromDriverValue(value) as string);
}
