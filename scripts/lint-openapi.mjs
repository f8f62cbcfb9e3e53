// `npm run lint:openapi`: lints the OpenAPI document the app serves.
//   node scripts/lint-openapi.mjs            # after `npm run build`; writes .data/openapi.json first
//   node scripts/lint-openapi.mjs <file>     # lints a document already written
// The document comes from dist/scripts/openapi-document.js (the app started in-process on the
// embedded database with a fixed configuration, read through /docs-json).
// 1. Spectral with .spectral.yaml (its OpenAPI rules and the OWASP API Security ruleset, offline):
//    any error fails; the warnings per rule must be the ones docs/API.md lists with a reason
//    ("Spectral warnings that stay"), so a new warning is either fixed or explained.
// 2. openapi-typescript, as an app developer would run it: it must generate without a warning,
//    and the types must name the resources clients use most.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] ?? writeServedDocument(join(root, '.data/openapi.json'));
const bin = (name) => join(root, 'node_modules/.bin', name);
const WARNINGS_HEADING = '#### Spectral warnings that stay';
const NAMED_TYPES = ['Doctor', 'DoctorCard', 'Appointment', 'Slot', 'Problem'];
const failures = [];

function writeServedDocument(target) {
  const script = join(root, 'dist/scripts/openapi-document.js');
  if (!existsSync(script)) throw new Error('dist/scripts/openapi-document.js is missing: run `npm run build` first');
  const document = execFileSync(process.execPath, [script], { cwd: root, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, document);
  return target;
}

function spectral() {
  const run = spawnSync(bin('spectral'), ['lint', '--ruleset', join(root, '.spectral.yaml'), '--format', 'json', '--quiet', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  const results = JSON.parse(run.stdout || '[]');
  const errors = results.filter((r) => r.severity === 0);
  for (const e of errors) failures.push(`spectral error ${e.code} at ${e.path.join('.')}: ${e.message}`);
  const warnings = {};
  for (const r of results.filter((r) => r.severity === 1)) warnings[r.code] = (warnings[r.code] ?? 0) + 1;
  const total = Object.values(warnings).reduce((a, b) => a + b, 0);
  console.log(`spectral: ${errors.length} errors, ${total} warnings`);
  for (const [rule, count] of Object.entries(warnings).sort()) console.log(`  ${String(count).padStart(4)}  ${rule}`);
  return warnings;
}

/** The `| \`rule\` | count | reason |` rows under the heading in docs/API.md. */
function documentedWarnings() {
  const text = readFileSync(join(root, 'docs/API.md'), 'utf8');
  const start = text.indexOf(WARNINGS_HEADING);
  if (start < 0) throw new Error(`docs/API.md has no "${WARNINGS_HEADING}" section`);
  const section = text.slice(start + WARNINGS_HEADING.length).split(/\n#{2,4} /)[0];
  return Object.fromEntries([...section.matchAll(/^\| `([^`]+)` \| (\d+) \|/gm)].map(([, rule, count]) => [rule, Number(count)]));
}

function compare(actual, documented) {
  for (const rule of new Set([...Object.keys(actual), ...Object.keys(documented)])) {
    if (actual[rule] !== documented[rule]) {
      failures.push(`${rule}: ${actual[rule] ?? 0} warnings, docs/API.md lists ${documented[rule] ?? 0} (fix them, or list them with the reason they stay)`);
    }
  }
}

function openapiTypescript() {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-ts-'));
  try {
    const out = join(dir, 'api.d.ts');
    const run = spawnSync(bin('openapi-typescript'), [file, '--output', out], { encoding: 'utf8' });
    if (run.error) throw run.error;
    if (run.status !== 0 || run.stderr.trim() !== '') failures.push(`openapi-typescript (exit ${run.status}): ${run.stderr.trim()}`);
    else {
      const types = readFileSync(out, 'utf8');
      const missing = NAMED_TYPES.filter((name) => !new RegExp(`^\\s+${name}: \\{`, 'm').test(types));
      if (missing.length > 0) failures.push(`openapi-typescript names no ${missing.join(', ')}`);
      console.log('openapi-typescript: generated without a warning');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

compare(spectral(), documentedWarnings());
openapiTypescript();
if (failures.length > 0) {
  console.error(`\nThe OpenAPI document does not pass:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
