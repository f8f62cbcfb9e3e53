import { describe, expect, it } from 'vitest';
import { planDeliveries, quietPeriodAt, type DeliveryRequest, type QuietHours } from '../../../src/modules/scheduling/notifications/preferences/quiet-hours.js';

const MADRID: QuietHours = { start: '22:00', end: '07:00', timeZone: 'Europe/Madrid', otherwise: 'wait' };
const d = (iso: string) => new Date(iso);
const iso = (x: Date | undefined) => x?.toISOString();

function request(over: Partial<DeliveryRequest>): DeliveryRequest {
  return { kind: 'bookingConfirmed', channels: ['email', 'push'], plannedAt: d('2027-03-10T12:00:00Z'), now: d('2027-03-10T12:00:00Z'), notAfter: null, quietHours: MADRID, ...over };
}

describe('quiet period', () => {
  it('finds a period spanning midnight from either side of it, in the user zone', () => {
    // 23:30 Madrid (UTC+1 in March before the change) = 22:30Z
    expect(quietPeriodAt(d('2027-03-10T22:30:00Z'), MADRID)).toEqual({ start: d('2027-03-10T21:00:00Z'), end: d('2027-03-11T06:00:00Z') });
    // 03:00 Madrid next morning belongs to the period that started the evening before
    expect(quietPeriodAt(d('2027-03-11T02:00:00Z'), MADRID)).toEqual({ start: d('2027-03-10T21:00:00Z'), end: d('2027-03-11T06:00:00Z') });
  });

  it('is half-open: the start is quiet, the end is not', () => {
    expect(quietPeriodAt(d('2027-03-10T21:00:00Z'), MADRID)).not.toBeNull();
    expect(quietPeriodAt(d('2027-03-11T06:00:00Z'), MADRID)).toBeNull();
    expect(quietPeriodAt(d('2027-03-10T20:59:59Z'), MADRID)).toBeNull();
  });

  it('handles a period within one day', () => {
    const lunch = { start: '13:00', end: '15:00', timeZone: 'UTC' };
    expect(quietPeriodAt(d('2027-03-10T14:00:00Z'), lunch)).toEqual({ start: d('2027-03-10T13:00:00Z'), end: d('2027-03-10T15:00:00Z') });
    expect(quietPeriodAt(d('2027-03-10T15:30:00Z'), lunch)).toBeNull();
    expect(quietPeriodAt(d('2027-03-10T01:00:00Z'), lunch)).toBeNull();
  });

  it('is none when start equals end', () => {
    expect(quietPeriodAt(d('2027-03-10T22:30:00Z'), { start: '22:00', end: '22:00', timeZone: 'UTC' })).toBeNull();
  });

  it('keeps local times across the spring change (the night is an hour shorter in real time)', () => {
    // Europe/Madrid springs forward on 2027-03-28 at 02:00 → 03:00: 22:00 is +01:00, 07:00 is +02:00.
    expect(quietPeriodAt(d('2027-03-28T01:30:00Z'), MADRID)).toEqual({ start: d('2027-03-27T21:00:00Z'), end: d('2027-03-28T05:00:00Z') });
  });

  it('keeps local times across the autumn change (the night is an hour longer)', () => {
    // 2027-10-31 at 03:00 → 02:00: 22:00 the evening before is +02:00, 07:00 is +01:00.
    expect(quietPeriodAt(d('2027-10-31T05:30:00Z'), MADRID)).toEqual({ start: d('2027-10-30T20:00:00Z'), end: d('2027-10-31T06:00:00Z') });
  });

  it('starts a period whose start falls in a DST gap when the clock jumps', () => {
    const gap = { start: '02:30', end: '04:00', timeZone: 'Europe/Madrid' };
    // 02:30 does not exist on 2027-03-28; the period begins at 03:30 local (01:30Z)... Luxon moves it forward an hour.
    const period = quietPeriodAt(d('2027-03-28T01:45:00Z'), gap);
    expect(period?.end).toEqual(d('2027-03-28T02:00:00Z'));
    expect(period!.start.getTime()).toBeLessThanOrEqual(d('2027-03-28T01:45:00Z').getTime());
  });
});

