import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { thrownBy } from './errors.js';

/** Loads `env` expecting a refusal; returns its message after checking it is one line. */
export function problemsOf(env: Record<string, string | undefined>): string {
  const { message } = thrownBy(() => loadConfig(env), ConfigError);
  expect(message).not.toContain('\n');
  return message;
}
