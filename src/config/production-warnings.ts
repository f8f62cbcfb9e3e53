import { join } from 'node:path';
import type { Env } from './env.schema.js';
import { isLoopback, plaintextConnectionWarnings } from './transport-security.js';

/** What production says at start-up about settings that work but are probably wrong. */
export function productionWarnings(env: Env): string[] {
  return [...plaintextConnectionWarnings(env), ...publicUrlWarnings(env), ...localUploadsWarnings(env)];
}

/**
 * Without S3_BUCKET, doctors' photos and verification documents live in DATA_DIR/uploads, which
 * a container's own disk loses on redeploy and other instances cannot read. Said on every start,
 * since the app cannot see whether a persistent, shared volume is mounted there.
 */
export function localUploadsWarnings(env: Pick<Env, 'S3_BUCKET' | 'DATA_DIR'>): string[] {
  if (env.S3_BUCKET) return [];
  return [
    `S3_BUCKET not set: uploaded photos and verification documents are kept in ${join(env.DATA_DIR, 'uploads')} on this instance's disk; it must be a persistent volume that every instance mounts (set DATA_DIR to one), or set S3_BUCKET`,
  ];
}

/**
 * Production warnings for public URLs left at this machine (their development default): every
 * link the app writes with them (password resets in mail, calendar feeds, FHIR fullUrls and the
 * bulk-publish manifest) would lead its reader nowhere.
 */
export function publicUrlWarnings(env: Pick<Env, 'PUBLIC_APP_URL' | 'PUBLIC_API_URL'>): string[] {
  const uses = { PUBLIC_APP_URL: 'password-reset links in e-mail', PUBLIC_API_URL: 'calendar feed URLs and FHIR links' } as const;
  return (Object.keys(uses) as (keyof typeof uses)[])
    .filter((name) => isLoopback(new URL(env[name]).hostname))
    .map((name) => `${name} is ${env[name]} in production: ${uses[name]} point at this machine; set it to the public URL`);
}
