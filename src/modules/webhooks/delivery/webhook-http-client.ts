import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress, systemResolve, urlProblem, type Resolve, type ResolvedAddress } from '../../../common/net/address-policy.js';

export interface WebhookHttpOptions {
  /** Production: only https URLs. */
  requireHttps: boolean;
  /** WEBHOOK_ALLOW_PRIVATE: loopback, private and link-local addresses allowed (tests, closed networks). */
  allowPrivate: boolean;
  timeoutMs: number;
  resolve?: Resolve;
}

/** What one attempt came to: a 2xx, another answer, or no answer at all (`status` null). */
export type Attempt = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** A URL the policy refuses (scheme, credentials, or an address that is not public). */
export class RefusedUrlError extends Error {}

/** Of an answer's body only this much is read; nothing of it is kept. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * POSTs webhook messages. Against DNS rebinding, the host is resolved once, every address it
 * resolves to must pass the address policy, and the connection goes to the checked address
 * (the request's `lookup` answers it), never to a second resolution. Redirects are not
 * followed (a 3xx is a failed attempt). TLS still verifies the certificate for the host name.
 */
export class WebhookHttpClient {
  private readonly resolve: Resolve;

  constructor(private readonly options: WebhookHttpOptions) {
    this.resolve = options.resolve ?? systemResolve;
  }

  /** The address a URL would be delivered to, or RefusedUrlError. Used at creation and at every attempt. */
  async check(rawUrl: string): Promise<{ url: URL; address: ResolvedAddress }> {
    const url = new URL(rawUrl);
    const problem = urlProblem(url, this.options.requireHttps);
    if (problem) throw new RefusedUrlError(`The URL ${problem}.`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await this.resolveOrRefuse(host);
    if (!this.options.allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) {
      throw new RefusedUrlError('The URL resolves to an address that is not public (loopback, private, link-local or metadata).');
    }
    return { url, address: addresses[0]! };
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<Attempt> {
    let target: { url: URL; address: ResolvedAddress };
    try {
      target = await this.check(rawUrl);
    } catch (error) {
      return { ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
    }
    return this.send(target.url, target.address, headers, body);
  }

  private async resolveOrRefuse(host: string): Promise<ResolvedAddress[]> {
    try {
      const found = await this.resolve(host);
      if (found.length === 0) throw new Error('no address');
      return found;
    } catch {
      throw new RefusedUrlError(`The host ${host} does not resolve.`);
    }
  }

  private send(url: URL, address: ResolvedAddress, headers: Record<string, string>, body: string): Promise<Attempt> {
    // The connection goes to the address that was checked, whatever the host resolves to now.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [address]);
      else callback(null, address.address, address.family);
    };
    const options: RequestOptions = {
      method: 'POST',
      lookup: pinned,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'iHosi-Webhooks/1', ...headers },
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Attempt>((resolve) => {
      let settled = false;
      const finish = (attempt: Attempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(attempt);
      };
      const req = request(url, options, (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_BODY_BYTES) res.destroy();
        });
        const done = () => finish(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `answered ${status}` });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish({ ok: false, status: null, error: `no answer within ${this.options.timeoutMs} ms` });
      }, this.options.timeoutMs);
      req.on('error', (error) => finish({ ok: false, status: null, error: error.message.slice(0, 200) }));
      req.end(body);
    });
  }
}
