import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DevelopmentMailer } from '../../src/common/mail/development.mailer.js';
import { createMailer } from '../../src/common/mail/mail.module.js';
import { SmtpMailer } from '../../src/common/mail/smtp.mailer.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../src/config/config.js';
import { startSmtpServer } from '../helpers/smtp.js';

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

describe('SMTP mail transport (nodemailer, against a real SMTP server)', () => {
  it('delivers the message: envelope, headers and body as given, with the configured credentials', async () => {
    const server = await startSmtpServer({ users: { 'mailer@ihosi.test': 'smtp-secret-1' } });
    const config = loadConfig({ DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: server.host, SMTP_PORT: String(server.port), SMTP_USER: 'mailer@ihosi.test', SMTP_PASSWORD: 'smtp-secret-1', SMTP_FROM: 'iHosi <no-reply@ihosi.test>' });
    const mailer = createMailer(config, capture().logger);
    try {
      expect(mailer).toBeInstanceOf(SmtpMailer);
      // A long line and non-ASCII text, so the body travels encoded and must come back exact.
      const text = `Grüße, Zoë — your link: https://app.ihosi.example/reset-password#token=${secret}&x=${'y'.repeat(80)}\n\n100% yours`;
      await mailer.send({ to: 'ada@example.com', subject: 'Reset your iHosi password', text, secrets: [secret] });
      expect(server.received).toHaveLength(1);
      const [mail] = server.received;
      expect(mail!.envelope).toEqual({ from: 'no-reply@ihosi.test', to: ['ada@example.com'] });
      expect(mail!.user).toBe('mailer@ihosi.test');
      expect(mail!.headers).toMatchObject({ from: 'iHosi <no-reply@ihosi.test>', to: 'ada@example.com', subject: 'Reset your iHosi password' });
      expect(mail!.headers['content-type']).toMatch(/^text\/plain; charset=utf-8/i);
      expect(mail!.headers['message-id']).toMatch(/^<.+@.+>$/);
      expect(mail!.headers.date).toBeDefined();
      expect(mail!.text).toBe(text);
    } finally {
      (mailer as SmtpMailer).close();
      await server.close();
    }
  });

  it('fails the send with the answer of the server when it refuses, and with wrong credentials', async () => {
    const server = await startSmtpServer({ users: { 'mailer@ihosi.test': 'smtp-secret-1' } });
    const base = { DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: server.host, SMTP_PORT: String(server.port), SMTP_USER: 'mailer@ihosi.test' };
    const good = new SmtpMailer(loadConfig({ ...base, SMTP_PASSWORD: 'smtp-secret-1' }).mail.smtp!, 'no-reply@ihosi.test');
    const wrong = new SmtpMailer(loadConfig({ ...base, SMTP_PASSWORD: 'not-it' }).mail.smtp!, 'no-reply@ihosi.test');
    try {
      server.refuseNextRecipients(1, 451, 'mailbox busy, try later');
      await expect(good.send(message)).rejects.toThrow(/451/);
      await expect(wrong.send(message)).rejects.toThrow(/535|auth/i);
      expect(server.received).toEqual([]);
      await good.send(message);
      expect(server.received.map((m) => m.envelope.to)).toEqual([['ada@example.com']]);
    } finally {
      good.close();
      wrong.close();
      await server.close();
    }
  });
});
