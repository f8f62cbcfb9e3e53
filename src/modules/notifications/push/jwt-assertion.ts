import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/*
 * The two provider JWTs we sign (Google's OAuth 2 assertion, RS256; Apple's provider token,
 * ES256) with node:crypto. Access tokens are signed only by the auth module (jose); these are
 * credentials we present to a provider, never accepted by us.
 */

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function privateKey(pem: string): KeyObject {
  // Environment files often carry a PEM on one line with literal "\n".
  return createPrivateKey(pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem);
}

export function signJwt(alg: 'RS256' | 'ES256', header: Record<string, string>, claims: Record<string, string | number>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${b64url(JSON.stringify(claims))}`;
  // JWS wants ECDSA signatures as r||s (IEEE P1363), not DER.
  const signature = alg === 'ES256' ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(input), key);
  return `${input}.${b64url(signature)}`;
}
