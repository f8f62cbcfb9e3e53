import { createHash, randomBytes } from 'node:crypto';

/** A fresh 256-bit random token for the client (refresh and password-reset tokens). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database stores instead of a password-reset token. A 256-bit random value needs no
 * salt or slow hash: SHA-256 is enough to make a stolen table useless. (Refresh tokens, which
 * live for weeks, are stored keyed: see RefreshTokenDigests.)
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Shape check before any hashing or lookup: 32 bytes in base64url is 43 characters. */
export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
