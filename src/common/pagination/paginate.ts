import { invalidCursor, type CursorCodec, type CursorPosition } from './cursor-codec.service.js';
import type { Page } from './page-query.js';
import type { KeysetPosition } from './keyset.js';

export interface KeysetRequest {
  /** What the cursor is bound to: the list, its sort and its filters (see CursorCodec). */
  scope: string;
  /** How many sort keys the list's position has; a cursor with another number is refused. */
  keyCount: number;
  limit: number;
  cursor?: string | undefined;
}

/**
 * One keyset page, the way every list pages: the cursor is decoded (400 when it was not issued
 * for this scope), `fetch` is asked for one row more than the page holds — that row only says
 * whether a next page exists — and the position of the page's last row becomes `nextCursor`.
 * `fetch` gets null on the first page.
 */
export async function paginate<Row>(
  cursors: CursorCodec,
  request: KeysetRequest,
  fetch: (after: CursorPosition | null, take: number) => Promise<Row[]>,
  positionOf: (row: Row) => CursorPosition,
): Promise<Page<Row>> {
  const after = request.cursor === undefined ? null : cursors.decode(request.scope, request.cursor);
  if (after && after.keys.length !== request.keyCount) throw invalidCursor();
  const rows = await fetch(after, request.limit + 1);
  const data = rows.slice(0, request.limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > request.limit && last ? cursors.encode(request.scope, positionOf(last)) : null };
}

/**
 * `paginate` for a list ordered by one instant, then id (either direction): the cursor keeps the
 * instant as epoch milliseconds — the schema's precision (`instant`), so a page resumes exactly
 * where the last one ended — and `fetch` gets it back as a Date.
 */
export function paginateByInstant<Row extends { id: string }>(
  cursors: CursorCodec,
  request: Omit<KeysetRequest, 'keyCount'>,
  fetch: (after: KeysetPosition<Date> | null, take: number) => Promise<Row[]>,
  instantOf: (row: Row) => Date,
): Promise<Page<Row>> {
  return paginate(
    cursors,
    { scope: request.scope, keyCount: 1, limit: request.limit, cursor: request.cursor },
    (after, take) => fetch(after && { key: new Date(Number(after.keys[0])), id: after.id }, take),
    (row) => ({ keys: [instantOf(row).getTime()], id: row.id }),
  );
}
