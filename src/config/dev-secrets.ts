import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyRing, formatDataKey, type DataKey } from '../common/crypto/key-ring.js';

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

/**
 * Development only: the data-encryption key for PHI columns, generated once and kept under
 * DATA_DIR beside the JWT secrets (its own file, so existing dev-secrets.json files keep
 * working). Losing it makes the encrypted columns of that database unreadable. With no data
 * dir (in-memory runs) the key lives for the process, like the database.
 */
export function ensureDevDataKey(dataDir: string | null): { key: DataKey; path: string | null } {
  const fresh = (): DataKey => ({ id: 'dev', key: randomBytes(32) });
  if (!dataDir) return { key: fresh(), path: null };

  const path = join(dataDir, 'dev-data-key');
  if (existsSync(path)) {
    const stored = parseKeyRing(readFileSync(path, 'utf8').trim());
    if (stored.ok) return { key: stored.keys[0]!, path };
    throw new Error(`${path} does not hold a data-encryption key (keyId:base64); restore it or set DATA_ENCRYPTION_KEYS`);
  }
  const key = fresh();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${formatDataKey(key)}\n`, { mode: 0o600 });
  return { key, path };
}
