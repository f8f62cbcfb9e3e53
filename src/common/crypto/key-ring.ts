/** One data-encryption key: a short id stored with every value it encrypts, and 32 key bytes. */
export interface DataKey {
  id: string;
  key: Buffer;
}

export type KeyRingParse = { ok: true; keys: DataKey[] } | { ok: false; message: string };

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/**
 * Parses `DATA_ENCRYPTION_KEYS`: a comma list of `keyId:base64key` (standard or url-safe
 * base64 of 32 bytes). The first key is current (new writes); the others only decrypt, which
 * is what lets keys rotate. Messages name the entry by position and id, never key material.
 */
export function parseKeyRing(text: string): KeyRingParse {
  const entries = text.split(',').map((entry) => entry.trim());
  const keys: DataKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) return { ok: false, message: `${where} must be keyId:base64key (a comma list of such entries)` };
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) return { ok: false, message: `${where} has an invalid key id (use 1-16 of A-Z a-z 0-9 _ -)` };
    if (!BASE64.test(encoded)) return { ok: false, message: `key "${id}" is not valid base64` };
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (key.length !== 32) return { ok: false, message: `key "${id}" must be 32 bytes (AES-256), got ${key.length}` };
    if (keys.some((k) => k.id === id)) return { ok: false, message: `key id "${id}" appears more than once` };
    keys.push({ id, key });
  }
  return { ok: true, keys };
}

/** The `keyId:base64key` form of one key, as DATA_ENCRYPTION_KEYS expects it. */
export function formatDataKey(key: DataKey): string {
  return `${key.id}:${key.key.toString('base64')}`;
}
