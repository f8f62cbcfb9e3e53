/** "Now" for rules that depend on the date (scheduling), one per application (CoreModule), injectable so tests can stand on a fixed day (DST dates in 2027). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

/** One object per application, so a test can move one instance's clock without touching others. */
export function systemClock(): Clock {
  return { now: () => new Date() };
}
