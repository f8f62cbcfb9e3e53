import { asc, bindIfParam, desc, sql, type Column, type SQL } from 'drizzle-orm';

/** Where a list ordered by (key, id) resumes: the key and id of the last row it returned. */
export interface KeysetPosition<Key = unknown> {
  key: Key;
  id: string;
}

export type KeysetOrder = 'asc' | 'desc';

/**
 * "After this position" for a list ordered by (key, id), both ascending or both descending:
 * one row comparison, which PostgreSQL answers from an index on the same columns. The values
 * are bound as their columns' types, as `eq`/`gt` bind them.
 */
export function afterPosition(order: KeysetOrder, columns: { key: Column; id: Column }, position: KeysetPosition): SQL {
  const comparison = order === 'asc' ? sql`>` : sql`<`;
  return sql`(${columns.key}, ${columns.id}) ${comparison} (${bindIfParam(position.key, columns.key)}, ${bindIfParam(position.id, columns.id)})`;
}

/**
 * Both halves of a keyset query over (key, id): the condition for the rows after `position`
 * (none on the first page) and the ORDER BY it assumes — the id breaks ties on the key, in the
 * same direction, so the two can never disagree.
 */
export function keyset(order: KeysetOrder, columns: { key: Column; id: Column }, position: KeysetPosition | null | undefined): { after: SQL | undefined; orderBy: [SQL, SQL] } {
  const by = order === 'asc' ? asc : desc;
  return { after: position ? afterPosition(order, columns, position) : undefined, orderBy: [by(columns.key), by(columns.id)] };
}
