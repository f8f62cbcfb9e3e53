import type { SearchSort } from './dto/doctor.inputs.js';

export type ResolvedSort = SearchSort;

const MAX_TOKENS = 8;
const MAX_TOKEN_LENGTH = 40;

/**
 * The words of a free-text query: lower case, letters and digits only (so nothing in them
 * can be tsquery syntax, let alone SQL), at least two characters, at most eight words.
 */
export function searchTokens(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .map((w) => w.slice(0, MAX_TOKEN_LENGTH));
  return [...new Set(words)].slice(0, MAX_TOKENS);
}

/**
 * Relevance needs words to rank by; without them the default is the nearest first when the
 * search has a point (`near`), else the best rated first.
 */
export function resolveSort(requested: SearchSort | undefined, tokens: string[], near = false): ResolvedSort {
  if (requested === 'relevance' || requested === undefined) return tokens.length > 0 ? 'relevance' : near ? 'distance' : 'rating';
  return requested;
}

/** A query word as tsquery text: itself as a prefix, or any dictionary word close enough to it. */
export interface ExpandedToken {
  exact: string;
  expanded: string;
}

const WORD = /^[\p{L}\p{N}]+$/u;

/** Edits allowed between a query word and a dictionary word: none for short words, more for long ones. */
export function maxEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) value = Math.min(value, prevPrev[j - 2]! + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[y.length]!;
}

/**
 * Builds the tsquery text for one word from its nearest dictionary words. Both the word
 * (letters and digits only, see searchTokens) and every variant (checked again here) are
 * plain words, so the text can hold no tsquery operator.
 */
export function expandToken(token: string, neighbours: string[]): ExpandedToken {
  const allowed = maxEdits([...token].length);
  const variants = neighbours.filter((term) => term !== token && WORD.test(term) && !term.startsWith(token) && editDistance(token, term, allowed) <= allowed);
  const exact = `${token}:*`;
  return { exact, expanded: [exact, ...new Set(variants)].join(' | ') };
}
