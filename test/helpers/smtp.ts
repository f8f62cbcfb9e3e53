import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message as the SMTP server received it: the envelope, the headers, the decoded text. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** Header names lower-cased; folded lines joined; RFC 2047 words decoded. */
  headers: Record<string, string>;
  /** The body with its transfer encoding (quoted-printable, base64) undone; of a multipart message, its first text/plain part. */
  text: string;
  /** Of a multipart message, every leaf part (headers and decoded body), in order; else empty. */
  parts: MimePart[];
  /** The user that authenticated, if the client did. */
  user: string | null;
  /** Whether the message came over TLS (after STARTTLS). */
  secure: boolean;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  received: ReceivedMail[];
  /** The next `count` recipients are refused with this temporary failure (e.g. 451). */
  refuseNextRecipients(count: number, code: number, message: string): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port (the `smtp-server` package), so mail is tested
 * end to end: nodemailer speaks SMTP to it and the test reads what arrived. With `users`,
 * AUTH PLAIN/LOGIN is offered and checked; with `tls` (a key and certificate), STARTTLS is
 * offered; without, the server speaks only in the clear.
 */
export async function startSmtpServer(options: { users?: Record<string, string>; tls?: { key: string; cert: string } } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals: { left: number; code: number; message: string } = { left: 0, code: 0, message: '' };
  const server = new SMTPServer({
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.users ? [] : ['AUTH'])],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    authOptional: !options.users,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username !== undefined && options.users?.[auth.username] === auth.password;
      callback(ok ? null : Object.assign(new Error('invalid credentials'), { responseCode: 535 }), ok ? { user: auth.username } : undefined);
    },
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (refusals.left > 0) {
        refusals.left--;
        callback(Object.assign(new Error(refusals.message), { responseCode: refusals.code }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          ...parseMessage(Buffer.concat(chunks).toString('utf8')),
          user: typeof session.user === 'string' ? session.user : null,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    refuseNextRecipients(count, code, message) {
      refusals = { left: count, code, message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface MimePart {
  headers: Record<string, string>;
  text: string;
}

/** Just enough of RFC 5322/2045/2046/2047 to read what nodemailer sends: a text part, or multipart parts. */
export function parseMessage(raw: string): { headers: Record<string, string>; text: string; parts: MimePart[] } {
  const whole = parsePart(raw);
  const boundary = /multipart\/[a-z]+;.*boundary="?([^";]+)"?/i.exec(whole.headers['content-type'] ?? '')?.[1];
  if (!boundary) return { ...whole, parts: [] };
  const parts = leaves(raw, boundary);
  const plain = parts.find((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'));
  return { headers: whole.headers, text: plain?.text ?? '', parts };
}

function leaves(raw: string, boundary: string): MimePart[] {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const chunks = body.split(`--${boundary}`).slice(1);
  return chunks.flatMap((chunk) => {
    if (chunk.startsWith('--')) return [];
    const part = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
    const inner = /multipart\/[a-z]+;.*boundary="?([^";]+)"?/i.exec(parsePart(part).headers['content-type'] ?? '')?.[1];
    return inner ? leaves(part, inner) : [parsePart(part)];
  });
}

function parsePart(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { headers, text: text.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

function decodeQuotedPrintable(text: string): string {
  // Literal "%" first, so that only the =XX escapes become percent-escapes of UTF-8 bytes.
  const escaped = text.replace(/=\r?\n/g, '').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(escaped);
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}
