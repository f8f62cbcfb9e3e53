import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditEvents, appointmentStatus, consultationMode, userRole, verificationStatus } from '../../src/db/schema/index.js';

// "Say a thing once" (STYLE.md 15), checked on the source text: a second spelling of an enum,
// a schema or a paging step is a place where the two copies can drift apart.
const root = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every source file but the database schema and migrations, which are where the enums are defined. */
const files = sourceFiles(join(root, 'src'))
  .map((path) => relative(root, path))
  .filter((path) => !path.startsWith('src/db/'))
  .map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('enums', () => {
  const enums = {
    consultation_mode: consultationMode.enumValues,
    user_role: userRole.enumValues,
    verification_status: verificationStatus.enumValues,
    appointment_status: appointmentStatus.enumValues,
    'audit_events.outcome': auditEvents.outcome.enumValues,
  };

  it.each(Object.entries(enums))('%s is spelled out only in the database schema', (_name, values) => {
    // Two values of the enum quoted next to each other, in a list or a union: a hand-typed copy.
    const value = `'(?:${values.map(escape).join('|')})'`;
    const list = new RegExp(`${value}\\s*(?:,|\\|)\\s*${value}`);
    const copies = files.filter((file) => list.test(file.text)).map((file) => file.path);
    expect(copies).toEqual([]);
  });
});

/** The files whose text matches `pattern`. */
function filesMatching(pattern: RegExp): string[] {
  return files.filter((file) => pattern.test(file.text)).map((file) => file.path);
}

describe('one schema each', () => {
  it('for money a client sends', () => {
    expect(filesMatching(/amount:\s*z\s*\.number/)).toEqual(['src/common/validation/money.ts']);
  });

  it('for an instant a client sends', () => {
    expect(filesMatching(/\.datetime\(\s*\{[^}]*offset/)).toEqual(['src/common/validation/instant.ts']);
  });

  it('for a time zone, read and answered', () => {
    expect(filesMatching(/timezone:\s*z\./)).toEqual([]);
  });

  it('for an id in a path', () => {
    // Ids only (`id`, `doctorId`, …): a photo's file name in its path is not an id.
    expect(filesMatching(/ValidParam\(\s*'\w*[iI]d',\s*(?!\s|uuidParam\b)/)).toEqual([]);
    expect(filesMatching(/\[0-9a-f\]\{8\}-/i)).toEqual([]);
  });

  it('for a page and its query', () => {
    expect(filesMatching(/z\.object\(\{\s*data:\s*z\.array\(/)).toEqual(['src/common/pagination/page-query.ts']);
    expect(filesMatching(/interface Page<|type Page</)).toEqual(['src/common/pagination/page-query.ts']);
    expect(filesMatching(/=\s*z\.strictObject\(\{\s*limit:\s*limitParam,\s*cursor:\s*cursorParam\s*\}\)/)).toEqual(['src/common/pagination/page-query.ts']);
  });
});

describe('paging', () => {
  it('every list pages through paginate: nothing else decodes or encodes a list cursor', () => {
    expect(filesMatching(/cursors?\.(decode|encode)\(/i)).toEqual(['src/common/pagination/paginate.ts']);
  });

  it('one module provides the cursor codec', () => {
    expect(filesMatching(/providers:\s*\[[^\]]*\bCursorCodec\b/)).toEqual(['src/common/pagination/pagination.module.ts']);
  });
});

describe('caches', () => {
  it('one generational cache: no other file keeps generations of its own', () => {
    expect(filesMatching(/GENERATION_TTL_SECONDS\s*=|cache\.increment\([^)]*gen/i)).toEqual(['src/common/cache/generational-cache.ts']);
  });
});

describe('error details', () => {
  it('no detail is written out at two throw sites: a repeated one is kept with the catalog', () => {
    const sites = new Map<string, string[]>();
    for (const file of files) {
      for (const match of file.text.matchAll(/new AppError\(\s*'(\w+)',\s*\{[^}]*?detail:\s*(['"`])((?:(?!\2).)+)\2/g)) {
        const key = `${match[1]} ${match[3]}`;
        sites.set(key, [...(sites.get(key) ?? []), file.path]);
      }
    }
    expect([...sites].filter(([, at]) => at.length > 1)).toEqual([]);
  });

  it('every "no such ..." comes from the catalog', () => {
    expect(filesMatching(/new AppError\(\s*'NOT_FOUND',\s*\{\s*detail:\s*['"`]/)).toEqual([]);
  });
});
