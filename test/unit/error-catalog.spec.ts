import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/common/errors/catalog.js';

const contract = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
/**
 * The shared contract lives in a `shared/` folder beside the checkout (beside /work/main, or
 * beside the folder of worktrees): the nearest one up the tree. Without it the check below is
 * reported as skipped, never passed; CI's real lane fails on a skip.
 */
function findSharedContract(): string | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; ) {
    const candidate = join(dir, 'shared', 'API.md');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
const sharedContract = findSharedContract();

describe('the error catalog', () => {
  it.each(Object.entries(errorCatalog))('documents %s in docs/API.md with its status', (code, { status }) => {
    const rows = contract.split('\n').filter((line) => line.includes(`\`${code}\``));
    expect(rows.length, `${code} is not documented`).toBeGreaterThan(0);
    expect(rows.some((row) => row.includes(String(status))), `${code} is documented without status ${status}`).toBe(true);
  });

  it('uses only UPPER_SNAKE codes', () => {
    for (const code of Object.keys(errorCatalog)) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it.skipIf(!sharedContract)('keeps every line of the shared contract in docs/API.md (extend, never break)', () => {
    const shared = readFileSync(sharedContract!, 'utf8');
    const lines = shared.split('\n').filter((line) => line.trim());
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => !contract.includes(line))).toEqual([]);
  });
});
