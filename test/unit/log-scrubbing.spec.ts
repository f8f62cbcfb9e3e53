import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { createLogger, errorSummary, redactUrl } from '../../src/common/logging/logger.js';

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

describe('request URLs in log lines', () => {
  it('redact the calendar feed token, the only credential a feed needs, and keep every other path', () => {
    expect(redactUrl('/api/v1/calendar/a0Gm5k6P1DZWDEfUgVsrdSdzRxm43bvNXK7UTq.ics')).toBe('/api/v1/calendar/[redacted].ics');
    expect(redactUrl('/api/v1/calendar/a0Gm5k6P1DZW.ics?x=1')).toBe('/api/v1/calendar/[redacted].ics?x=1');
    expect(redactUrl('/api/v1/calendar/not-even-a-token')).toBe('/api/v1/calendar/[redacted]');
    for (const url of ['/api/v1/me/calendar-token', '/api/v1/doctors/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed/slots?from=2027-03-01', '/health/ready']) expect(redactUrl(url)).toBe(url);
  });
});

describe('error summaries (short log fields, stored notes)', () => {
  it('keep the message and code without e-mail addresses or query parameters', () => {
    const smtp = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <pat.ient+x@example.co.uk>: Recipient address rejected"), { code: 'EENVELOPE' });
    expect(errorSummary(smtp)).toEqual({ message: "Can't send mail - all recipients were rejected: 550 5.1.1 <[e-mail]>: Recipient address rejected", code: 'EENVELOPE' });
    const query = new DrizzleQueryError('select * from "users" where "email" = $1', ['ada@example.com'], new Error('timeout'));
    expect(JSON.stringify(errorSummary(query))).not.toContain('ada@example.com');
    expect(errorSummary('plain text, no address')).toEqual({ message: 'plain text, no address' });
  });
});
