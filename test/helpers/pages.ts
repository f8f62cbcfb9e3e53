import { expect } from 'vitest';
import { bearer } from './auth.js';
import type { TestApp } from './test-app.js';

/**
 * Every item of a list at `path`, read `limit` at a time by following `nextCursor` as a client
 * would. Bounded, so a cursor that never ends fails the test instead of hanging it.
 */
export async function walkPages(t: TestApp, path: string, token: string, limit: number): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const response = await t.request({ method: 'GET', url: `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { data: unknown[]; nextCursor: string | null };
    items.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${path} did not end`);
}

/**
 * `cursor` with one character of its tag (the part after the dot) replaced by another, so the
 * result always differs from the cursor. Replacing trailing characters with fixed ones does
 * not: a tag that happens to end in them is left as it was, and the "tampered" cursor is valid.
 */
export function withTagTampered(cursor: string): string {
  const dot = cursor.lastIndexOf('.');
  const first = cursor[dot + 1];
  return `${cursor.slice(0, dot + 1)}${first === 'A' ? 'B' : 'A'}${cursor.slice(dot + 2)}`;
}
