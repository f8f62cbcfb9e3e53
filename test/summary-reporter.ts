import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest/node';

/**
 * Ends the run with one machine-readable line: `N passed, N failed, N skipped`. With
 * TEST_LIST_SKIPPED=1 (CI's real lane, where nothing may be skipped) each skipped test is
 * named first, one `skipped: <file> > <test>` line each.
 */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    const visit = (task: RunnerTask, path: string) => {
      const name = `${path} > ${task.name}`;
      if (task.type === 'suite') {
        task.tasks.forEach((child) => visit(child, name));
        if (task.result?.state === 'fail' && task.tasks.length === 0) counts.failed++;
        return;
      }
      const state = task.result?.state;
      if (state === 'pass') counts.passed++;
      else if (state === 'fail') counts.failed++;
      else {
        counts.skipped++;
        skipped.push(name);
      }
    };
    for (const file of files) {
      // A file that failed to load has no tests but must still count as a failure.
      if (file.result?.state === 'fail' && file.tasks.length === 0) counts.failed++;
      file.tasks.forEach((task) => visit(task, file.name));
    }
    counts.failed += errors.length;
    if (process.env.TEST_LIST_SKIPPED === '1') for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
