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

/** Relevance needs words to rank by; without them the default is the best rated first. */
export function resolveSort(requested: SearchSort | undefined, tokens: string[]): ResolvedSort {
  if (requested === 'relevance' || requested === undefined) return tokens.length > 0 ? 'relevance' : 'rating';
  return requested;
}
