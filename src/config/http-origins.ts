export type CorsOrigin = string[] | '*' | false;
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/** CORS_ORIGIN: unset, no cross-origin access; `*`, any origin; else a comma list of origins. */
export function parseCorsOrigin(value: string | undefined): CorsOrigin {
  if (!value) return false;
  if (value.trim() === '*') return '*';
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * TRUST_PROXY as Fastify takes it: false, true, a number of proxy hops (a function, so only that
 * many X-Forwarded-For entries from the end are believed), or a comma list of addresses.
 */
export function parseTrustProxy(value: string): TrustProxy {
  if (value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
