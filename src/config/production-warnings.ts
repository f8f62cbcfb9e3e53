import type { Env } from './env.schema.js';
import { isLoopback, plaintextConnectionWarnings } from './transport-security.js';

/** What production says at start-up about settings that work but are probably wrong. */
export function productionWarnings(env: Env): string[] {
  return [...plaintextConnectionWarnings(env), ...publicUrlWarnings(env)];
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
