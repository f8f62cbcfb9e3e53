import ipaddr from 'ipaddr.js';

/**
 * Whether a webhook may connect to `address`: only public unicast addresses. ipaddr.js names
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
