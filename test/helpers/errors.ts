import { expect } from 'vitest';

/**
 * Runs `run`, expects it to throw an instance of `type`, and returns that error so the test can
 * look closer; fails the test when nothing, or something else, is thrown.
 */
export function thrownBy<E extends Error>(run: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name} to be thrown`);
}
