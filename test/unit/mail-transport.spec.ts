import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DevelopmentMailer } from '../../src/common/mail/development.mailer.js';
import { createMailer } from '../../src/common/mail/mail.module.js';
import { SmtpMailer } from '../../src/common/mail/smtp.mailer.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../src/config/config.js';

function capture() {
  const lines: string[] = [];
  const logger = pino(new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
  return { logger, lines };
}

const secret = 'S3cr3tT0ken_abcdefghijklmnopqrstuvwxyz012345';
const message = { to: 'ada@example.com', subject: 'Reset', text: `open https://app/reset-password#token=${secret}`, secrets: [secret] };

describe('development mail transport', () => {
  it('in production logs that a mail was not sent, but never its secrets, and keeps no outbox', async () => {
    const { logger, lines } = capture();
    const mailer = new DevelopmentMailer('production', logger);
    await mailer.send(message);
    expect(lines.join('')).toMatch(/ada@example\.com/);
    expect(lines.join('')).not.toContain(secret);
    expect(mailer.outbox).toHaveLength(0);
  });

  it('in development logs the link so a developer can follow it', async () => {
    const { logger, lines } = capture();
    await new DevelopmentMailer('development', logger).send(message);
    expect(lines.join('')).toContain(secret);
  });

  it('is chosen when SMTP_HOST is unset; SMTP (nodemailer) when it is set', () => {
    const { logger } = capture();
    expect(createMailer(loadConfig({ DATA_DIR: MEMORY_DATA_DIR }), logger)).toBeInstanceOf(DevelopmentMailer);
    const smtp = createMailer(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: 'localhost', SMTP_PORT: '1025' }), logger);
    expect(smtp).toBeInstanceOf(SmtpMailer);
    (smtp as SmtpMailer).close();
  });
});
