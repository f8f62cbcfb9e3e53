import { bindIfParam, sql, type Column, type SQL } from 'drizzle-orm';

/**
 * "After this position" for a list ordered by (key, id), both ascending or both descending:
 * one row comparison, which PostgreSQL answers from an index on the same columns. The values
 * are bound as their columns' types, as `eq`/`gt` bind them.
 */
export function afterPosition(order: 'asc' | 'desc', columns: { key: Column; id: Column }, position: { key: unknown; id: string }): SQL {
  const comparison = order === 'asc' ? sql`>` : sql`<`;
  return sql`(${columns.key}, ${columns.id}) ${comparison} (${bindIfParam(position.key, columns.key)}, ${bindIfParam(position.id, columns.id)})`;
}
