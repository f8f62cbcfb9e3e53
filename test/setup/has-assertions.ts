import { beforeEach, expect } from 'vitest';

// Every test must assert something that could fail: a test that runs no `expect` at all
// (an early return, a loop over nothing, a check placed behind an `if`) fails instead of passing.
beforeEach(() => {
  expect.hasAssertions();
});
