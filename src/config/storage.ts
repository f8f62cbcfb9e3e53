import { join } from 'node:path';
import type { S3StorageConfig } from '../common/storage/s3.storage.js';
import type { Env } from './env.schema.js';

/** Uploaded files: under `root` (null: a temporary directory, for DATA_DIR=memory://) or in an S3 bucket. */
export type StorageConfig = { kind: 'filesystem'; root: string | null } | ({ kind: 's3' } & S3StorageConfig);

/** S3_BUCKET set: an S3-compatible service; unset: files under DATA_DIR/uploads (`dataDir` null for memory://). */
export function storageConfig(env: Env, dataDir: string | null): StorageConfig {
  if (!env.S3_BUCKET) return { kind: 'filesystem', root: dataDir === null ? null : join(dataDir, 'uploads') };
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT ?? null,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID ?? null,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? null,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
    prefix: env.S3_KEY_PREFIX,
  };
}
