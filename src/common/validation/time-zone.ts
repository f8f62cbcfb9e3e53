import { IANAZone } from 'luxon';
import { z } from 'zod';

const MESSAGE = 'must be an IANA time zone such as "Europe/Berlin"';

/** What an IANA zone name is made of; the shape check before any lookup. */
const ZONE_NAME = /^[A-Za-z0-9_+\-/]{1,64}$/;

/**
 * Current IANA names that ICU (through CLDR) still treats as aliases of older ones, so
 * `Intl` would answer `Asia/Calcutta` for `Asia/Kolkata`. Devices report the IANA names, and
 * a client must get back the zone it sent: these are kept, not swapped for the old alias.
 */
const IANA_NAMES_ICU_CALLS_ALIASES = [
  'Africa/Asmara',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Atikokan',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'America/Nuuk',
  'Asia/Ho_Chi_Minh',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Asia/Yangon',
  'Atlantic/Faroe',
  'Europe/Kyiv',
  'Pacific/Chuuk',
  'Pacific/Kanton',
  'Pacific/Pohnpei',
  'UTC',
];

/** Lower-cased name → its spelling, for every zone this runtime lists plus the names above. */
const SPELLINGS = new Map([...Intl.supportedValuesOf('timeZone'), ...IANA_NAMES_ICU_CALLS_ALIASES].map((name) => [name.toLowerCase(), name]));

/**
 * The canonical spelling of an IANA zone (`asia/tokyo` → `Asia/Tokyo`), or null when the zone
 * is unknown. A zone this runtime knows by name keeps that name in its proper case, so the
 * caller gets back the zone it sent; any other accepted name (a legacy link such as
 * `us/pacific`) becomes the zone `Intl.DateTimeFormat#resolvedOptions` resolves it to. luxon's
 * `IANAZone#name` is not used: it keeps the spelling as typed.
 */
export function canonicalZone(name: string): string | null {
  if (!ZONE_NAME.test(name) || !IANAZone.isValidZone(name)) return null;
  const known = SPELLINGS.get(name.toLowerCase());
  if (known !== undefined && IANAZone.isValidZone(known)) return known;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The one schema for every time-zone input (doctor profile, availability, slot queries): an
 * IANA zone, turned into its canonical spelling, so what is stored, cached and echoed is
 * always spelled one way. Unknown zones are a 400 naming the field.
 */
export const timeZoneSchema = z
  .string(MESSAGE)
  .transform((value, ctx) => {
    const zone = canonicalZone(value);
    if (!zone) {
      ctx.addIssue({ code: 'custom', message: MESSAGE });
      return z.NEVER;
    }
    return zone;
  })
  // canonicalZone refuses any other name; the document says so.
  .meta({ example: 'Europe/Berlin', maxLength: 64, pattern: ZONE_NAME.source });

/** A zone as the API answers it: always the canonical spelling the input schema stored. */
export const timeZoneOutput = z.string().meta({ example: 'Europe/Berlin', maxLength: 64, pattern: ZONE_NAME.source });
