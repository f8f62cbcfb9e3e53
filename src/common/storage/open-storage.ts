import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../../config/config.js';
import { FilesystemStorage } from './filesystem.storage.js';
import { S3Storage } from './s3.storage.js';
import type { StoragePort } from './storage.port.js';

/** The configured backend; DATA_DIR=memory:// gets a temporary directory removed at shutdown. */
export async function openStorage(config: AppConfig['storage']): Promise<StoragePort> {
  if (config.kind === 's3') return new S3Storage(config);
  if (config.root) return new FilesystemStorage(config.root);
  return new FilesystemStorage(await mkdtemp(join(tmpdir(), 'ihosi-uploads-')), true);
}
