import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../helpers/icalendar.js';
import { writeCalendar, type CalendarEvent } from '../../../src/modules/scheduling/notifications/calendar/icalendar.js';

const base: CalendarEvent = {
  uid: 'a1@ihosi',
  sequence: 0,
  start: new Date('2027-03-28T00:30:00Z'),
  end: new Date('2027-03-28T01:00:00Z'),
  timeZone: 'Europe/Madrid',
  summary: 'Appointment with Dr. Lee, Jr; room 4',
  status: 'CONFIRMED',
  stamp: new Date('2027-03-01T00:00:00Z'),
};

describe('iCalendar writer', () => {
  it('gives instants that an independent parser reads back exactly, either side of a DST change', () => {
    const events: CalendarEvent[] = [
      base, // 01:30 Madrid, before the spring change
      { ...base, uid: 'a2@ihosi', start: new Date('2027-03-28T08:00:00Z'), end: new Date('2027-03-28T08:30:00Z') }, // 10:00 CEST
      { ...base, uid: 'a3@ihosi', start: new Date('2027-10-31T00:30:00Z'), end: new Date('2027-10-31T01:30:00Z') }, // 02:30 CEST, the first of the repeated hour
      { ...base, uid: 'a4@ihosi', start: new Date('2027-10-31T01:30:00Z'), end: new Date('2027-10-31T02:00:00Z') }, // 02:30 CET, the second
      { ...base, uid: 'a5@ihosi', timeZone: 'America/New_York', start: new Date('2027-11-07T06:30:00Z'), end: new Date('2027-11-07T07:00:00Z') },
      { ...base, uid: 'a6@ihosi', timeZone: 'Africa/Nairobi', start: new Date('2027-07-01T07:00:00Z'), end: new Date('2027-07-01T08:00:00Z') },
    ];
    const parsed = parseCalendar(writeCalendar({ method: 'PUBLISH', events }));
    expect(parsed.zones.sort()).toEqual(['Africa/Nairobi', 'America/New_York', 'Europe/Madrid']);
    for (const [i, e] of events.entries()) {
      expect(parsed.events[i]!.uid).toBe(e.uid);
      expect([parsed.events[i]!.start.toISOString(), parsed.events[i]!.end.toISOString()]).toEqual([e.start.toISOString(), e.end.toISOString()]);
    }
  });

  it('writes a time of the repeated hour in UTC, which local time cannot tell apart', () => {
    const text = writeCalendar({ events: [{ ...base, start: new Date('2027-10-31T00:30:00Z'), end: new Date('2027-10-31T02:00:00Z') }] });
    expect(text).toContain('DTSTART:20271031T003000Z');
    expect(text).toContain('DTEND;TZID=Europe/Madrid:20271031T030000');
  });

  it('escapes text, keeps UID and SEQUENCE, and writes METHOD', () => {
    const text = writeCalendar({ method: 'CANCEL', events: [{ ...base, sequence: 3, status: 'CANCELLED' }] });
    const parsed = parseCalendar(text);
    expect(parsed.method).toBe('CANCEL');
    expect(parsed.events[0]).toMatchObject({ uid: 'a1@ihosi', sequence: 3, summary: 'Appointment with Dr. Lee, Jr; room 4', status: 'CANCELLED' });
    expect(text).toContain('SUMMARY:Appointment with Dr. Lee\\, Jr\\; room 4');
  });

  it('keeps every value on its line: a lone CR, CRLF and LF become \\n, other control characters go', () => {
    const summary = 'Appointment with Mallory\rEND:VEVENT\rBEGIN:VEVENT\r\nSUMMARY:Injected\nx\u0007\u001b\u007f\tend';
    const text = writeCalendar({ method: 'PUBLISH', events: [{ ...base, summary }] });
    // Only CRLF ends a line, and no line starts a property the writer did not write.
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text.split('\r\n').filter((line) => /^(BEGIN|END):VEVENT$/.test(line))).toEqual(['BEGIN:VEVENT', 'END:VEVENT']);
    expect(parseCalendar(text).events).toHaveLength(1);
    expect(parseCalendar(text).events[0]!.summary).toBe('Appointment with Mallory\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected\nx\tend');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const text = writeCalendar({ events: [{ ...base, summary: `Cita con la Dra. ${'Núñez '.repeat(30)}` }] });
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(parseCalendar(text).events[0]!.summary).toBe(`Cita con la Dra. ${'Núñez '.repeat(30)}`);
  });
});
