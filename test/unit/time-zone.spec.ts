import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { canonicalZone, timeZoneSchema } from '../../src/common/validation/time-zone.js';

describe('the time-zone schema', () => {
  it.each([
    ['asia/tokyo', 'Asia/Tokyo'],
    ['ASIA/TOKYO', 'Asia/Tokyo'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['america/argentina/buenos_aires', 'America/Argentina/Buenos_Aires'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['utc', 'UTC'],
    ['etc/gmt+5', 'Etc/GMT+5'],
  ])('turns %j into %j', (input, expected) => {
    expect(canonicalZone(input)).toBe(expected);
    expect(timeZoneSchema.parse(input)).toBe(expected);
  });

  it('keeps current IANA names that ICU calls aliases (a client gets back the zone it sent)', () => {
    for (const zone of ['Asia/Kolkata', 'Asia/Kathmandu', 'Europe/Kyiv', 'America/Nuuk', 'Asia/Ho_Chi_Minh']) {
      expect(canonicalZone(zone)).toBe(zone);
      expect(canonicalZone(zone.toLowerCase())).toBe(zone);
    }
  });

  it('answers only zones luxon (the slot engine) accepts as they are', () => {
    for (const zone of [...Intl.supportedValuesOf('timeZone'), 'Asia/Kolkata', 'UTC']) {
      const canonical = canonicalZone(zone.toLowerCase());
      expect(canonical, zone).not.toBeNull();
      expect(IANAZone.isValidZone(canonical!), zone).toBe(true);
      expect(canonicalZone(canonical!), zone).toBe(canonical);
    }
  });

  it('refuses unknown zones and anything that is not a zone name', () => {
    for (const input of ['Europe/Atlantis', 'Mars/Olympus', '', ' Asia/Tokyo', 'Asia/Tokyo ', 'Asia/../Tokyo/x', 'a'.repeat(65), '+09:00']) {
      expect(canonicalZone(input), input).toBeNull();
      expect(timeZoneSchema.safeParse(input).success, input).toBe(false);
    }
    expect(timeZoneSchema.safeParse(42).success).toBe(false);
  });
});
