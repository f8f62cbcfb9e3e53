import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from '../../src/modules/auth/dto/auth.inputs.js';
import { PasswordHasher, passwordProblem, prehash } from '../../src/modules/auth/password-hasher.service.js';

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

describe('bcrypt jobs', () => {
  const cpus = Math.max(1, availableParallelism());
  const hasher = new PasswordHasher({ auth: { bcryptCost: 10 } } as ConstructorParameters<typeof PasswordHasher>[0]);

  it('runs at most one bcrypt job per CPU, queues the rest and finishes all of them', async () => {
    const passwords = Array.from({ length: cpus + 3 }, (_, i) => `password number ${i}`);
    const hashing = Promise.all(passwords.map((password) => hasher.hash(password)));
    // Jobs start on a microtask; bcrypt at cost 10 takes tens of milliseconds, so they are still running here.
    await new Promise((resolve) => setImmediate(resolve));
    expect(hasher.bcryptJobs.activeCount).toBe(cpus);
    expect(hasher.bcryptJobs.pendingCount).toBe(3);
    const hashes = await hashing;
    for (const [i, hash] of hashes.entries()) expect(await hasher.verify(passwords[i]!, hash)).toBe(true);
    expect(hasher.bcryptJobs.activeCount + hasher.bcryptJobs.pendingCount).toBe(0);
  });

  it('frees the slot when a job fails', async () => {
    const failing = Array.from({ length: cpus + 1 }, () => hasher.bcryptJobs(() => Promise.reject(new Error('boom'))));
    for (const job of failing) await expect(job).rejects.toThrow('boom');
    expect(hasher.bcryptJobs.activeCount).toBe(0);
    expect(await hasher.verify('x', await hasher.hash('x'))).toBe(true);
  });
});