describe('planning deliveries', () => {
  it('sends every channel as planned outside quiet hours', () => {
    expect(planDeliveries(request({}))).toEqual([
      { channel: 'email', at: d('2027-03-10T12:00:00Z'), why: 'planned' },
      { channel: 'push', at: d('2027-03-10T12:00:00Z'), why: 'planned' },
    ]);
  });

  it('never holds e-mail in quiet hours', () => {
    const out = planDeliveries(request({ channels: ['email'], plannedAt: d('2027-03-10T23:00:00Z'), now: d('2027-03-10T23:00:00Z') }));
    expect(out).toEqual([{ channel: 'email', at: d('2027-03-10T23:00:00Z'), why: 'planned' }]);
  });

  it('sends a reminder that would fall in quiet hours in the last minute before they start', () => {
    const out = planDeliveries(
      request({ kind: 'reminder', channels: ['push', 'sms'], plannedAt: d('2027-03-11T05:00:00Z'), now: d('2027-03-10T12:00:00Z'), notAfter: d('2027-03-11T07:00:00Z') }),
    );
    expect(out).toEqual([
      { channel: 'push', at: d('2027-03-10T20:59:00Z'), why: 'before-quiet-hours' },
      { channel: 'sms', at: d('2027-03-10T20:59:00Z'), why: 'before-quiet-hours' },
    ]);
  });

  it('falls back to e-mail for a reminder already inside quiet hours whose visit comes before they end', () => {
    const out = planDeliveries(
      request({ kind: 'reminder', channels: ['push'], plannedAt: d('2027-03-11T04:00:00Z'), now: d('2027-03-11T04:00:00Z'), notAfter: d('2027-03-11T05:30:00Z') }),
    );
    expect(out).toEqual([{ channel: 'email', at: d('2027-03-11T04:00:00Z'), why: 'email-instead' }]);
  });

  it('lets a reminder already inside quiet hours wait for their end when the visit is later', () => {
    const out = planDeliveries(
      request({ kind: 'reminder', channels: ['push'], plannedAt: d('2027-03-11T04:00:00Z'), now: d('2027-03-11T04:00:00Z'), notAfter: d('2027-03-11T09:00:00Z') }),
    );
    expect(out).toEqual([{ channel: 'push', at: d('2027-03-11T06:00:00Z'), why: 'after-quiet-hours' }]);
  });

  it('holds anything else until quiet hours end', () => {
    const out = planDeliveries(request({ channels: ['email', 'push'], plannedAt: d('2027-03-10T23:00:00Z'), now: d('2027-03-10T23:00:00Z') }));
    expect(out).toEqual([
      { channel: 'email', at: d('2027-03-10T23:00:00Z'), why: 'planned' },
      { channel: 'push', at: d('2027-03-11T06:00:00Z'), why: 'after-quiet-hours' },
    ]);
  });

  it('sends it by e-mail instead when the user chose that, without a second mail when e-mail is already wanted', () => {
    const quiet = { ...MADRID, otherwise: 'email' as const };
    const at = d('2027-03-10T23:00:00Z');
    expect(planDeliveries(request({ channels: ['push', 'sms'], plannedAt: at, now: at, quietHours: quiet }))).toEqual([{ channel: 'email', at, why: 'email-instead' }]);
    expect(planDeliveries(request({ channels: ['email', 'push'], plannedAt: at, now: at, quietHours: quiet }))).toEqual([{ channel: 'email', at, why: 'planned' }]);
  });

  it('sends a waitlist offer by e-mail when it would expire before quiet hours end', () => {
    const at = d('2027-03-10T23:00:00Z');
    expect(planDeliveries(request({ kind: 'waitlistOffer', channels: ['push'], plannedAt: at, now: at, notAfter: d('2027-03-11T01:00:00Z') }))).toEqual([
      { channel: 'email', at, why: 'email-instead' },
    ]);
  });

  it('sends a waitlist offer by e-mail at once even when quiet hours end before it expires and the user chose to wait', () => {
    // 06:50 Madrid, quiet until 07:00, the offer good until 07:05: waiting would leave five minutes.
    const at = d('2027-03-11T05:50:00Z');
    expect(planDeliveries(request({ kind: 'waitlistOffer', channels: ['push', 'sms'], plannedAt: at, now: at, notAfter: d('2027-03-11T06:05:00Z') }))).toEqual([
      { channel: 'email', at, why: 'email-instead' },
    ]);
    // Outside quiet hours it goes on the channels chosen, e-mail only if chosen.
    const day = d('2027-03-11T10:00:00Z');
    expect(planDeliveries(request({ kind: 'waitlistOffer', channels: ['push'], plannedAt: day, now: day, notAfter: d('2027-03-11T10:15:00Z') }))).toEqual([
      { channel: 'push', at: day, why: 'planned' },
    ]);
  });

  it('always mails account security, even with e-mail switched off for it', () => {
    const at = d('2027-03-10T23:00:00Z');
    expect(planDeliveries(request({ kind: 'accountSecurity', channels: ['push'], plannedAt: at, now: at }))).toEqual([
      { channel: 'email', at, why: 'security-mail' },
      { channel: 'push', at: d('2027-03-11T06:00:00Z'), why: 'after-quiet-hours' },
    ]);
    expect(planDeliveries(request({ kind: 'accountSecurity', channels: [], plannedAt: at, now: at })).map((x) => x.channel)).toEqual(['email']);
  });

  it('sends nothing when no channel is wanted', () => {
    expect(planDeliveries(request({ channels: [] }))).toEqual([]);
  });

  it('never plans before now: a late message goes out at once', () => {
    const out = planDeliveries(request({ channels: ['push'], plannedAt: d('2027-03-10T10:00:00Z'), now: d('2027-03-10T12:00:00Z'), quietHours: null }));
    expect(out.map((x) => iso(x.at))).toEqual(['2027-03-10T12:00:00.000Z']);
  });
});
