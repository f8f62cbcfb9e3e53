import { basename, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource, ROOT, sourceFiles } from './source-scan.js';

/**
 * Every Nest-managed class lives in a file named by its role, so a file's name says what it is
 * and what it may do (docs/ARCHITECTURE.md, "Folder layout"): SQL only in repositories, HTTP
 * only in controllers, rules in services.
 */
const ROLES = ['service', 'repository', 'controller', 'module', 'guard', 'listeners', 'tasks', 'worker', 'cache', 'filter'];
const NEST_CLASS = /@(Injectable|Controller|Module|Catch)\(/;
const ROLE_FILE = new RegExp(`\\.(${ROLES.join('|')})\\.ts$`);

export function misnamed(files: { path: string; source: string }[]): string[] {
  return files.filter((f) => NEST_CLASS.test(f.source) && !ROLE_FILE.test(basename(f.path))).map((f) => f.path);
}

describe('file roles', () => {
  it('finds a Nest class in a file not named by its role (the scan itself)', () => {
    expect(
      misnamed([
        { path: 'src/modules/x/slot-cache.ts', source: '@Injectable()\nexport class SlotCache {}' },
        { path: 'src/modules/x/slot.cache.ts', source: '@Injectable()\nexport class SlotCache {}' },
        { path: 'src/modules/x/plan.ts', source: 'export function plan() {}' },
      ]),
    ).toEqual(['src/modules/x/slot-cache.ts']);
  });

  it('names every injectable, controller and module file in src/modules and src/common by its role', () => {
    const files = sourceFiles('modules', 'common').map((path) => ({ path: relative(ROOT, path), source: readSource(path) }));
    expect(misnamed(files)).toEqual([]);
  });

  it('keeps SQL in repositories: no other file in src/modules imports the Drizzle schema tables or sql', () => {
    const offenders = sourceFiles('modules')
      .filter((path) => !/\.repository\.ts$|-sql\.ts$/.test(path))
      .filter((path) => /from '[./]*\/db\/schema\/index\.js'|import \{[^}]*\bsql\b[^}]*\} from 'drizzle-orm'/.test(readSource(path)))
      .map((path) => relative(ROOT, path));
    expect(offenders).toEqual([]);
  });

  it('keeps every source file under 300 lines (split by responsibility, not by line count, when one grows)', () => {
    const long = sourceFiles('')
      .map((path) => ({ path: relative(ROOT, path), lines: readSource(path).split('\n').length }))
      .filter((file) => file.lines > 300)
      .map((file) => `${file.path} (${file.lines})`);
    expect(long).toEqual([]);
  });
});
