import type { Readable } from 'node:stream';

/**
 * Where uploaded files live: the local filesystem under DATA_DIR (the embedded default) or an
 * S3-compatible service (MinIO, AWS S3, Cloudflare R2). Both pass one contract suite
 * (test/integration/storage.contract.ts). Keys are relative paths of lower-case letters,
 * digits and `-_.` segments separated by `/`; nothing else reaches a backend.
 */
export interface StoragePort {
  readonly kind: 'filesystem' | 's3';
  /** Writes the whole object; replaces one with the same key. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object's bytes as a stream, or null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Resolves when the backend answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoredObject {
  body: Readable;
  size: number;
  contentType: string;
}

export const STORAGE = Symbol('STORAGE');

const KEY = /^[a-z0-9][a-z0-9_.-]{0,127}(\/[a-z0-9][a-z0-9_.-]{0,127}){0,7}$/;

/** Refuses any key that could leave its root (`..`, absolute paths, odd characters). */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new Error(`invalid storage key: ${JSON.stringify(key.slice(0, 200))}`);
  }
}
