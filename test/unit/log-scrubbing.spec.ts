import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/common/logging/logger.js';

describe('logged errors', () => {
  it('keep the SQL but never the bound parameters of a failed query (hashes, tokens)', () => {
    const lines: string[] = [];
    const logger = createLogger({ log: { level: 'info' } }, new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const hash = '$2b$12$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234';
    const tokenHash = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';
    const error = new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ['ada@example.com', hash, tokenHash], new Error('Connection terminated'));
    logger.error({ err: new Error('request failed', { cause: error }) }, 'request failed');
    logger.error({ err: error }, 'query failed');
    const text = lines.join('');
    expect(text).toContain('insert into');
    expect(text).toContain('Connection terminated');
    for (const secret of [hash, tokenHash, 'ada@example.com']) expect(text).not.toContain(secret);
  });
});
