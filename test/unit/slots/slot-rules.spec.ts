import { describe, expect, it } from 'vitest';
import {
  computeSlots,
  findOfferedSlot,
  nextAvailableSlot,
  occupiedRange,
} from '../../../src/modules/scheduling/slots/engine/index.js';
import { daily, inputErrorsOf, slotQuery, startsOf } from './fixtures.js';

// Berlin is UTC+1 in January: 09:00 local is 08:00Z.
describe('slots on an ordinary day', () => {
  it('offers 6 slots for a 09:00–12:00 day of 30-minute visits', () => {
    const slots = computeSlots(slotQuery());
    expect(startsOf(slots)).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-01-04T08:30:00.000Z',
      '2027-01-04T09:00:00.000Z',
      '2027-01-04T09:30:00.000Z',
      '2027-01-04T10:00:00.000Z',
      '2027-01-04T10:30:00.000Z',
    ]);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000)).toBe(true);
  });

  it('offers nothing on days without weekly hours', () => {
    expect(computeSlots(slotQuery({ from: '2027-01-05', to: '2027-01-10' }))).toEqual([]);
  });

  it('starts every interval of a day at its own start', () => {
    const weekly = [
      { day: 'monday', start: '14:10', end: '15:00' },
      { day: 'monday', start: '09:00', end: '10:00' },
    ] as const;
    expect(startsOf(computeSlots(slotQuery({ weekly: [...weekly] })))).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-01-04T08:30:00.000Z',
      '2027-01-04T13:10:00.000Z',
    ]);
  });

  it('steps by slotIntervalMinutes when it differs from the duration, and every slot fits', () => {
    const hourEveryHalf = computeSlots(slotQuery({ durationMinutes: 60, slotIntervalMinutes: 30 }));
    expect(startsOf(hourEveryHalf)).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-01-04T08:30:00.000Z',
      '2027-01-04T09:00:00.000Z',
      '2027-01-04T09:30:00.000Z',
      '2027-01-04T10:00:00.000Z',
    ]);
    const twentyEvery45 = computeSlots(slotQuery({ durationMinutes: 20, slotIntervalMinutes: 45 }));
    expect(startsOf(twentyEvery45)).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-01-04T08:45:00.000Z',
      '2027-01-04T09:30:00.000Z',
      '2027-01-04T10:15:00.000Z',
    ]);
  });

  it('treats 24:00 as the start of the next day', () => {
    const weekly = [
      { day: 'sunday', start: '22:00', end: '24:00' },
      { day: 'monday', start: '00:00', end: '01:00' },
    ] as const;
    const slots = computeSlots(slotQuery({ weekly: [...weekly], durationMinutes: 60, from: '2027-01-03', to: '2027-01-04' }));
    expect(startsOf(slots)).toEqual([
      '2027-01-03T21:00:00.000Z',
      '2027-01-03T22:00:00.000Z', // 23:00–24:00 Sunday fits exactly
      '2027-01-03T23:00:00.000Z', // Monday 00:00
    ]);
  });
});

describe('busy ranges and buffers', () => {
  it('hides slots overlapping a confirmed appointment including its buffer', () => {
    // An appointment at 10:00–10:30 local with a 10-minute buffer occupies 10:00–10:40.
    const slots = computeSlots(
      slotQuery({ bufferMinutes: 10, busy: [['2027-01-04T09:00:00Z', '2027-01-04T09:40:00Z']] }),
    );
    expect(startsOf(slots)).toEqual([
      '2027-01-04T08:00:00.000Z', // 09:00–09:30, buffer to 09:40
      // 09:30 is gone: its own buffer (10:00–10:10) would run into the appointment
      // 10:00 and 10:30 overlap the appointment and its buffer
      '2027-01-04T10:00:00.000Z', // 11:00
      '2027-01-04T10:30:00.000Z', // 11:30–12:00; its buffer may run past the interval
    ]);
  });

  it('offers a slot that starts exactly when a busy range ends', () => {
    const slots = computeSlots(slotQuery({ busy: [['2027-01-04T08:00:00Z', '2027-01-04T08:30:00Z']] }));
    expect(startsOf(slots)[0]).toBe('2027-01-04T08:30:00.000Z');
  });

  it('offers a cancelled slot again: the caller simply stops passing its range', () => {
    const busy: Array<[string, string]> = [['2027-01-04T09:00:00Z', '2027-01-04T09:30:00Z']];
    expect(startsOf(computeSlots(slotQuery({ busy })))).not.toContain('2027-01-04T09:00:00.000Z');
    expect(startsOf(computeSlots(slotQuery({ busy: [] })))).toContain('2027-01-04T09:00:00.000Z');
  });

  it('accepts busy ranges in any order, overlapping each other', () => {
    const busy: Array<[string, string]> = [
      ['2027-01-04T10:00:00Z', '2027-01-04T10:30:00Z'],
      ['2027-01-04T08:15:00Z', '2027-01-04T08:45:00Z'],
      ['2027-01-04T08:40:00Z', '2027-01-04T08:50:00Z'],
      ['2027-01-04T08:20:00Z', '2027-01-04T08:25:00Z'],
    ];
    expect(startsOf(computeSlots(slotQuery({ busy })))).toEqual([
      '2027-01-04T09:00:00.000Z',
      '2027-01-04T09:30:00.000Z',
      '2027-01-04T10:30:00.000Z',
    ]);
  });
});

