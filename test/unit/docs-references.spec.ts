import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The security map and the architecture notes point at code and tests; a rename must not
// leave them pointing at nothing.
const root = new URL('../../', import.meta.url);

describe.each(['docs/SECURITY.md', 'docs/ARCHITECTURE.md', 'docs/OPERATIONS.md', 'README.md'])('%s', (doc) => {
  const text = readFileSync(new URL(doc, root), 'utf8');
  const paths = [...text.matchAll(/`((?:src|test|scripts|deploy|docs)\/[\w./*-]+?)`/g)].map((m) => m[1]!.replace(/\/\*\.spec\.ts$/, '').replace(/\/$/, ''));

  it('names only files and folders that exist', () => {
    const missing = [...new Set(paths)].filter((path) => !existsSync(new URL(path, root)));
    expect(missing).toEqual([]);
  });
});
