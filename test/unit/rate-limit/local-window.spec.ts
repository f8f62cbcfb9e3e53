import { describe, expect, it } from 'vitest';
import { LocalWindowCounter } from '../../../src/common/rate-limit/local-window.js';

describe('LocalWindowCounter (the probe limit, in memory)', () => {
  it('counts per key within a window and starts every key anew when the window ends', async () => {
    let now = 1_000_000;
    const counter = new LocalWindowCounter(10, () => now);
    expect(await counter.increment('a', 60)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 20_000;
    expect(await counter.increment('a', 60)).toEqual({ count: 2, resetInMs: 40_000 });
    expect(await counter.increment('b', 60)).toEqual({ count: 1, resetInMs: 40_000 });
    now += 40_000;
    expect(await counter.increment('a', 60)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('counts at most maxKeys callers per window: a new one beyond them fails (let through uncounted), known ones still count', async () => {
    let now = 0;
    const counter = new LocalWindowCounter(2, () => now);
    await counter.increment('a', 60);
    await counter.increment('b', 60);
    await expect(counter.increment('c', 60)).rejects.toThrow(/full/);
    expect((await counter.increment('a', 60)).count).toBe(2);
    now += 60_000;
    expect((await counter.increment('c', 60)).count).toBe(1);
  });
});