describe('time off', () => {
  it('hides the slots it overlaps and only those', () => {
    const slots = computeSlots(slotQuery({ timeOff: [['2027-01-04T09:00:00Z', '2027-01-04T10:00:00Z']] }));
    expect(startsOf(slots)).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-01-04T08:30:00.000Z', // ends as the time off begins
      '2027-01-04T10:00:00.000Z',
      '2027-01-04T10:30:00.000Z',
    ]);
  });

  it('also keeps a slot’s buffer out of time off, like the booked range would be', () => {
    const slots = computeSlots(
      slotQuery({ bufferMinutes: 10, timeOff: [['2027-01-04T10:00:00Z', '2027-01-04T12:00:00Z']] }),
    );
    expect(startsOf(slots)).toEqual([
      '2027-01-04T08:00:00.000Z',
      '2027-01-04T08:30:00.000Z',
      '2027-01-04T09:00:00.000Z', // 10:30 local would leave its buffer at 11:00–11:10 in the time off
    ]);
  });

  it('hides whole days under a vacation', () => {
    const slots = computeSlots(
      slotQuery({
        weekly: daily('09:00', '12:00'),
        from: '2027-01-04',
        to: '2027-01-10',
        timeOff: [['2027-01-04T23:00:00Z', '2027-01-09T23:00:00Z']],
      }),
    );
    expect(new Set(startsOf(slots).map((s) => s.slice(0, 10)))).toEqual(new Set(['2027-01-04', '2027-01-10']));
  });
});

describe('notice and the advance window', () => {
  it('drops slots starting before now + minNoticeMinutes; the boundary itself is offered', () => {
    const atBoundary = computeSlots(slotQuery({ now: '2027-01-04T08:00:00Z', minNoticeMinutes: 60 }));
    expect(startsOf(atBoundary)[0]).toBe('2027-01-04T09:00:00.000Z');
    const justPast = computeSlots(slotQuery({ now: '2027-01-04T08:00:30Z', minNoticeMinutes: 60 }));
    expect(startsOf(justPast)[0]).toBe('2027-01-04T09:30:00.000Z');
  });

  it('never offers the past, even with no notice', () => {
    const slots = computeSlots(slotQuery({ now: '2027-01-04T09:10:00Z' }));
    expect(startsOf(slots)).toEqual([
      '2027-01-04T09:30:00.000Z',
      '2027-01-04T10:00:00.000Z',
      '2027-01-04T10:30:00.000Z',
    ]);
  });

  it('offers starts strictly before now + maxAdvanceDays × 24 h', () => {
    const now = '2027-01-04T08:00:00Z'; // Monday 09:00 Berlin
    const week = computeSlots(slotQuery({ now, maxAdvanceDays: 7, from: '2027-01-04', to: '2027-01-18' }));
    expect(startsOf(week)).toHaveLength(6);
    expect(startsOf(week).every((s) => s.startsWith('2027-01-04'))).toBe(true);
    const weekAndDay = computeSlots(slotQuery({ now, maxAdvanceDays: 8, from: '2027-01-04', to: '2027-01-18' }));
    expect(startsOf(weekAndDay)).toHaveLength(12);
    expect(startsOf(weekAndDay).at(-1)).toBe('2027-01-11T10:30:00.000Z');
  });
});

