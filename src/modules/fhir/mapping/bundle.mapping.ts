import type { Bundle, BundleLink, FhirResource } from './fhir-types.js';

/** A search's parameters as they go into its `self` and `next` links, the page token last. */
export type SearchParams = Record<string, string | string[] | number | undefined>;

export function searchUrl(base: string, type: string, params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of [value].flat()) query.append(name, String(v));
  }
  const text = query.toString();
  return `${base}/${type}${text ? `?${text}` : ''}`;
}

/**
 * A searchset Bundle: each match with its absolute fullUrl, a `self` link and, when there is
 * another page, a `next` link carrying the same parameters and the page token.
 */
export function toSearchBundle(base: string, type: string, params: SearchParams, resources: FhirResource[], nextPage: string | null): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: searchUrl(base, type, params) }];
  if (nextPage) link.push({ relation: 'next', url: searchUrl(base, type, { ...params, _page: nextPage }) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link,
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}
