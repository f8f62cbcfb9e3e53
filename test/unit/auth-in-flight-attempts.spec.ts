import { describe, expect, it } from 'vitest';
import { IN_FLIGHT_TTL_MS, InFlightAttempts } from '../../src/modules/auth/in-flight-attempts.js';

function withClock() {
  let now = 1_000_000;
  return { attempts: new InFlightAttempts(() => now), advance: (ms: number) => (now += ms), now: () => now };
}

describe('the lockout fallback’s attempts in flight', () => {
  it('counts an attempt until its failure is recorded, and a recorded one only for queries begun before it', () => {
    const { attempts, advance, now } = withClock();
    attempts.add('a');
    attempts.add('a');
    const asked = now();
    expect(attempts.unseenSince('a', asked)).toBe(2);
    advance(5);
    attempts.recorded('a');
    // Recorded after `asked`: a count read before the row was written may have missed it.
    expect(attempts.unseenSince('a', asked)).toBe(2);
    expect(attempts.unseenSince('a', now() + 1)).toBe(1);
    attempts.settle('a');
    expect(attempts.unseenSince('a', now() + 1)).toBe(0);
  });

  it('stops counting an attempt whose outcome never came after IN_FLIGHT_TTL_MS', () => {
    const { attempts, advance, now } = withClock();
    attempts.add('a');
    advance(IN_FLIGHT_TTL_MS - 1);
    expect(attempts.unseenSince('a', now())).toBe(1);
    advance(1);
    expect(attempts.unseenSince('a', now())).toBe(0);
    expect(attempts.subjects).toBe(0);
  });

  it('forgets subjects never asked about again: many addresses tried once each leave nothing behind', () => {
    const { attempts, advance } = withClock();
    for (let i = 0; i < 1_000; i++) {
      attempts.add(`guess-${i}`);
      attempts.recorded(`guess-${i}`);
    }
    expect(attempts.subjects).toBe(1_000);
    advance(IN_FLIGHT_TTL_MS);
    attempts.add('next');
    expect(attempts.subjects).toBe(1);
  });
});
