/** What the public list shows for a patient who asked not to be named, or whose name has no letters. */
export const ANONYMOUS_REVIEWER = 'Verified patient';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** White space, control characters, zero-width space, word joiner and BOM separate words (ZWJ/ZWNJ do not: scripts such as Malayalam use them inside words). */
const SEPARATORS = /[\s\p{Cc}\u200b\u2060\ufeff]+/u;
/** Bidirectional overrides and marks could make a display name read as something else: dropped. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The name a public review shows: the first word of the name and the initial of the last
 * ("Maria Garcia Lopez" → "Maria L."), never the whole name. "Garcia, Maria" is read as
 * surname first. A one-word name shows only its initial ("Madonna" → "M."): it may be the
 * whole legal name, e.g. a Chinese name written without spaces. Initials are whole
 * grapheme clusters, so accents, Hangul and emoji are never cut in half.
 */
export function reviewerDisplayName(fullName: string | null, anonymous: boolean): string {
  if (anonymous || fullName === null) return ANONYMOUS_REVIEWER;
  const normalised = fullName.normalize('NFC').replace(BIDI_CONTROLS, '');
  const comma = normalised.indexOf(',');
  // "Surname, Given names": the given names come first in the display name.
  const ordered = comma >= 0 ? `${normalised.slice(comma + 1)} ${normalised.slice(0, comma)}` : normalised;
  const words = ordered
    .split(SEPARATORS)
    .map((word) => word.replaceAll(',', ''))
    .filter((word) => LETTER_OR_DIGIT.test(word));
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) return ANONYMOUS_REVIEWER;
  if (words.length === 1) return initialOf(first);
  return `${first} ${initialOf(last)}`;
}

/** The first letter or digit of a word (skipping quotes and brackets), upper-cased when that keeps it one character. */
function initialOf(word: string): string {
  for (const { segment } of graphemes.segment(word)) {
    if (!LETTER_OR_DIGIT.test(segment)) continue;
    const upper = segment.toLocaleUpperCase('en');
    // "ß" upper-cases to "SS": keep such letters as written.
    return `${[...graphemes.segment(upper)].length === 1 ? upper : segment}.`;
  }
  return ANONYMOUS_REVIEWER;
}
