import { describe, expect, it } from 'vitest';
import { editDistance, expandToken, resolveSort, searchTokens } from '../../../src/modules/doctors/search-terms.js';

describe('search words', () => {
  it('keeps letters and digits only, lower case, two or more characters, eight words at most', () => {
    expect(searchTokens("  Dr. O'Brien; DROP TABLE doctors -- 'x' ")).toEqual(['dr', 'brien', 'drop', 'table', 'doctors']);
    expect(searchTokens('a & b | !c:* <-> (d)')).toEqual([]);
    expect(searchTokens('Müller São-Paulo 東京')).toEqual(['müller', 'são', 'paulo', '東京']);
    expect(searchTokens('one two three four five six seven eight nine ten')).toHaveLength(8);
    expect(searchTokens(undefined)).toEqual([]);
  });

  it('measures edits, counting an adjacent swap as one', () => {
    expect(editDistance('jonh', 'john')).toBe(1);
    expect(editDistance('cardiolgy', 'cardiology')).toBe(1);
    expect(editDistance('astma', 'asthma')).toBe(1);
    expect(editDistance('family', 'emily')).toBe(2);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });

  it('expands a word to close dictionary words only, as plain tsquery alternatives', () => {
    expect(expandToken('cardiolgy', ['cardiology', 'radiology', 'cardiolgy'])).toEqual({ exact: 'cardiolgy:*', expanded: 'cardiolgy:* | cardiology' });
    expect(expandToken('jonh', ['john', 'jonas', 'johanna'])).toEqual({ exact: 'jonh:*', expanded: 'jonh:* | john' });
    expect(expandToken('family', ['emily', 'families']).expanded).toBe('family:*');
    expect(expandToken('ent', ['eng']).expanded).toBe('ent:*');
    expect(expandToken('astma', ["asth'ma", 'ast&ma', 'asthma']).expanded).toBe('astma:* | asthma');
  });

  it('sorts by relevance only when there are words to rank by', () => {
    expect(resolveSort(undefined, ['x'])).toBe('relevance');
    expect(resolveSort(undefined, [])).toBe('rating');
    expect(resolveSort('relevance', [])).toBe('rating');
    expect(resolveSort('fee', ['x'])).toBe('fee');
    // With a point and no words, the nearest first; words keep relevance first; an explicit sort wins.
    expect(resolveSort(undefined, [], true)).toBe('distance');
    expect(resolveSort('relevance', [], true)).toBe('distance');
    expect(resolveSort(undefined, ['x'], true)).toBe('relevance');
    expect(resolveSort('rating', [], true)).toBe('rating');
  });
});
