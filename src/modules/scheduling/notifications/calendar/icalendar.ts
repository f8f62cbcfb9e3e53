import { DateTime, IANAZone } from 'luxon';

/*
 * A small iCalendar (RFC 5545) writer for what we send: events in the doctor's zone with the
 * VTIMEZONE that defines it, as an iTIP (RFC 5546) REQUEST or CANCEL in mail, or a published
 * feed. Pure: the same input gives the same text. No visit reason, ever: callers give names
 * and times only. `ical-generator` needs Node 22, hence our own (tests parse it with ical.js).
 */

export interface CalendarEvent {
  /** Stable per appointment, across every invite and the feed. */
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  timeZone: string;
  summary: string;
  status: 'CONFIRMED' | 'CANCELLED';
  /** The instant of the change this version describes (DTSTAMP). */
  stamp: Date;
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string };
}

export interface CalendarDocument {
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  name?: string;
  events: CalendarEvent[];
}

const PRODID = '-//iHosi//Appointments//EN';

export function writeCalendar(document: CalendarDocument): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN'];
  if (document.method) lines.push(`METHOD:${document.method}`);
  if (document.name) lines.push(`X-WR-CALNAME:${escapeText(document.name)}`);
  const zones = new Map<string, Date[]>();
  for (const e of document.events) zones.set(e.timeZone, [...(zones.get(e.timeZone) ?? []), e.start, e.end]);
  for (const [zone, instants] of [...zones].sort(([a], [b]) => a.localeCompare(b))) lines.push(...timeZoneLines(zone, instants));
  for (const e of document.events) lines.push(...eventLines(e));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function eventLines(e: CalendarEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${utc(e.stamp)}`,
    zoned('DTSTART', e.start, e.timeZone),
    zoned('DTEND', e.end, e.timeZone),
    `SUMMARY:${escapeText(e.summary)}`,
    `STATUS:${e.status}`,
    'TRANSP:OPAQUE',
  ];
  if (e.organizer) lines.push(`ORGANIZER;CN=${quoteParam(e.organizer.name)}:mailto:${e.organizer.email}`);
  if (e.attendee) lines.push(`ATTENDEE;CN=${quoteParam(e.attendee.name)};ROLE=REQ-PARTICIPANT:mailto:${e.attendee.email}`);
  lines.push('END:VEVENT');
  return lines;
}

/**
 * The zone's VTIMEZONE: one observance in force from a year before the earliest instant, then
 * each offset change up to the latest one, found from Luxon's zone data (so it is exactly what
 * the rest of the code computes with).
 */
function timeZoneLines(zone: string, instants: Date[]): string[] {
  const from = Math.floor(Math.min(...instants.map((d) => d.getTime())) / 60_000) * 60_000 - 366 * 86_400_000;
  const to = Math.max(...instants.map((d) => d.getTime())) + 86_400_000;
  const tz = IANAZone.create(zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const first = tz.offset(from);
  lines.push(...observance(first, first, DateTime.fromMillis(from, { zone: 'UTC' }).plus({ minutes: first }).toFormat("yyyyMMdd'T'HHmmss"), isDaylight(tz, from)));
  const DAY = 86_400_000;
  for (let t = from; t < to; t += DAY) {
    const next = Math.min(t + DAY, to);
    if (tz.offset(t) === tz.offset(next)) continue;
    // Binary search the minute of the change.
    let lo = t;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = lo + Math.max(1, Math.floor((hi - lo) / 120_000)) * 60_000;
      if (tz.offset(mid) === tz.offset(lo)) lo = mid;
      else hi = mid;
    }
    const before = tz.offset(lo);
    const after = tz.offset(hi);
    // DTSTART is the local time of the change in the offset before it.
    const start = DateTime.fromMillis(hi, { zone: 'UTC' }).plus({ minutes: before }).toFormat("yyyyMMdd'T'HHmmss");
    lines.push(...observance(before, after, start, isDaylight(tz, hi)));
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function observance(fromMinutes: number, toMinutes: number, start: string, daylight: boolean): string[] {
  const kind = daylight ? 'DAYLIGHT' : 'STANDARD';
  return [`BEGIN:${kind}`, `DTSTART:${start}`, `TZOFFSETFROM:${offset(fromMinutes)}`, `TZOFFSETTO:${offset(toMinutes)}`, `END:${kind}`];
}

/** Daylight when the offset is above the zone's lowest offset of that year. */
function isDaylight(tz: IANAZone, at: number): boolean {
  const year = DateTime.fromMillis(at, { zone: tz }).year;
  const jan = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'UTC' }).toMillis();
  const jul = DateTime.fromObject({ year, month: 7, day: 1 }, { zone: 'UTC' }).toMillis();
  return tz.offset(at) > Math.min(tz.offset(jan), tz.offset(jul));
}

function offset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function utc(d: Date): string {
  return DateTime.fromJSDate(d, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
}

/**
 * A time in the event's zone; in UTC when that local time happens twice (the hour repeated when
 * clocks go back), which local time with a TZID cannot tell apart.
 */
function zoned(name: string, d: Date, zone: string): string {
  if (isRepeatedLocalTime(d.getTime(), IANAZone.create(zone))) return `${name}:${utc(d)}`;
  return `${name};TZID=${zone}:${DateTime.fromJSDate(d, { zone }).toFormat("yyyyMMdd'T'HHmmss")}`;
}

function isRepeatedLocalTime(t: number, tz: IANAZone): boolean {
  const wall = t + tz.offset(t) * 60_000;
  const candidates = new Set(
    [tz.offset(t - 6 * 3_600_000), tz.offset(t + 6 * 3_600_000)].map((o) => wall - o * 60_000).filter((at) => at + tz.offset(at) * 60_000 === wall),
  );
  return candidates.size > 1;
}

/** Control characters RFC 5545 TEXT excludes, line breaks aside (those are written `\n`); a tab is allowed. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NON_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** RFC 5545 TEXT: `\`, `;` and `,` escaped, every line break (CRLF, a lone CR or LF) written `\n`, other controls dropped, so no value can end its line. */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(NON_TEXT, '');
}

function quoteParam(text: string): string {
  return `"${text.replace(/["\r\n]/g, '').replace(NON_TEXT, '')}"`;
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
