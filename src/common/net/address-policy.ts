import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where the app connects to a host a client named (a webhook URL, a browser's Web Push
 * endpoint), it connects only to public addresses: never to loopback, the private network or
 * the cloud metadata service (SSRF).
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name resolution: the system resolver, or a test's own. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Whether the app may connect to `address`: only public unicast addresses. ipaddr.js names
 * every special range (loopback, private, link-local with the cloud metadata address
 * 169.254.169.254, unique-local IPv6 with fd00:ec2::254, carrier-grade NAT, multicast,
 * reserved, documentation, 6to4 and NAT64 prefixes that can embed any IPv4 address, …); an
 * IPv4-mapped IPv6 address is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The URL problems that do not need DNS: scheme and credentials. Null when none. */
export function urlProblem(url: URL, requireHttps: boolean): string | null {
  if (url.protocol !== 'https:' && (requireHttps || url.protocol !== 'http:')) return requireHttps ? 'must be an https URL' : 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials';
  return null;
}

/**
 * Whether a URL's host is a plain DNS name or an address, nothing else. The WHATWG parser
 * (`new URL`) keeps characters such as `;`, `{` or a quote inside a host that Node's legacy
 * `url.parse` (which some client libraries still connect with) cuts the host at:
 * `https://127.0.0.1;.example.com/` is a name to one and loopback to the other. A URL whose
 * host both read alike cannot slip past a check made with the other.
 */
export function hasPlainHost(url: URL): boolean {
  return /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/i.test(url.hostname);
}

/** A URL's host written as an address (`https://10.0.0.5/…`, `https://[::1]/…`) that is not public; such a host is never looked up. */
export function isNonPublicLiteral(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 && !isPublicAddress(host);
}

/** Refused by `publicOnlyLookup`: the name resolves to an address that is not public. */
export class NonPublicAddressError extends Error {
  readonly code = 'ENOTPUBLIC';
}

/**
 * A `lookup` for sockets (an https.Agent's) that answers a name only when every address it
 * resolves to is public. The socket connects to what this answered, so a name cannot pass the
 * check and then resolve elsewhere (DNS rebinding). Hosts written as addresses skip lookups:
 * check those with `isNonPublicLiteral`.
 */
export function publicOnlyLookup(resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
          callback(new NonPublicAddressError(`${hostname} resolves to an address that is not public`), '', 0);
        } else if (options.all) {
          (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, addresses);
        } else {
          callback(null, addresses[0]!.address, addresses[0]!.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
