import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from '../../src/modules/auth/dto/auth.inputs.js';
import { PasswordHasher, passwordProblem, prehash } from '../../src/modules/auth/password-hasher.service.js';
import { Semaphore } from '../../src/modules/auth/semaphore.js';

describe('password policy', () => {
  it('accepts any 10..128-character string that is not a common password, unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', minLength: 10, maxLength: 60 }), (password) => {
        fc.pre([...password].length >= 10 && [...password].length <= 128);
        const parsed = newPasswordSchema.safeParse(password);
        // Either accepted exactly as given, or refused only for being common.
        if (parsed.success) expect(parsed.data).toBe(password);
        else expect(passwordProblem(password)).toMatch(/common/);
      }),
      { numRuns: 300 },
    );
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordProblem('🔑'.repeat(10))).toBeNull();
    expect(passwordProblem('🔑'.repeat(9))).toMatch(/at least 10/);
    expect(passwordProblem('🔑'.repeat(128))).toBeNull();
    expect(passwordProblem('🔑'.repeat(129))).toMatch(/at most 128/);
  });

  it('refuses common passwords case-insensitively', () => {
    for (const p of ['password123', 'Password123', 'iloveyou12', 'qwertyuiop', '1q2w3e4r5t']) expect(passwordProblem(p)).toMatch(/common/);
  });
});

describe('password hashing', () => {
  const hasher = new PasswordHasher({ auth: { bcryptCost: 10 } } as ConstructorParameters<typeof PasswordHasher>[0]);

  it('pre-hashes to 44 printable bytes, so every byte of a long password counts', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (password) => {
        const digest = prehash(password);
        expect(Buffer.byteLength(digest)).toBe(44);
        expect(digest).not.toContain('\0');
      }),
    );
    const base = 'x'.repeat(100);
    expect(prehash(`${base}a`)).not.toBe(prehash(`${base}b`));
  });

  it('verifies the password and nothing that differs after byte 72', async () => {
    const long = 'é'.repeat(40); // 80 bytes
    const hash = await hasher.hash(`${long}1`);
    expect(hash).toMatch(/^\$2b\$10\$/);
    expect(await hasher.verify(`${long}1`, hash)).toBe(true);
    expect(await hasher.verify(`${long}2`, hash)).toBe(false);
    expect(await hasher.verify(long, hash)).toBe(false);
  });

  it('spends a bcrypt compare on the dummy hash and always says no', async () => {
    await hasher.warmUp();
    expect(await hasher.verifyAgainstDummy('anything at all')).toBe(false);
  });

  it('knows when a hash was made at another cost', async () => {
    const hash = await hasher.hash('some password here');
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(new PasswordHasher({ auth: { bcryptCost: 11 } } as ConstructorParameters<typeof PasswordHasher>[0]).needsRehash(hash)).toBe(true);
  });
});

describe('semaphore', () => {
  it('runs at most `limit` tasks at once and all of them eventually', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
  });
});
