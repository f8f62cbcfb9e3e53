import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirJson } from '../../helpers/fhir.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const BASE = 'https://api.clinic.example/fhir/R4';

/**
 * FHIR links are absolute. Behind a trusted proxy (TRUST_PROXY=1, as every deployment file
 * sets it) a client's Host and X-Forwarded-Host must not choose their host: the public
 * bulk-publish manifest is cacheable, so a shared cache would hand the forged links to every
 * aggregator that fetches it.
 */
describe('FHIR links come from PUBLIC_API_URL, never from request headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: '1', PUBLIC_API_URL: 'https://api.clinic.example/' } });
  });
  afterAll(() => t.close());

  const forged = { host: 'attacker.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
  const get = async (url: string) => {
    const response = await t.request({ method: 'GET', url, headers: forged });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as FhirJson;
  };

  it('in the bulk-publish manifest: its request and every file URL', async () => {
    const manifest = await get('/fhir/R4/$bulk-publish');
    expect(manifest.request).toBe(`${BASE}/$bulk-publish`);
    for (const { type, url } of manifest.output as { type: string; url: string }[]) expect(url).toBe(`${BASE}/$bulk-publish/${type}.ndjson`);
    expect(JSON.stringify(manifest)).not.toMatch(/evil\.example|attacker\.example/);
  });

  it('in search Bundles and the CapabilityStatement', async () => {
    const bundle = await get('/fhir/R4/Practitioner?_count=1');
    expect(bundle.link).not.toHaveLength(0);
    for (const link of bundle.link as { url: string }[]) expect(link.url.startsWith(`${BASE}/Practitioner?`), link.url).toBe(true);
    const capability = await get('/fhir/R4/metadata');
    expect(capability.implementation).toMatchObject({ url: BASE });
  });
});
