import { DateTime, IANAZone, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeSlots, type WeeklyRule } from '../../../src/modules/scheduling/slots/engine/index.js';
import { daily, localStartsOf, slotQuery, startsOf } from './fixtures.js';

function firstSlotOn(timezone: string, date: string): string | undefined {
  return startsOf(computeSlots(slotQuery({ timezone, weekly: daily('09:00', '12:00'), from: date })))[0];
}

function slotsOn(timezone: string, date: string, weekly: WeeklyRule[], durationMinutes = 30) {
  return computeSlots(slotQuery({ timezone, weekly, from: date, durationMinutes }));
}

function sunday(start: string, end: string): WeeklyRule[] {
  return [{ day: 'sunday', start, end }];
}

describe('the first slot at 09:00 local around a daylight-saving change', () => {
  it.each([
    // Europe/Berlin: +01:00 → +02:00 on 2027-03-28, back on 2027-10-31.
    ['Europe/Berlin', '2027-03-27', '2027-03-27T08:00:00.000Z'],
    ['Europe/Berlin', '2027-03-28', '2027-03-28T07:00:00.000Z'],
    ['Europe/Berlin', '2027-03-29', '2027-03-29T07:00:00.000Z'],
    ['Europe/Berlin', '2027-10-30', '2027-10-30T07:00:00.000Z'],
    ['Europe/Berlin', '2027-10-31', '2027-10-31T08:00:00.000Z'],
    ['Europe/Berlin', '2027-11-01', '2027-11-01T08:00:00.000Z'],
    // America/New_York: −05:00 → −04:00 on 2027-03-14, back on 2027-11-07.
    ['America/New_York', '2027-03-13', '2027-03-13T14:00:00.000Z'],
    ['America/New_York', '2027-03-14', '2027-03-14T13:00:00.000Z'],
    ['America/New_York', '2027-03-15', '2027-03-15T13:00:00.000Z'],
    ['America/New_York', '2027-11-06', '2027-11-06T13:00:00.000Z'],
    ['America/New_York', '2027-11-07', '2027-11-07T14:00:00.000Z'],
    ['America/New_York', '2027-11-08', '2027-11-08T14:00:00.000Z'],
  ])('%s on %s starts at %s', (zone, date, expected) => {
    expect(firstSlotOn(zone, date)).toBe(expected);
    // The morning is unaffected by the night's change: still six half-hour visits.
    expect(computeSlots(slotQuery({ timezone: zone, weekly: daily('09:00', '12:00'), from: date }))).toHaveLength(6);
  });
});

describe('an interval across the spring-forward gap (New York, 2027-03-14, 02:00 → 03:00)', () => {
  it('steps over the missing hour: 01:00–04:00 holds two real hours', () => {
    const slots = slotsOn('America/New_York', '2027-03-14', sunday('01:00', '04:00'));
    expect(startsOf(slots)).toEqual([
      '2027-03-14T06:00:00.000Z',
      '2027-03-14T06:30:00.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T07:30:00.000Z',
    ]);
    expect(localStartsOf(slots, 'America/New_York')).toEqual(['01:00-05:00', '01:30-05:00', '03:00-04:00', '03:30-04:00']);
    expect(slots.at(-1)?.end.toISOString()).toBe('2027-03-14T08:00:00.000Z'); // 04:00 EDT
  });

  it('begins an interval that starts inside the gap when the clock jumps', () => {
    const slots = slotsOn('America/New_York', '2027-03-14', sunday('02:30', '04:00'));
    expect(localStartsOf(slots, 'America/New_York')).toEqual(['03:00-04:00', '03:30-04:00']);
  });

  it('offers nothing for an interval lying wholly in the gap', () => {
    expect(slotsOn('America/New_York', '2027-03-14', sunday('02:00', '02:45'), 15)).toEqual([]);
  });

  it('ends an interval whose end is in the gap when the clock jumps', () => {
    const slots = slotsOn('America/New_York', '2027-03-14', sunday('00:00', '02:30'), 60);
    expect(localStartsOf(slots, 'America/New_York')).toEqual(['00:00-05:00', '01:00-05:00']);
  });
});

