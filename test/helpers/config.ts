import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { thrownBy } from './errors.js';

/** Loads `env` expecting a refusal; returns its message after checking it is one line. */
export function problemsOf(env: Record<string, string | undefined>): string {
  const { message } = thrownBy(() => loadConfig(env), ConfigError);
  expect(message).not.toContain('\n');
  return message;
}

/** The least environment production starts with: a database, strong JWT secrets, a data key, e-mail turned off. */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/x',
  JWT_SECRET: 'a'.repeat(32),
  JWT_REFRESH_SECRET: 'b'.repeat(32),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  MAIL_TRANSPORT: 'disabled',
} as const;
