// A small mutation check: does the suite notice when a guarantee is broken?
//   npm run test:mutations            every mutation below
//   npm run test:mutations -- lockout  only those whose name contains "lockout"
// Each mutation is a textual patch of one source file that must match exactly once (if its
// text is gone or ambiguous the mutation is STALE: update it, it is not "killed"). The file
// is patched, the tests that guard it run on the embedded lane (PGlite, in-memory cache), and
// the file is restored, always: after each run, on failure, on Ctrl-C, and at the next start
// if a run was killed outright. A mutation is killed when a test fails; SURVIVED otherwise.
// Exits non-zero when any mutation survived or went stale, or when the tests fail unmutated.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const MUTATIONS = [
  {
    name: 'idempotency request hash leaves out the visit reason',
    file: 'src/modules/scheduling/appointments/booking.service.ts',
    find: 'input.start.toISOString(), input.reason ?? null]',
    replace: 'input.start.toISOString()]',
    tests: ['test/e2e/scheduling/booking.spec.ts'],
  },
  {
    name: 'a refresh-token replay ends every session of the user, not just its family',
    file: 'src/modules/auth/sessions.repository.ts',
    find: '.where(and(eq(sessionFamilies.id, known.familyId), isNull(sessionFamilies.revokedAt)));',
    replace: '.where(and(eq(sessionFamilies.userId, sql`(select user_id from session_families where id = ${known.familyId})`), isNull(sessionFamilies.revokedAt)));',
    tests: ['test/e2e/auth/refresh.spec.ts'],
  },
  {
    name: 'the doctor exclusion constraint maps to PATIENT_CONFLICT instead of SLOT_TAKEN',
    file: 'src/common/errors/database-errors.ts',
    find: "appointments_doctor_no_overlap: 'SLOT_TAKEN',",
    replace: "appointments_doctor_no_overlap: 'PATIENT_CONFLICT',",
    tests: ['test/e2e/scheduling/booking.spec.ts'],
  },
  {
    name: 'the login lockout no longer counts attempts',
    file: 'src/modules/auth/login-lockout.service.ts',
    find: 'const { count } = await this.cache.increment(`auth:failures:${key}`, windowSeconds);',
    replace: 'const { count } = { count: windowSeconds > 0 ? 1 : 0 };',
    tests: ['test/e2e/auth/guessing-defence.spec.ts'],
  },
  {
    name: 'any patient counts as the patient of any appointment',
    file: 'src/common/access/permission.ts',
    find: "if (owners.patientUserId !== null && owners.patientUserId === caller.userId) relations.push('patient');",
    replace: "if (caller.role === 'patient') relations.push('patient');",
    tests: ['test/e2e/scheduling/lifecycle.spec.ts'],
  },
];

const backups = join(tmpdir(), `ihosi-mutations-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
const backupOf = (file) => join(backups, createHash('sha256').update(file).digest('hex').slice(0, 16));

/** The file being mutated right now, so every way out restores it; and the test run. */
let patched = null;
let child = null;

function restore() {
  if (!patched) return;
  writeFileSync(join(root, patched.file), patched.original);
  rmSync(backupOf(patched.file), { force: true });
  patched = null;
}

function recoverFromKilledRun() {
  for (const { file } of MUTATIONS) {
    const backup = backupOf(file);
    if (!existsSync(backup)) continue;
    writeFileSync(join(root, file), readFileSync(backup));
    rmSync(backup);
    console.log(`restored ${file} from a mutation run that was killed before it could`);
  }
}

process.on('exit', restore);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child?.kill('SIGTERM');
    restore();
    console.log(`\ninterrupted (${signal}); source restored`);
    process.exit(130);
  });
}

/** Runs test files on the embedded lane; returns the suite's summary counts. */
async function runTests(files, label) {
  const env = { ...process.env };
  for (const name of ['TEST_DATABASE_URL', 'REDIS_URL', 'DATABASE_URL']) delete env[name];
  // Asynchronous, so a Ctrl-C reaches this process's handlers while the tests run.
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  child = spawn(process.execPath, [vitest, 'run', '--bail', '1', '--reporter=dot', '--reporter=./test/summary-reporter.ts', ...files], { cwd: root, env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const result = await new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal })));
  child = null;
  const summary = [...output.matchAll(/^(\d+) passed, (\d+) failed, (\d+) skipped$/gm)].at(-1);
  if (!summary) {
    const log = join(backups, `${label.replace(/\W+/g, '-')}.log`);
    writeFileSync(log, output);
    return { passed: 0, failed: 0, skipped: 0, broken: `no summary line (exit ${result.status ?? result.signal}); output in ${log}` };
  }
  return { passed: Number(summary[1]), failed: Number(summary[2]), skipped: Number(summary[3]) };
}

mkdirSync(backups, { recursive: true });
recoverFromKilledRun();

const filter = process.argv.slice(2).join(' ').toLowerCase();
const selected = MUTATIONS.filter((m) => !filter || m.name.toLowerCase().includes(filter));
if (selected.length === 0) {
  console.error(`no mutation matches "${filter}"`);
  process.exit(2);
}

const files = [...new Set(selected.flatMap((m) => m.tests))];
console.log(`baseline: ${files.map((f) => relative('test', f)).join(', ')} unmutated`);
const baseline = await runTests(files, 'baseline');
if (baseline.broken || baseline.failed > 0 || baseline.passed === 0) {
  console.error(`the tests do not pass unmutated (${baseline.broken ?? `${baseline.passed} passed, ${baseline.failed} failed`}): fix that first`);
  process.exit(1);
}

const results = [];
for (const mutation of selected) {
  const path = join(root, mutation.file);
  const original = readFileSync(path, 'utf8');
  const matches = original.split(mutation.find).length - 1;
  if (matches !== 1) {
    results.push({ mutation, verdict: 'STALE', note: `${matches === 0 ? 'its text is no longer' : `its text is ${matches} times`} in ${mutation.file}` });
    console.log(`STALE     ${mutation.name}`);
    continue;
  }
  writeFileSync(backupOf(mutation.file), original);
  patched = { file: mutation.file, original };
  try {
    writeFileSync(path, original.replace(mutation.find, () => mutation.replace));
    const run = await runTests(mutation.tests, mutation.name);
    const verdict = run.broken ? 'ERROR' : run.failed > 0 ? 'killed' : 'SURVIVED';
    const note = run.broken ?? `${run.failed} failed, ${run.passed} passed (${mutation.tests.map((f) => relative('test', f)).join(', ')})`;
    results.push({ mutation, verdict, note });
    console.log(`${verdict.padEnd(9)} ${mutation.name}: ${note}`);
  } finally {
    restore();
  }
}

const count = (verdict) => results.filter((r) => r.verdict === verdict).length;
console.log(`\n${results.length} mutations: ${count('killed')} killed, ${count('SURVIVED')} survived, ${count('STALE')} stale, ${count('ERROR')} errors`);
for (const r of results.filter((r) => r.verdict !== 'killed')) console.log(`  ${r.verdict}: ${r.mutation.name} — ${r.note}`);
process.exit(results.every((r) => r.verdict === 'killed') ? 0 : 1);
