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
        const failedBefore = counts.failed;
        task.tasks.forEach((child) => visit(child, name));
        // A failed beforeAll/afterAll fails the suite while its tests show as skipped or passed:
        // the suite itself then counts as one failure, so the closing line never reads 0 failed.
        if (task.result?.state === 'fail' && counts.failed === failedBefore) counts.failed++;
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
      // A file that failed to load, or whose top-level hooks failed, counts as a failure even
      // when none of its tests did.
      const failedBefore = counts.failed;
      file.tasks.forEach((task) => visit(task, file.name));
      if (file.result?.state === 'fail' && counts.failed === failedBefore) counts.failed++;
    }
    counts.failed += errors.length;
    if (process.env.TEST_LIST_SKIPPED === '1') for (const name of skipped) process.stdout.write(`skipped: ${name}\n`);
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
