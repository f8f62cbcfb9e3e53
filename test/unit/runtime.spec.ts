import { describe, expect, it } from 'vitest';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);

describe('the Node runtime of the tests', () => {
  it('is one package.json admits (20.19 or later)', () => {
    expect(major > 20 || (major === 20 && minor >= 19), process.version).toBe(true);
  });

  it('is the major version the CI lane asks for in TEST_NODE_MAJOR (the Node 24 lane), if it asks', () => {
    // Proves the Node 24 lane's test workers really run on Node 24, not on the machine's Node.
    expect(String(major)).toBe(process.env.TEST_NODE_MAJOR ?? String(major));
  });
});
