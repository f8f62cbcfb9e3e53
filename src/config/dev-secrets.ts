import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface DevSecrets {
  accessSecret: string;
  refreshSecret: string;
  path: string | null;
}

/**
 * Development only: JWT secrets generated once and kept under DATA_DIR, so sessions survive
 * a restart of `npm start`. With no data dir (in-memory runs) they live for the process.
 */
export function ensureDevSecrets(dataDir: string | null): DevSecrets {
  const fresh = () => ({ accessSecret: randomBytes(48).toString('base64url'), refreshSecret: randomBytes(48).toString('base64url') });
  if (!dataDir) return { ...fresh(), path: null };

  const path = join(dataDir, 'dev-secrets.json');
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<DevSecrets>;
    if (typeof stored.accessSecret === 'string' && typeof stored.refreshSecret === 'string') {
      return { accessSecret: stored.accessSecret, refreshSecret: stored.refreshSecret, path };
    }
  }
  const secrets = fresh();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, JSON.stringify(secrets), { mode: 0o600 });
  return { ...secrets, path };
}
