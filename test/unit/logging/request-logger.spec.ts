import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, readableLines, wantsReadableLogs } from '../../../src/common/logging/logger.js';
import { requestAwareLogger, runWithRequestLogger } from '../../../src/common/logging/request-logger.js';

function capture(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  return { lines, sink: new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }) };
}

describe('the injected logger', () => {
  it('writes with the current request\'s bindings inside a request, across awaits and timers, and as itself outside one', async () => {
    const { lines, sink } = capture();
    const root = createLogger({ log: { level: 'info' } }, sink);
    const logger = requestAwareLogger(root);

    logger.info('at start-up');
    await new Promise<void>((resolve) =>
      runWithRequestLogger(root.child({ reqId: 'req-1', traceId: 'trace-1' }), () => {
        void (async () => {
          await Promise.resolve();
          logger.warn({ detail: 42 }, 'from a service, after an await');
          setTimeout(() => {
            logger.child({ part: 'mail' }).info('after the response, in a timer the request started');
            resolve();
          }, 1);
        })();
      }),
    );
    logger.info('between requests');

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((l) => [l.msg, l.reqId, l.traceId])).toEqual([
      ['at start-up', undefined, undefined],
      ['from a service, after an await', 'req-1', 'trace-1'],
      ['after the response, in a timer the request started', 'req-1', 'trace-1'],
      ['between requests', undefined, undefined],
    ]);
    expect(parsed[1]).toMatchObject({ detail: 42, level: 40 });
    expect(parsed[2]).toMatchObject({ part: 'mail' });
  });
});

describe('log format', () => {
  it('is readable only in development on a terminal; JSON when piped, in test and in production', () => {
    expect(wantsReadableLogs({ env: 'development' }, { isTTY: true })).toBe(true);
    expect(wantsReadableLogs({ env: 'development' }, { isTTY: false })).toBe(false);
    expect(wantsReadableLogs({ env: 'development' }, {})).toBe(false);
    expect(wantsReadableLogs({ env: 'production' }, { isTTY: true })).toBe(false);
    expect(wantsReadableLogs({ env: 'test' }, { isTTY: true })).toBe(false);
  });

  it('readable lines still censor credentials', async () => {
    const { lines, sink } = capture();
    const logger = createLogger({ log: { level: 'info' } }, await readableLines(sink, false));
    logger.info({ reqId: 'req-9', body: { password: 'hunter2-do-not-print' }, req: { headers: { authorization: 'Bearer abc.def' } } }, 'signed in');
    const text = lines.join('');
    expect(text).toMatch(/INFO.*signed in/);
    expect(text).toContain('req-9');
    expect(text).not.toContain('hunter2-do-not-print');
    expect(text).not.toContain('abc.def');
    expect(() => JSON.parse(text)).toThrow();
  });
});
