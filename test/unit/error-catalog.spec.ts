import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/common/errors/catalog.js';

const contract = readFileSync(new URL('../../docs/API.md', import.meta.url), 'utf8');
const sharedContract = new URL('../../../shared/API.md', import.meta.url);

describe('the error catalog', () => {
  it.each(Object.entries(errorCatalog))('documents %s in docs/API.md with its status', (code, { status }) => {
    const rows = contract.split('\n').filter((line) => line.includes(`\`${code}\``));
    expect(rows.length, `${code} is not documented`).toBeGreaterThan(0);
    expect(rows.some((row) => row.includes(String(status))), `${code} is documented without status ${status}`).toBe(true);
  });

  it('uses only UPPER_SNAKE codes', () => {
    for (const code of Object.keys(errorCatalog)) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it('keeps every line of the shared contract in docs/API.md (extend, never break)', () => {
    let shared: string;
    try {
      shared = readFileSync(sharedContract, 'utf8');
    } catch {
      return; // the shared folder is not beside every checkout; CI and sessions have it
    }
    const missing = shared.split('\n').filter((line) => line.trim() && !contract.includes(line));
    expect(missing).toEqual([]);
  });
});
