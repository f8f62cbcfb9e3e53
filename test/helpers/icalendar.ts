import ICAL from 'ical.js';

/** Parses with ical.js (an independent parser) and reads each event's instants through the document's own VTIMEZONE. */
export function parseCalendar(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(vtz);
    zones.set(zone.tzid, zone);
  }
  const events = root.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const instant = (t: ICAL.Time) => {
      const tzid = vevent.getFirstProperty(t === event.startDate ? 'dtstart' : 'dtend')?.getParameter('tzid');
      if (t.isDate === false && t.zone === ICAL.Timezone.utcTimezone) return t.toJSDate();
      const zone = typeof tzid === 'string' ? zones.get(tzid) : undefined;
      if (!zone) throw new Error(`no VTIMEZONE for ${String(tzid)}`);
      return new Date(zone.utcOffset(t) * -1000 + Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
    };
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      status: vevent.getFirstPropertyValue('status'),
      description: vevent.getFirstPropertyValue('description'),
      start: instant(event.startDate),
      end: instant(event.endDate),
    };
  });
  return { method: root.getFirstPropertyValue('method'), events, zones: [...zones.keys()] };
}