describe('an interval across the fall-back repeated hour (New York, 2027-11-07, 02:00 → 01:00)', () => {
  it('offers each real half hour of 01:00–03:00 once: three real hours, no duplicates', () => {
    const slots = slotsOn('America/New_York', '2027-11-07', sunday('01:00', '03:00'));
    expect(startsOf(slots)).toEqual([
      '2027-11-07T05:00:00.000Z',
      '2027-11-07T05:30:00.000Z',
      '2027-11-07T06:00:00.000Z',
      '2027-11-07T06:30:00.000Z',
      '2027-11-07T07:00:00.000Z',
      '2027-11-07T07:30:00.000Z',
    ]);
    expect(localStartsOf(slots, 'America/New_York')).toEqual([
      '01:00-04:00',
      '01:30-04:00',
      '01:00-05:00',
      '01:30-05:00',
      '02:00-05:00',
      '02:30-05:00',
    ]);
    expect(slots.at(-1)?.end.toISOString()).toBe('2027-11-07T08:00:00.000Z'); // 03:00 EST
  });

  it('starts an interval beginning in the repeated hour at its first occurrence', () => {
    // 01:30 EDT to 03:00 EST is 2.5 real hours: two 60-minute visits fit.
    const slots = slotsOn('America/New_York', '2027-11-07', sunday('01:30', '03:00'), 60);
    expect(localStartsOf(slots, 'America/New_York')).toEqual(['01:30-04:00', '01:30-05:00']);
    expect(slots[0]?.end.getTime()).toBeLessThanOrEqual(slots[1]?.start.getTime() ?? 0);
  });

  it('does not depend on the season of "now" (Luxon guesses ambiguous times from it)', () => {
    const results = ['2027-07-01T12:00:00Z', '2027-01-15T12:00:00Z'].map((now) => {
      Settings.now = () => Date.parse(now);
      try {
        return startsOf(slotsOn('America/New_York', '2027-11-07', sunday('01:30', '03:00'), 30));
      } finally {
        Settings.now = () => Date.now();
      }
    });
    expect(results[0]).toEqual(results[1]);
    expect(results[0]?.[0]).toBe('2027-11-07T05:30:00.000Z');
  });
});

describe('zones with 30- and 45-minute offsets', () => {
  it.each([
    ['Asia/Kolkata', '2027-01-04T03:30:00.000Z'], // +05:30
    ['Asia/Kathmandu', '2027-01-04T03:15:00.000Z'], // +05:45
    ['Australia/Eucla', '2027-01-04T00:15:00.000Z'], // +08:45
  ])('%s: 09:00 local is %s and the day holds six visits', (zone, expected) => {
    const slots = computeSlots(slotQuery({ timezone: zone }));
    expect(startsOf(slots)[0]).toBe(expected);
    expect(slots).toHaveLength(6);
    expect(localStartsOf(slots, zone)[5]?.slice(0, 5)).toBe('11:30');
  });
});

