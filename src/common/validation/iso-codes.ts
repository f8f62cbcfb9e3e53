import ISO6391 from 'iso-639-1';

/** ISO 639-1 two-letter language codes, from the iso-639-1 package's copy of the standard. */
const languages = new Set<string>(ISO6391.getAllCodes());

export function isLanguage(code: string): boolean {
  return languages.has(code);
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
/** User-assigned and grouping codes ICU names but which are no country. */
const notCountries = new Set(['ZZ', 'EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'XK']);

/** ISO 3166-1 alpha-2, upper case, as far as ICU knows the region (XK, Kosovo, is allowed). */
export function isCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  if (code === 'XK') return true;
  if (notCountries.has(code)) return false;
  return regionNames.of(code) !== undefined;
}
