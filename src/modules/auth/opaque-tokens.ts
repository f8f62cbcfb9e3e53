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

/** 32 bytes in base64url. */
export const OPAQUE_TOKEN_LENGTH = 43;

/** Shape check before any hashing or lookup. */
export const OPAQUE_TOKEN_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${OPAQUE_TOKEN_LENGTH}}$`);
