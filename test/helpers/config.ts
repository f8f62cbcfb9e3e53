import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

/** Loads `env` expecting a refusal; returns its message after checking it is one line. */
export function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the configuration to be rejected');
}