describe('the requested window', () => {
  // A Kolkata doctor (UTC+05:30) working Monday 02:00–06:00 local works Sunday 20:30–00:30 UTC.
  const kolkata = { timezone: 'Asia/Kolkata', weekly: [{ day: 'monday', start: '02:00', end: '06:00' }] as const };

  it('reads from/to in the doctor’s zone by default', () => {
    const slots = computeSlots(slotQuery({ ...kolkata, weekly: [...kolkata.weekly], durationMinutes: 60 }));
    expect(startsOf(slots)).toEqual([
      '2027-01-03T20:30:00.000Z',
      '2027-01-03T21:30:00.000Z',
      '2027-01-03T22:30:00.000Z',
      '2027-01-03T23:30:00.000Z',
    ]);
  });

  it('reads from/to in the requested zone when one is given', () => {
    // With 30-minute visits the doctor's Monday runs 20:30Z Sunday to 00:30Z Monday.
    const query = (date: string) =>
      slotQuery({ ...kolkata, weekly: [...kolkata.weekly], from: date, requestTimezone: 'UTC' });
    const sundayUtc = startsOf(computeSlots(query('2027-01-03')));
    expect(sundayUtc).toHaveLength(7);
    expect([sundayUtc[0], sundayUtc.at(-1)]).toEqual(['2027-01-03T20:30:00.000Z', '2027-01-03T23:30:00.000Z']);
    expect(startsOf(computeSlots(query('2027-01-04')))).toEqual(['2027-01-04T00:00:00.000Z']);
    // In the doctor's own zone all eight belong to Monday and none to Sunday.
    const local = (date: string) => slotQuery({ ...kolkata, weekly: [...kolkata.weekly], from: date });
    expect(computeSlots(local('2027-01-04'))).toHaveLength(8);
    expect(computeSlots(local('2027-01-03'))).toHaveLength(0);
  });

  it('accepts up to 62 days and rejects more, naming the field', () => {
    expect(() => computeSlots(slotQuery({ from: '2027-01-01', to: '2027-03-04' }))).not.toThrow();
    expect(inputErrorsOf(() => computeSlots(slotQuery({ from: '2027-01-01', to: '2027-03-05' })))).toEqual([
      { field: 'to', message: 'must be at most 62 days after from' },
    ]);
  });

  it('rejects to before from, impossible dates and unknown zones', () => {
    expect(inputErrorsOf(() => computeSlots(slotQuery({ from: '2027-01-05', to: '2027-01-04' })))).toEqual([
      { field: 'to', message: 'must not be before from' },
    ]);
    expect(inputErrorsOf(() => computeSlots(slotQuery({ from: '2027-02-30' }))).map((e) => e.field)).toEqual([
      'from',
      'to',
    ]);
    expect(inputErrorsOf(() => computeSlots(slotQuery({ requestTimezone: 'Mars/Olympus' })))).toEqual([
      { field: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' },
    ]);
  });

  it('rejects broken stored availability with the field that is wrong', () => {
    const fields = inputErrorsOf(() =>
      computeSlots(
        slotQuery({
          timezone: 'Nowhere/Town',
          weekly: [{ day: 'monday', start: '12:00', end: '09:00' }],
          durationMinutes: 0,
        }),
      ),
    ).map((e) => e.field);
    expect(fields).toEqual([
      'availability.timezone',
      'availability.weekly.0.end',
      'appointmentType.durationMinutes',
    ]);
  });
});

describe('the next available slot', () => {
  it('is the first slot after now and the notice, found without a window', () => {
    const schedule = slotQuery({ now: '2027-01-04T10:10:00Z', minNoticeMinutes: 30 });
    expect(nextAvailableSlot(schedule)?.start.toISOString()).toBe('2027-01-11T08:00:00.000Z');
  });

  it('skips busy slots and is null when nothing is free within the advance window', () => {
    const busy: Array<[string, string]> = [['2027-01-11T08:00:00Z', '2027-01-11T09:00:00Z']];
    const schedule = slotQuery({ now: '2027-01-05T00:00:00Z', busy });
    expect(nextAvailableSlot(schedule)?.start.toISOString()).toBe('2027-01-11T09:00:00.000Z');
    expect(nextAvailableSlot(slotQuery({ now: '2027-01-05T00:00:00Z', maxAdvanceDays: 6 }))).toBeNull();
    expect(nextAvailableSlot(slotQuery({ weekly: [] }))).toBeNull();
  });
});

describe('checking a requested start', () => {
  const schedule = slotQuery({ bufferMinutes: 10, busy: [['2027-01-04T09:00:00Z', '2027-01-04T09:40:00Z']] });

  it('finds an offered start and returns its slot', () => {
    expect(findOfferedSlot(schedule, new Date('2027-01-04T10:00:00Z'))).toEqual({
      start: new Date('2027-01-04T10:00:00Z'),
      end: new Date('2027-01-04T10:30:00Z'),
    });
  });

  it('refuses starts off the grid, taken, outside the hours or in the past', () => {
    for (const start of [
      '2027-01-04T08:10:00Z', // off the 30-minute grid
      '2027-01-04T08:30:00Z', // its buffer runs into the appointment
      '2027-01-04T11:00:00Z', // after the interval
      '2027-01-04T08:00:00.001Z',
    ]) {
      expect(findOfferedSlot(schedule, new Date(start)), start).toBeNull();
    }
    const later = { ...schedule, now: new Date('2027-01-04T10:00:01Z') };
    expect(findOfferedSlot(later, new Date('2027-01-04T10:00:00Z'))).toBeNull();
  });

  it('gives the range the doctor’s calendar holds: visit plus buffer', () => {
    expect(occupiedRange(new Date('2027-01-04T10:00:00Z'), { durationMinutes: 30, bufferMinutes: 10 })).toEqual({
      start: new Date('2027-01-04T10:00:00Z'),
      end: new Date('2027-01-04T10:40:00Z'),
    });
  });
});
