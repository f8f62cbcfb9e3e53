import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request as the provider server received it. */
export interface ProviderRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** HTTP version the client spoke ('2.0' for APNs). */
  httpVersion: string;
}

export interface ProviderAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Decides the answer to one request; the default answers 200 `{}`. */
export type ProviderRoute = (request: ProviderRequest) => ProviderAnswer | undefined;

export interface ProviderServer {
  origin: string;
  requests: ProviderRequest[];
  /** Answers queued here are given first, one per request whose path matches, before `route`. */
  queue(pathPattern: RegExp, ...answers: ProviderAnswer[]): void;
  route: ProviderRoute;
  /** The CA that signed the server's certificate (TLS servers). */
  ca?: string;
  close(): Promise<void>;
}

let certificate: { key: string; cert: string } | undefined;

/** A self-signed certificate for `localhost` and 127.0.0.1 (openssl, made once per process). */
export function selfSignedCertificate(): { key: string; cert: string } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'provider-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    certificate = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return certificate;
}

/**
 * A provider's server on a loopback port, started by the test: plain HTTP/1.1 (FCM, the OAuth
 * token endpoint, the SMS API), HTTPS (a Web Push service: web-push speaks only https) or
 * HTTP/2 over TLS (APNs). Every request is recorded with its body; answers come from a queue
 * per path, then from `route`.
 */
export async function startProviderServer(kind: 'http' | 'https' | 'http2', route: ProviderRoute = () => undefined): Promise<ProviderServer> {
  const queued: { pattern: RegExp; answer: ProviderAnswer }[] = [];
  const requests: ProviderRequest[] = [];
  const tls = kind === 'http' ? undefined : selfSignedCertificate();
  const server: ProviderServer = {
    origin: '',
    requests,
    route,
    ca: tls?.cert,
    queue(pathPattern, ...answers) {
      for (const answer of answers) queued.push({ pattern: pathPattern, answer });
    },
    close: async () => undefined,
  };
  const handle = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ProviderRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), httpVersion: req.httpVersion };
      requests.push(request);
      const index = queued.findIndex((q) => q.pattern.test(request.path));
      const answer = (index >= 0 ? queued.splice(index, 1)[0]!.answer : undefined) ?? server.route(request) ?? { status: 200, body: {} };
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      (res as ServerResponse).writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      (res as ServerResponse).end(body);
    });
  };
  const listener =
    kind === 'http' ? createHttpServer(handle) : kind === 'https' ? createHttpsServer({ key: tls!.key, cert: tls!.cert }, handle) : createSecureServer({ key: tls!.key, cert: tls!.cert }, handle);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  server.origin = `${kind === 'http' ? 'http' : 'https'}://${kind === 'http' ? '127.0.0.1' : 'localhost'}:${port}`;
  server.close = () =>
    new Promise<void>((resolve) => {
      (listener as { closeAllConnections?: () => void }).closeAllConnections?.();
      listener.close(() => resolve());
    });
  return server;
}

/** The decoded header and claims of a compact JWT (no verification). */
export function jwtParts(token: string): { header: Record<string, unknown>; claims: Record<string, unknown>; signingInput: string; signature: Buffer } {
  const [h, c, s] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c!, 'base64url').toString('utf8')) as Record<string, unknown>,
    signingInput: `${h}.${c}`,
    signature: Buffer.from(s!, 'base64url'),
  };
}
