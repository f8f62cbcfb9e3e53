import { describe, expect, it } from 'vitest';
import { ANONYMOUS_REVIEWER, reviewerDisplayName } from '../../../src/modules/reviews/reviewer-name.js';

describe('reviewerDisplayName', () => {
  it.each([
    ['Maria Garcia', 'Maria G.'],
    ['Maria García López', 'Maria L.'],
    ['  Maria   garcia  ', 'Maria G.'],
    ['\u00a0Maria\u2003Garcia\u200b', 'Maria G.'],
    ['Garcia, Maria', 'Maria G.'],
    ['José Ñúñez', 'José Ñ.'],
    ['Zoë O\u0308rtega', 'Zoë Ö.'],
    ["Siobhán O'Neill", 'Siobhán O.'],
    ['Ludwig (van) Beethoven', 'Ludwig B.'],
    ['Mary-Jane Watson-Parker', 'Mary-Jane W.'],
    ['محمد علي', 'محمد ع.'],
    ['김 민준', '김 민.'],
    ['Jürgen ßandor', 'Jürgen ß.'],
    ['Ana 👩🏽‍⚕️', 'A.'],
    ['Anil കുമാർ', 'Anil കു.'],
    ['Eve \u202eSmith', 'Eve S.'],
  ])('shows %j as %j', (fullName, expected) => {
    expect(reviewerDisplayName(fullName, false)).toBe(expected);
  });

  it('shows only the initial of a one-word name, which may be the whole name', () => {
    expect(reviewerDisplayName('Madonna', false)).toBe('M.');
    expect(reviewerDisplayName('王小明', false)).toBe('王.');
    expect(reviewerDisplayName('  prince  ', false)).toBe('P.');
  });

  it('says "Verified patient" when anonymous, whatever the name', () => {
    expect(reviewerDisplayName('Maria Garcia', true)).toBe(ANONYMOUS_REVIEWER);
    expect(reviewerDisplayName(null, false)).toBe(ANONYMOUS_REVIEWER);
  });

  it('says "Verified patient" for a name without letters or digits', () => {
    for (const name of ['', '   ', '\u200b\u200d', '-- ..', ',']) expect(reviewerDisplayName(name, false)).toBe(ANONYMOUS_REVIEWER);
  });

  it('never contains the last name in full', () => {
    for (const [name, last] of [['Grace Wanjiru', 'Wanjiru'], ['A B Cdefg', 'Cdefg'], ['Wanjiru, Grace', 'Wanjiru']] as const) {
      expect(reviewerDisplayName(name, false)).not.toContain(last);
    }
  });
});
