import { IANAZone } from 'luxon';
import { MS_PER_DAY, MS_PER_MINUTE } from './civil.js';

// Names seen valid. Bounded because request input reaches it and any casing of a zone
// name is valid; there are about 600 real zones.
const KNOWN_ZONES_LIMIT = 2000;
const knownZones = new Set<string>();

/**
 * Conversions between instants and a zone's wall clock.
 *
 * Why not `DateTime.fromObject(..., { zone })`: for a wall time that exists twice Luxon
 * picks the occurrence whose offset matches the offset in force *today* (it seeds its guess
 * with `Settings.now()`), so the same rule would resolve differently in summer and in
 * winter; and for a wall time in a spring-forward gap it moves forward by the gap's size
 * (02:30 → 03:30) rather than to the moment the clock jumps. Both are wrong for working
 * hours, so the resolution is done here on top of the zone's raw offsets.
 */
export class ZoneClock {
  /** Per computation, so it stays small: a window touches a few dozen days. */
  private readonly midnightOffsets = new Map<number, number>();

  private constructor(private readonly zone: IANAZone) {}

  /** The clock for an IANA zone, or null when the name is not a zone this runtime knows. */
  static of(name: string): ZoneClock | null {
    if (typeof name !== 'string') return null;
    if (!knownZones.has(name)) {
      // Checking builds an Intl formatter, which costs more than a whole slot computation.
      if (!IANAZone.isValidZone(name)) return null;
      if (knownZones.size < KNOWN_ZONES_LIMIT) knownZones.add(name);
    }
    return new ZoneClock(IANAZone.create(name));
  }

  get name(): string {
    return this.zone.name;
  }

  offsetMs(instant: number): number {
    return Math.round(this.zone.offset(instant) * MS_PER_MINUTE);
  }

  /** The civil day the zone's calendar shows at `instant`. */
  civilDayAt(instant: number): number {
    return Math.floor((instant + this.offsetMs(instant)) / MS_PER_DAY);
  }

  /**
   * The first instant at which the zone's clock shows `minuteOfDay` on `civilDay`, or later
   * (1440 means the next day's 00:00). One rule covers every case:
   * - an ordinary time has exactly one instant;
   * - a time that exists twice (fall-back) resolves to its first occurrence;
   * - a time the clock skips (spring-forward gap) resolves to the instant of the jump, the
   *   first moment the clock shows a later time.
   * The function is monotonic in the wall time, so intervals that do not overlap on the
   * wall clock never overlap in real time either.
   *
   * Assumes a zone changes its offset at most once in three days, true of every zone's
   * current rules.
   */
  firstInstantAt(civilDay: number, minuteOfDay: number): number {
    const wall = civilDay * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
    // Offsets lie within ±14 h, so every instant that can show this wall time falls between
    // the UTC midnights a day before and two days after. Equal offsets at both mean no
    // change in between: the common case, answered from two memoised lookups shared by
    // every rule of neighbouring days.
    const before = this.offsetAtUtcMidnight(civilDay - 1);
    const after = this.offsetAtUtcMidnight(civilDay + 2);
    if (before === after) return wall - before;

    // An exact match is an instant where the offset in force is the one assumed.
    let best = Number.POSITIVE_INFINITY;
    for (const offset of [before, after]) {
      const candidate = wall - offset;
      if (this.offsetMs(candidate) === offset && candidate < best) best = candidate;
    }
    if (best !== Number.POSITIVE_INFINITY) return best;

    // No exact match: the wall time is in a gap. The clock reads below `wall` at `low` and
    // above it at `high`; bisect for the first millisecond at or past it (the jump).
    let low = wall - Math.max(before, after);
    let high = wall - Math.min(before, after);
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (mid + this.offsetMs(mid) >= wall) high = mid;
      else low = mid;
    }
    return high;
  }

  private offsetAtUtcMidnight(civilDay: number): number {
    let offset = this.midnightOffsets.get(civilDay);
    if (offset === undefined) {
      offset = this.offsetMs(civilDay * MS_PER_DAY);
      this.midnightOffsets.set(civilDay, offset);
    }
    return offset;
  }
}
