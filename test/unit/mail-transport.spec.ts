import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DevelopmentMailer } from '../../src/common/mail/development.mailer.js';
import { DisabledMailer } from '../../src/common/mail/disabled.mailer.js';
import { createMailer } from '../../src/common/mail/mail.module.js';
import { SmtpMailer } from '../../src/common/mail/smtp.mailer.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../src/config/config.js';
import { selfSignedCertificate } from '../helpers/providers/provider-server.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { problemsOf } from '../helpers/config.js';

function capture() {
  const lines: string[] = [];
  const logger = pino(new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
  return { logger, lines };
}

const secret = 'S3cr3tT0ken_abcdefghijklmnopqrstuvwxyz012345';
const message = { to: 'ada@example.com', subject: 'Reset', text: `open https://app/reset-password#token=${secret}, Ada Lovelace`, secrets: [secret] };
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/x',
  JWT_SECRET: 'a'.repeat(32),
  JWT_REFRESH_SECRET: 'b'.repeat(32),
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
};

describe('development mail transport', () => {
  for (const env of ['test', 'production'] as const) {
    it(`under NODE_ENV=${env} logs only that a mail was not sent: no recipient, subject, body or secret`, async () => {
      const { logger, lines } = capture();
      const mailer = new DevelopmentMailer(env, logger);
      await mailer.send(message);
      const text = lines.join('');
      expect(text).toMatch(/mail not sent/);
      for (const detail of ['ada@example.com', 'Reset', 'Ada Lovelace', secret]) expect(text).not.toContain(detail);
      expect(mailer.outbox).toHaveLength(env === 'production' ? 0 : 1);
    });
  }

  it('in development logs the whole message, link included, so a developer can follow it', async () => {
    const { logger, lines } = capture();
    await new DevelopmentMailer('development', logger).send(message);
    expect(lines.join('')).toContain(secret);
    expect(lines.join('')).toContain('ada@example.com');
  });

  it('is chosen when SMTP_HOST is unset; SMTP (nodemailer) when it is set; disabled when MAIL_TRANSPORT says so', () => {
    const { logger } = capture();
    expect(createMailer(loadConfig({ DATA_DIR: MEMORY_DATA_DIR }), logger)).toBeInstanceOf(DevelopmentMailer);
    const smtp = createMailer(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: 'localhost', SMTP_PORT: '1025' }), logger);
    expect(smtp).toBeInstanceOf(SmtpMailer);
    (smtp as SmtpMailer).close();
    expect(createMailer(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, MAIL_TRANSPORT: 'disabled', SMTP_HOST: 'localhost' }), logger)).toBeInstanceOf(DisabledMailer);
    expect(createMailer(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, MAIL_TRANSPORT: 'development', SMTP_HOST: 'localhost' }), logger)).toBeInstanceOf(DevelopmentMailer);
  });
});

describe('disabled mail transport', () => {
  it('drops mail and logs only the running count', async () => {
    const { logger, lines } = capture();
    const mailer = new DisabledMailer(logger);
    await mailer.send(message);
    await mailer.send({ ...message, to: 'grace@example.com' });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => l.mailDropped)).toEqual([1, 2]);
    for (const detail of ['ada@example.com', 'grace@example.com', 'Reset', 'Ada Lovelace', secret]) expect(lines.join('')).not.toContain(detail);
  });
});

describe('MAIL_TRANSPORT configuration', () => {
  it('refuses production without SMTP_HOST unless MAIL_TRANSPORT=disabled is set explicitly', () => {
    expect(problemsOf(production)).toMatch(/^Invalid configuration: MAIL_TRANSPORT is required in production without SMTP_HOST: set SMTP_HOST .*or MAIL_TRANSPORT=disabled/);
    expect(problemsOf({ ...production, MAIL_TRANSPORT: 'development' })).toMatch(/MAIL_TRANSPORT cannot be development in production/);
    expect(loadConfig({ ...production, MAIL_TRANSPORT: 'disabled' }).mail).toMatchObject({ transport: 'disabled', smtp: null });
    expect(loadConfig({ ...production, MAIL_TRANSPORT: 'disabled' }).warnings.join(' ')).toMatch(/MAIL_TRANSPORT=disabled: e-mail .* is dropped/);
    expect(loadConfig({ ...production, SMTP_HOST: 'smtp.example' }).mail).toMatchObject({ transport: 'smtp', smtp: { host: 'smtp.example' } });
  });

  it('requires SMTP_HOST when MAIL_TRANSPORT=smtp, and refuses unknown transports', () => {
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, MAIL_TRANSPORT: 'smtp' })).toMatch(/SMTP_HOST is required when MAIL_TRANSPORT=smtp/);
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, MAIL_TRANSPORT: 'carrier-pigeon' })).toMatch(/^Invalid configuration: MAIL_TRANSPORT /);
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

