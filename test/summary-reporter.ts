import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest/node';

/** Ends the run with one machine-readable line: `N passed, N failed, N skipped`. */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const visit = (task: RunnerTask) => {
      if (task.type === 'suite') {
        task.tasks.forEach(visit);
        if (task.result?.state === 'fail' && task.tasks.length === 0) counts.failed++;
        return;
      }
      const state = task.result?.state;
      if (state === 'pass') counts.passed++;
      else if (state === 'fail') counts.failed++;
      else counts.skipped++;
    };
    for (const file of files) {
      // A file that failed to load has no tests but must still count as a failure.
      if (file.result?.state === 'fail' && file.tasks.length === 0) counts.failed++;
      file.tasks.forEach(visit);
    }
    counts.failed += errors.length;
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
