import { Controller, Get, Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Public } from '../../../src/common/auth/policy.js';
import { LOGGER } from '../../../src/common/logging/logger.js';
import { DevelopmentMailer } from '../../../src/common/mail/development.mailer.js';
import { MAIL } from '../../../src/common/mail/mail.port.js';
import { registerUser } from '../../helpers/auth.js';
import { expectProblem } from '../../helpers/http.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { waitFor } from '../../helpers/process.js';

/** A stand-in for any service: it logs through the injected LOGGER and knows nothing of requests. */
@Public()
@Controller('test-only')
class LoggingProbeController {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  @Get('busy')
  async busy() {
    this.logger.info('service line before an await');
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.logger.warn({ step: 2 }, 'service line after an await');
    throw new Error('boom after logging');
  }
}

describe('every log line written while serving a request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ controllers: [LoggingProbeController] });
  });
  afterAll(() => t.close());

  /** The lines written from `from` on, once `done` holds (work a request started may end after its response). */
  async function linesSince(from: number, done: (lines: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
    return waitFor(async () => (done(t.logs.slice(from)) ? t.logs.slice(from) : undefined), 5_000, 'the log lines');
  }

  it('carries its request id, from Fastify, the error filter and services alike, and no traceId while tracing is off', async () => {
    const from = t.logs.length;
    const response = await t.request({ method: 'GET', url: '/test-only/busy' });
    const body = expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(body).not.toHaveProperty('traceId');

    const lines = await linesSince(from, (ls) => ls.some((l) => l.msg === 'request completed'));
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'service line before an await', 'service line after an await', 'request failed', 'request completed']),
    );
    for (const line of lines) expect(line, String(line.msg)).toMatchObject({ reqId: response.headers['x-request-id'] });
    for (const line of lines) expect(line).not.toHaveProperty('traceId');
  });

  it('carries it for a service line written after the response: the reset mail of POST /auth/password-reset/request', async () => {
    const user = await registerUser(t);
    const mailer = t.app.get<DevelopmentMailer>(MAIL, { strict: false });
    const from = t.logs.length;
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      headers: { 'x-request-id': 'caller-chosen-id-123' },
      payload: { email: user.email },
    });
    expect(response.statusCode).toBe(202);

    const lines = await linesSince(from, (ls) => ls.some((l) => String(l.msg).startsWith('mail not sent')));
    expect(mailer.outbox.at(-1)?.to).toBe(user.email);
    const mailLine = lines.find((l) => String(l.msg).startsWith('mail not sent'));
    const serverId = lines.find((l) => l.msg === 'incoming request')?.reqId;
    expect(serverId).toEqual(expect.any(String));
    expect(serverId).not.toBe('caller-chosen-id-123');
    expect(mailLine).toMatchObject({ reqId: serverId, clientRequestId: 'caller-chosen-id-123' });
    for (const line of lines) expect(line, String(line.msg)).toMatchObject({ reqId: serverId });
  });
});
