import { describe, expect, it } from 'vitest';
import { clipText } from '../../src/common/validation/clip-text.js';

describe('clipText', () => {
  it('keeps text within the bound as it is', () => {
    expect(clipText('abc', 3)).toBe('abc');
    expect(clipText('', 1)).toBe('');
  });

  it('cuts longer text to the bound, ending in an ellipsis', () => {
    expect(clipText('abcdef', 4)).toBe('abc…');
    expect([...clipText('x'.repeat(10_000), 200)]).toHaveLength(200);
  });

  it('counts code points, as maxLength does, and never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(3); // 6 UTF-16 units, 3 code points
    expect(clipText(emoji, 3)).toBe(emoji);
    expect(clipText('😀'.repeat(5), 3)).toBe('😀😀…');
  });
});
