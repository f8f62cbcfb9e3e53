import type { FieldError, InstantRange } from './types.js';

/** Disjoint, sorted `[start, end)` ranges in epoch milliseconds. */
export type MergedRanges = ReadonlyArray<readonly [number, number]>;

/**
 * Time off and busy ranges merged into one sorted list of disjoint ranges: one sort,
 * O(n log n), after which every slot check is amortised O(1) with a forward-only cursor.
 * Empty or reversed ranges block nothing and are dropped; invalid dates are reported.
 */
export function mergeRanges(
  groups: ReadonlyArray<readonly [field: string, ranges: readonly InstantRange[]]>,
): { ranges: MergedRanges; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const all: Array<[number, number]> = [];
  for (const [field, ranges] of groups) {
    if (!Array.isArray(ranges)) {
      errors.push({ field, message: 'must be a list of ranges' });
      continue;
    }
    ranges.forEach((range: InstantRange, index) => {
      const start = range?.start instanceof Date ? range.start.getTime() : Number.NaN;
      const end = range?.end instanceof Date ? range.end.getTime() : Number.NaN;
      if (Number.isNaN(start) || Number.isNaN(end)) {
        errors.push({ field: `${field}.${index}`, message: 'start and end must be valid dates' });
      } else if (start < end) {
        all.push([start, end]);
      }
    });
  }

  all.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of all) {
    const last = merged[merged.length - 1];
    // Touching ranges merge too; they block exactly the same instants.
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return { ranges: merged, errors };
}

/**
 * Answers "does [start, end) hit a blocked range?" for queries whose starts never decrease,
 * which is how the engine walks time. Ranges ending at or before a query's start cannot
 * touch it or any later query, so the cursor only moves forward; the first range left is
 * the only one that can overlap, because the ranges are disjoint and sorted.
 */
export class BlockedCursor {
  private next = 0;

  constructor(private readonly ranges: MergedRanges) {}

  overlaps(start: number, end: number): boolean {
    while (this.next < this.ranges.length && (this.ranges[this.next] as readonly [number, number])[1] <= start) {
      this.next += 1;
    }
    const candidate = this.ranges[this.next];
    return candidate !== undefined && candidate[0] < end;
  }
}
