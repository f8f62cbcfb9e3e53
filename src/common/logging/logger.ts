import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';

/**
 * Credentials and personal data never reach a log line: these paths are censored wherever
 * they appear in a logged object. Bodies are not logged at all.
 */
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.passwordHash',
];

type SerializedError = ReturnType<typeof pino.stdSerializers.err> & { params?: unknown; cause?: unknown };

/**
 * Drizzle's query errors carry the bound parameters in `params` and in their message and stack
 * ("Failed query: … params: …"): password hashes, token hashes, e-mail addresses. Logs keep the
 * SQL text and the cause, never the values.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return scrubParams(pino.stdSerializers.err(error));
}

/** An e-mail address as SMTP servers quote it in their replies (`<patient@example.com>`), or bare. */
const EMAIL_ADDRESS = /[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+\.[^\s<>"'(),;:@]+/g;

/**
 * An error's text with what it must not carry taken out: a failed query's bound parameters, and
 * e-mail addresses (SMTP servers quote the refused recipient: a patient's address).
 */
export function scrubErrorText(text: string): string {
  return text.replace(/\nparams: .*/g, '\nparams: [redacted]').replace(EMAIL_ADDRESS, '[e-mail]');
}

/** An error as one short log field or stored note: its scrubbed message, and its code if it has one. */
export function errorSummary(error: unknown): { message: string; code?: string } {
  const message = scrubErrorText(error instanceof Error ? error.message : String(error));
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}

function scrubParams(serialized: SerializedError): Record<string, unknown> {
  const { params: _params, ...rest } = serialized;
  const clean: Record<string, unknown> = { ...rest };
  for (const key of ['message', 'stack']) {
    const text = clean[key];
    if (typeof text === 'string') clean[key] = scrubErrorText(text);
  }
  if (clean.cause && typeof clean.cause === 'object') clean.cause = scrubParams(clean.cause as SerializedError);
  return clean;
}

/**
 * Path segments that are credentials: the private calendar feed's token is all a calendar app
 * needs to read a doctor's upcoming patients, and request lines would keep it for as long as
 * the logs are kept.
 */
const SECRET_PATH_SEGMENTS = /(\/api\/v1\/calendar\/)[^/?#]+?(\.ics)?(?=[/?#]|$)/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH_SEGMENTS, (_match, prefix: string, suffix: string | undefined) => `${prefix}[redacted]${suffix ?? ''}`);
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Fastify's request line (method, url, host, peer), with secret path segments redacted. Any
 * other `req` a line carries (a plain object of the app's own) is left as it is, for the
 * redaction paths to censor.
 */
function serializeRequest(req: unknown): unknown {
  if (!isRequest(req)) return req;
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

function isRequest(value: unknown): value is LoggedRequest {
  return typeof value === 'object' && value !== null && typeof (value as LoggedRequest).url === 'string' && typeof (value as LoggedRequest).method === 'string';
}

/** JSON logs to stdout, or to `destination` (tests capture lines to assert what is never logged). */
export function createLogger(config: Pick<AppConfig, 'log'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.log.level,
    base: { service: 'ihosi', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: serializeError, req: serializeRequest },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Readable lines (pino-pretty) for a person at a terminal in development; JSON lines in every
 * other case, since log stores and `jq` parse them. Redaction and serializers apply either way.
 */
export function wantsReadableLogs(config: Pick<AppConfig, 'env'>, stdout: { isTTY?: boolean }): boolean {
  return config.env === 'development' && stdout.isTTY === true;
}

/** The process's logger on stdout: readable or JSON, see `wantsReadableLogs`. */
export async function createStdoutLogger(config: Pick<AppConfig, 'log' | 'env'>): Promise<Logger> {
  return wantsReadableLogs(config, process.stdout) ? createLogger(config, await readableLines(1, true)) : createLogger(config);
}

/** pino-pretty writing to `destination` (a file descriptor or a stream): one line per entry, time, level and message first. */
export async function readableLines(destination: number | NodeJS.WritableStream, colorize: boolean): Promise<DestinationStream> {
  // Loaded only here, so a process that logs JSON never loads the formatter.
  const { PinoPretty } = await import('pino-pretty');
  return PinoPretty({ destination, colorize, sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}

/** Routes Nest's own messages (module start-up, route mapping) into the same JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
