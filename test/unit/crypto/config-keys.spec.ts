import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../helpers/config.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';

const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', JWT_SECRET: 'a'.repeat(32), JWT_REFRESH_SECRET: 'b'.repeat(32), MAIL_TRANSPORT: 'disabled' };


describe('DATA_ENCRYPTION_KEYS configuration', () => {
  it('is required in production, in a one-line message naming the variable', () => {
    expect(problemsOf(production)).toMatch(/^Invalid configuration: DATA_ENCRYPTION_KEYS is required in production/);
    const key = randomBytes(32);
    const config = loadConfig({ ...production, DATA_ENCRYPTION_KEYS: `k2:${key.toString('base64')},k1:${randomBytes(32).toString('base64')}` });
    expect(config.encryption.keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(config.encryption.keys[0]!.key.equals(key)).toBe(true);
    expect(config.warnings.join(' ')).not.toMatch(/DATA_ENCRYPTION_KEYS/);
  });

  it('refuses malformed keys with the variable named and no key material echoed', () => {
    const secret = randomBytes(32).toString('base64');
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, DATA_ENCRYPTION_KEYS: `a:${randomBytes(31).toString('base64')}` })).toMatch(/DATA_ENCRYPTION_KEYS key "a" must be 32 bytes/);
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, DATA_ENCRYPTION_KEYS: 'a:%%%' })).toMatch(/DATA_ENCRYPTION_KEYS key "a" is not valid base64/);
    const duplicate = problemsOf({ DATA_DIR: MEMORY_DATA_DIR, DATA_ENCRYPTION_KEYS: `a:${secret},a:${secret}` });
    expect(duplicate).toMatch(/DATA_ENCRYPTION_KEYS key id "a" appears more than once/);
    expect(duplicate).not.toContain(secret);
  });

  it('in development generates a key under DATA_DIR once, keeps it, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ihosi-keys-'));
    const first = loadConfig({ DATA_DIR: dir });
    const path = join(dir, 'dev-data-key');
    expect(first.warnings.join(' ')).toMatch(new RegExp(`DATA_ENCRYPTION_KEYS not set: .*generated development key stored in ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(statSync(path).mode & 0o077).toBe(0);
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.encryption.keys[0]!.key.equals(first.encryption.keys[0]!.key)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain(first.encryption.keys[0]!.key.toString('base64'));
    expect(first.warnings.join(' ')).not.toContain(first.encryption.keys[0]!.key.toString('base64'));
  });

  it('in memory runs uses a key for the process, and says it is held in memory', () => {
    const config = loadConfig({ DATA_DIR: MEMORY_DATA_DIR });
    expect(config.encryption.keys).toHaveLength(1);
    expect(config.encryption.keys[0]!.key).toHaveLength(32);
    expect(config.warnings.join(' ')).toMatch(/DATA_ENCRYPTION_KEYS not set: .*held in memory/);
  });
});
