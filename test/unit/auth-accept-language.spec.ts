import { describe, expect, it } from 'vitest';
import { preferredLocale } from '../../src/modules/auth/accept-language.js';

describe('Accept-Language at registration', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['es', 'es'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['en-GB,en;q=0.9,es;q=0.8', 'en'],
    ['fr-FR,fr;q=0.9,es;q=0.5', 'es'],
    ['fr, de', 'en'],
    ['en;q=0.2, es;q=0.7', 'es'],
    ['es;q=0, en', 'en'],
    ['*', 'en'],
    ['de;q=0.9, es;q=0.9', 'es'],
    [';;;,q=,es', 'es'],
  ])('%j gives %s', (header, locale) => {
    expect(preferredLocale(header)).toBe(locale);
  });
});
