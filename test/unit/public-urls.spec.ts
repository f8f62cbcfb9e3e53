import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { PRODUCTION_ENV } from '../helpers/config.js';

const warnings = (env: Record<string, string>) => loadConfig({ ...PRODUCTION_ENV, ...env }).warnings.join('\n');

describe('public URLs in production', () => {
  it('warns of PUBLIC_APP_URL and PUBLIC_API_URL left at this machine: links in mail, feeds and FHIR would lead nowhere', () => {
    const left = warnings({});
    expect(left).toMatch(/PUBLIC_APP_URL is http:\/\/localhost:3000 in production: password-reset links/);
    expect(left).toMatch(/PUBLIC_API_URL is http:\/\/localhost:3000 in production: calendar feed URLs and FHIR links/);
    expect(warnings({ PUBLIC_API_URL: 'http://127.0.0.1:8080' })).toMatch(/PUBLIC_API_URL is http:\/\/127\.0\.0\.1:8080/);
  });

  it('is quiet once both are public, and outside production', () => {
    expect(warnings({ PUBLIC_APP_URL: 'https://app.clinic.example', PUBLIC_API_URL: 'https://api.clinic.example' })).not.toMatch(/PUBLIC_(APP|API)_URL/);
    expect(loadConfig({ DATA_DIR: 'memory://' }).warnings.join('\n')).not.toMatch(/PUBLIC_(APP|API)_URL/);
  });
});
