import { describe, expect, it } from 'vitest';
import { validateWeeklyRules, type WeeklyRule } from '../../../src/modules/scheduling/slots/engine/index.js';

const rule = (day: string, start: string, end: string) => ({ day, start, end }) as WeeklyRule;

describe('weekly rule validation', () => {
  it('accepts several intervals a day, touching intervals and 24:00 as an end', () => {
    expect(
      validateWeeklyRules([
        rule('monday', '09:00', '12:00'),
        rule('monday', '12:00', '13:00'),
        rule('monday', '14:00', '24:00'),
        rule('tuesday', '00:00', '23:59'),
      ]),
    ).toEqual([]);
    expect(validateWeeklyRules([])).toEqual([]);
  });

  it('requires start before end', () => {
    expect(validateWeeklyRules([rule('monday', '12:00', '09:00'), rule('monday', '10:00', '10:00')])).toEqual([
      { field: 'weekly.0.end', message: 'must be after start' },
      { field: 'weekly.1.end', message: 'must be after start' },
    ]);
  });

  it('requires HH:MM with hours 00–23 and minutes 00–59', () => {
    const errors = validateWeeklyRules([
      rule('monday', '9:00', '12:00'),
      rule('tuesday', '24:30', '25:00'),
      rule('wednesday', '08:60', '12:00 '),
      rule('thursday', '08:00', '1200'),
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'weekly.0.start',
      'weekly.1.start',
      'weekly.1.end',
      'weekly.2.start',
      'weekly.2.end',
      'weekly.3.end',
    ]);
  });

  it('allows 24:00 only as an end', () => {
    expect(validateWeeklyRules([rule('friday', '24:00', '24:00')])).toEqual([
      { field: 'weekly.0.start', message: '24:00 is allowed only as an end' },
    ]);
  });

  it('rejects an unknown day', () => {
    expect(validateWeeklyRules([rule('Monday', '09:00', '10:00'), rule('funday', '09:00', '10:00')])).toEqual([
      { field: 'weekly.0.day', message: expect.stringContaining('monday, tuesday') },
      { field: 'weekly.1.day', message: expect.stringContaining('sunday') },
    ]);
  });

  it('rejects overlaps within a day, including one hidden behind a shorter interval', () => {
    expect(
      validateWeeklyRules([
        rule('monday', '09:00', '17:00'),
        rule('monday', '10:00', '11:00'),
        rule('monday', '12:00', '13:00'),
        rule('tuesday', '09:00', '17:00'), // another day: no clash
      ]),
    ).toEqual([
      { field: 'weekly.1.start', message: 'overlaps weekly.0 on monday' },
      { field: 'weekly.2.start', message: 'overlaps weekly.0 on monday' },
    ]);
    expect(validateWeeklyRules([rule('sunday', '11:00', '12:30'), rule('sunday', '08:00', '11:30')])).toEqual([
      { field: 'weekly.0.start', message: 'overlaps weekly.1 on sunday' },
    ]);
  });

  it('uses the given field prefix', () => {
    expect(validateWeeklyRules([rule('monday', '10:00', '09:00')], 'availability.weekly')[0]?.field).toBe(
      'availability.weekly.0.end',
    );
  });
});
