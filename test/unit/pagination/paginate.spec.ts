import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/common/errors/app-error.js';
import { CursorCodec, type CursorPosition } from '../../../src/common/pagination/cursor-codec.service.js';
import { paginate, paginateByInstant } from '../../../src/common/pagination/paginate.js';
import { loadConfig, MEMORY_DATA_DIR } from '../../../src/config/config.js';

const codec = new CursorCodec(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, JWT_SECRET: 'k'.repeat(40), JWT_REFRESH_SECRET: 'r'.repeat(40) }));

interface Row {
  at: number;
  id: string;
}

// Rows ordered by (at, id), with ties on `at`, as a keyset query would return them.
const rows: Row[] = Array.from({ length: 23 }, (_, i) => ({ at: Math.floor(i / 3), id: randomUUID() })).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));

/** The list's query: rows after the position, at most `take` of them; records what it was asked. */
function table(asked: number[] = []) {
  return async (after: CursorPosition | null, take: number): Promise<Row[]> => {
    asked.push(take);
    const from = after ? rows.filter((r) => r.at > Number(after.keys[0]) || (r.at === Number(after.keys[0]) && r.id > after.id)) : rows;
    return from.slice(0, take);
  };
}
const positionOf = (row: Row): CursorPosition => ({ keys: [row.at], id: row.id });

function expectRefused(error: unknown): void {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('VALIDATION_FAILED');
  expect((error as AppError).options.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
}

describe('paginate', () => {
  it.each([1, 2, 5, 7, 22, 23, 24, 100])('walks every row once, in order, %i per page', async (limit) => {
    const asked: number[] = [];
    const seen: Row[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await paginate(codec, { scope: 'rows', keyCount: 1, limit, cursor }, table(asked), positionOf);
      expect(page.data.length).toBeLessThanOrEqual(limit);
      seen.push(...page.data);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(rows);
    // One row more than the page: a full last page has no next cursor and no empty page follows.
    expect(pages).toBe(Math.max(1, Math.ceil(rows.length / limit)));
    expect(new Set(asked)).toEqual(new Set([limit + 1]));
  });

  it('gives the fetch no position on the first page', async () => {
    const positions: (CursorPosition | null)[] = [];
    await paginate(codec, { scope: 'rows', keyCount: 1, limit: 5 }, async (after) => (positions.push(after), []), positionOf);
    expect(positions).toEqual([null]);
  });

  it('refuses a cursor of another scope before fetching', async () => {
    const first = await paginate(codec, { scope: 'rows', keyCount: 1, limit: 5 }, table(), positionOf);
    const asked: number[] = [];
    await paginate(codec, { scope: 'other rows', keyCount: 1, limit: 5, cursor: first.nextCursor! }, table(asked), positionOf).then(
      () => expect.fail('the cursor was accepted'),
      expectRefused,
    );
    expect(asked).toEqual([]);
  });

  it('refuses a cursor whose position has another number of keys', async () => {
    const cursor = codec.encode('rows', { keys: [1, 'x'], id: rows[0]!.id });
    await paginate(codec, { scope: 'rows', keyCount: 1, limit: 5, cursor }, table(), positionOf).then(() => expect.fail('the cursor was accepted'), expectRefused);
  });
});

describe('paginateByInstant', () => {
  // Newest first, with ties on the instant, as the audit trail and the grants are listed.
  const byInstant = Array.from({ length: 11 }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 2), 7)), id: randomUUID() })).sort(
    (a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id),
  );
  const newestFirst = async (after: { key: Date; id: string } | null, take: number) =>
    (after ? byInstant.filter((r) => r.at < after.key || (r.at.getTime() === after.key.getTime() && r.id < after.id)) : byInstant).slice(0, take);

  it('walks every row once, handing the fetch the instant back as a Date', async () => {
    const seen: typeof byInstant = [];
    let cursor: string | undefined;
    do {
      const page = await paginateByInstant(codec, { scope: 'grants', limit: 3, cursor }, newestFirst, (row) => row.at);
      seen.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(byInstant);
  });

  it('keeps the instant in the cursor as epoch milliseconds, the one key of the position', async () => {
    const page = await paginateByInstant(codec, { scope: 'grants', limit: 2 }, newestFirst, (row) => row.at);
    expect(codec.decode('grants', page.nextCursor!)).toEqual({ keys: [byInstant[1]!.at.getTime()], id: byInstant[1]!.id });
  });
});