describe('SMTP and TLS (SMTP_REQUIRE_TLS)', () => {
  const smtpOf = (env: Record<string, string>) => loadConfig(env).mail.smtp!;

  it('requires TLS by default in production, unless the relay is on this machine; SMTP_REQUIRE_TLS decides when set', () => {
    expect(smtpOf({ ...production, SMTP_HOST: 'smtp.example' }).requireTls).toBe(true);
    expect(smtpOf({ ...production, SMTP_HOST: 'localhost' }).requireTls).toBe(false);
    expect(smtpOf({ ...production, SMTP_HOST: '127.0.0.1' }).requireTls).toBe(false);
    expect(smtpOf({ ...production, SMTP_HOST: 'smtp.example', SMTP_REQUIRE_TLS: 'false' }).requireTls).toBe(false);
    expect(smtpOf({ DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: 'mailhog' }).requireTls).toBe(false);
    expect(smtpOf({ DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: 'mailhog', SMTP_REQUIRE_TLS: 'true' }).requireTls).toBe(true);
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, SMTP_HOST: 'mailhog', SMTP_REQUIRE_TLS: 'maybe' })).toMatch(/SMTP_REQUIRE_TLS/);
  });

  it('warns in production when mail to another host may go in the clear', () => {
    const warned = (env: Record<string, string>) => loadConfig({ ...production, ...env }).warnings.filter((w) => w.includes('SMTP_REQUIRE_TLS'));
    expect(warned({ SMTP_HOST: 'smtp.example', SMTP_REQUIRE_TLS: 'false' })).toEqual([expect.stringMatching(/^SMTP_REQUIRE_TLS=false: mail to smtp\.example goes in the clear/)]);
    expect(warned({ SMTP_HOST: 'smtp.example' })).toEqual([]);
    expect(warned({ SMTP_HOST: 'smtp.example', SMTP_REQUIRE_TLS: 'false', SMTP_PORT: '465' })).toEqual([]); // implicit TLS
    expect(warned({ SMTP_HOST: 'localhost', SMTP_REQUIRE_TLS: 'false' })).toEqual([]);
  });

  it('with TLS required, sends over STARTTLS to a server whose certificate it verifies', async () => {
    const tls = selfSignedCertificate();
    const server = await startSmtpServer({ tls });
    const mailer = new SmtpMailer({ host: server.host, port: server.port, requireTls: true }, 'no-reply@ihosi.test', { ca: tls.cert });
    try {
      await mailer.send(message);
      expect(server.received.map((m) => ({ to: m.envelope.to, secure: m.secure }))).toEqual([{ to: ['ada@example.com'], secure: true }]);
      expect(server.received[0]!.text).toContain(secret);
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('with TLS required, refuses a server that offers no STARTTLS: nothing is sent in the clear', async () => {
    const server = await startSmtpServer();
    const required = new SmtpMailer({ host: server.host, port: server.port, requireTls: true }, 'no-reply@ihosi.test');
    const optional = new SmtpMailer({ host: server.host, port: server.port, requireTls: false }, 'no-reply@ihosi.test');
    try {
      await expect(required.send(message)).rejects.toThrow(/STARTTLS|TLS/i);
      expect(server.received).toEqual([]);
      // Not required (development, a loopback relay): the same server gets it, in the clear.
      await optional.send(message);
      expect(server.received.map((m) => m.secure)).toEqual([false]);
    } finally {
      required.close();
      optional.close();
      await server.close();
    }
  });

  it('refuses a certificate it cannot verify, required or not: encryption to an impostor is no encryption', async () => {
    const server = await startSmtpServer({ tls: selfSignedCertificate() });
    const mailers = [true, false].map((requireTls) => new SmtpMailer({ host: server.host, port: server.port, requireTls }, 'no-reply@ihosi.test'));
    try {
      for (const mailer of mailers) await expect(mailer.send(message)).rejects.toThrow(/certificate/i);
      expect(server.received).toEqual([]);
    } finally {
      for (const mailer of mailers) mailer.close();
      await server.close();
    }
  });
});
