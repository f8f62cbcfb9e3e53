import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const migrations = join(root, 'src/db/migrations');

/**
 * `npm run db:generate` diffs the TypeScript schema against the newest snapshot in
 * src/db/migrations/meta. Migrations written by hand (what Drizzle cannot express) must leave
 * a snapshot of the schema they reach, or the next generated migration would repeat them. Run
 * on a copy of the folder, so a difference is reported here and never written into the tree.
 */
describe('the Drizzle snapshot', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ihosi-snapshot-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('matches the schema: drizzle-kit generate finds nothing to migrate', () => {
    const out = join(scratch, 'migrations');
    cpSync(migrations, out, { recursive: true });
    const config = join(scratch, 'drizzle.config.mjs');
    // drizzle-kit reads `out` relative to where it runs: run it in the scratch folder.
    writeFileSync(config, `export default ${JSON.stringify({ dialect: 'postgresql', schema: join(relative(scratch, root), 'src/db/schema/*.ts'), out: './migrations' })};\n`);
    const before = readdirSync(out).sort();

    const run = spawnSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config, '--name', 'drift'], { cwd: scratch, encoding: 'utf8' });
    const printed = `${run.stdout}${run.stderr}`;
    expect(run.status, printed).toBe(0);

    expect(readdirSync(out).sort(), printed).toEqual(before);
    expect(printed).toContain('No schema changes');
  });
});