describe('Australia/Lord_Howe and its half-hour daylight saving', () => {
  it('changes on 2027-04-04 (+11:00 → +10:30) and 2027-10-03 (+10:30 → +11:00)', () => {
    // Checked against the runtime's tz data so the assertions below test the engine, not a guess.
    const zone = IANAZone.create('Australia/Lord_Howe');
    const offset = (iso: string) => zone.offset(Date.parse(iso));
    expect([offset('2027-04-03T14:59:00Z'), offset('2027-04-03T15:00:00Z')]).toEqual([660, 630]);
    expect([offset('2027-10-02T15:29:00Z'), offset('2027-10-02T15:30:00Z')]).toEqual([630, 660]);
    expect(DateTime.fromISO('2027-04-03T15:00:00Z', { zone: 'Australia/Lord_Howe' }).toFormat('HH:mm')).toBe('01:30');
  });

  it.each([
    ['2027-04-03', '2027-04-02T22:00:00.000Z'],
    ['2027-04-04', '2027-04-03T22:30:00.000Z'],
    ['2027-04-05', '2027-04-04T22:30:00.000Z'],
    ['2027-10-02', '2027-10-01T22:30:00.000Z'],
    ['2027-10-03', '2027-10-02T22:00:00.000Z'],
    ['2027-10-04', '2027-10-03T22:00:00.000Z'],
  ])('first slot at 09:00 local on %s is %s', (date, expected) => {
    expect(firstSlotOn('Australia/Lord_Howe', date)).toBe(expected);
  });

  it('offers the repeated half hour once per real half hour on 2027-04-04', () => {
    const slots = slotsOn('Australia/Lord_Howe', '2027-04-04', sunday('01:00', '03:00'));
    expect(startsOf(slots)).toEqual([
      '2027-04-03T14:00:00.000Z',
      '2027-04-03T14:30:00.000Z',
      '2027-04-03T15:00:00.000Z',
      '2027-04-03T15:30:00.000Z',
      '2027-04-03T16:00:00.000Z',
    ]);
    expect(localStartsOf(slots, 'Australia/Lord_Howe')).toEqual([
      '01:00+11:00',
      '01:30+11:00',
      '01:30+10:30',
      '02:00+10:30',
      '02:30+10:30',
    ]);
  });

  it('skips the missing half hour on 2027-10-03', () => {
    const slots = slotsOn('Australia/Lord_Howe', '2027-10-03', sunday('01:00', '04:00'));
    expect(localStartsOf(slots, 'Australia/Lord_Howe')).toEqual([
      '01:00+10:30',
      '01:30+10:30',
      '02:30+11:00',
      '03:00+11:00',
      '03:30+11:00',
    ]);
    expect(slots.at(-1)?.end.toISOString()).toBe('2027-10-02T17:00:00.000Z'); // 04:00 +11:00
  });
});

describe('a zone that changes at midnight (America/Santiago)', () => {
  it('runs Saturday until the clock first shows Sunday 00:00, then Sunday, on fall-back night', () => {
    // At 2027-04-04T03:00Z the clock goes from Saturday 23:59 −03:00 back to Saturday 23:00
    // −04:00, so Saturday's 22:00–24:00 lasts three real hours and Sunday starts at 04:00Z.
    const weekly: WeeklyRule[] = [
      { day: 'saturday', start: '22:00', end: '24:00' },
      { day: 'sunday', start: '00:00', end: '01:00' },
    ];
    const slots = computeSlots(
      slotQuery({ timezone: 'America/Santiago', weekly, durationMinutes: 60, from: '2027-04-03', to: '2027-04-04' }),
    );
    expect(startsOf(slots)).toEqual([
      '2027-04-04T01:00:00.000Z',
      '2027-04-04T02:00:00.000Z',
      '2027-04-04T03:00:00.000Z',
      '2027-04-04T04:00:00.000Z',
    ]);
    expect(localStartsOf(slots, 'America/Santiago')).toEqual([
      '22:00-03:00', // Saturday
      '23:00-03:00', // Saturday
      '23:00-04:00', // Saturday, the repeated hour
      '00:00-04:00', // Sunday
    ]);
  });

  it('starts Sunday at 01:00 on spring-forward night, when midnight is skipped', () => {
    const slots = computeSlots(
      slotQuery({ timezone: 'America/Santiago', weekly: sunday('00:00', '02:00'), durationMinutes: 60, from: '2027-09-05' }),
    );
    expect(localStartsOf(slots, 'America/Santiago')).toEqual(['01:00-03:00']);
  });
});
