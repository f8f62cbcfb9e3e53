import type pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REPLICA_RETRY_MS, ReplicaPool } from '../../../src/db/replica-pool.js';

type Answer = 'ok' | 'refused' | 'conflict' | 'syntax';

/** A stand-in for a pg.Pool that answers each query as told and remembers who was asked. */
function fakePool(name: string, asked: string[], answer: () => Answer) {
  return {
    async query() {
      asked.push(name);
      const outcome = answer();
      if (outcome === 'refused') throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      if (outcome === 'conflict') throw Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
      if (outcome === 'syntax') throw Object.assign(new Error('syntax error'), { code: '42601' });
      return { rows: [{ from: name }] };
    },
    async connect() {
      return { from: name };
    },
    async end() {},
  } as unknown as pg.Pool;
}

function setUp(answers: Record<string, Answer>) {
  const asked: string[] = [];
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  let now = 1_000_000;
  const replicas = ['r1', 'r2'].map((name) => ({ target: name, pool: fakePool(name, asked, () => answers[name]!) }));
  const pool = new ReplicaPool(fakePool('primary', asked, () => 'ok'), replicas, logger, () => now);
  const read = async () => ((await pool.query({ text: 'select 1' })).rows[0] as { from: string }).from;
  return { pool, asked, lines, read, advance: (ms: number) => (now += ms) };
}

describe('ReplicaPool (the reader over DATABASE_REPLICA_URLS)', () => {
  it('sends each statement to the next replica in turn', async () => {
    const { read } = setUp({ r1: 'ok', r2: 'ok' });
    expect([await read(), await read(), await read()]).toEqual(['r1', 'r2', 'r1']);
  });

  it('runs a statement a replica cannot take on the next one, leaves that replica out a while and says so once', async () => {
    const answers: Record<string, Answer> = { r1: 'refused', r2: 'ok' };
    const { read, asked, lines, advance } = setUp(answers);
    expect(await read()).toBe('r2');
    expect(asked).toEqual(['r1', 'r2']);
    expect([await read(), await read()]).toEqual(['r2', 'r2']);
    expect(asked.filter((name) => name === 'r1')).toHaveLength(1);

    advance(REPLICA_RETRY_MS);
    expect(await read()).toBe('r2'); // r1 tried again, still down: not said twice
    expect(lines.filter((l) => l.msg.startsWith('database replica unreachable'))).toHaveLength(1);

    answers.r1 = 'ok';
    advance(REPLICA_RETRY_MS);
    const answered = new Set([await read(), await read()]);
    expect(answered).toEqual(new Set(['r1', 'r2']));
    expect(lines.filter((l) => l.msg === 'database replica reachable again')).toHaveLength(1);
  });

  it('falls back to the primary when no replica answers', async () => {
    const { read } = setUp({ r1: 'refused', r2: 'refused' });
    expect(await read()).toBe('primary');
    expect(await read()).toBe('primary');
  });

  it('runs a statement a replica cancelled for replay on the primary, without leaving the replica out', async () => {
    const answers: Record<string, Answer> = { r1: 'conflict', r2: 'ok' };
    const { read, lines } = setUp(answers);
    expect(await read()).toBe('primary');
    answers.r1 = 'ok';
    expect([await read(), await read()]).toEqual(['r2', 'r1']);
    expect(lines).toEqual([]);
  });

  it('passes on errors of the statement itself', async () => {
    const { read } = setUp({ r1: 'syntax', r2: 'ok' });
    await expect(read()).rejects.toThrow('syntax error');
  });

  it('hands out the primary’s connections for transactions', async () => {
    const { pool } = setUp({ r1: 'ok', r2: 'ok' });
    expect(await pool.connect()).toEqual({ from: 'primary' });
  });
});
