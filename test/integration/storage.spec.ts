import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesystemStorage } from '../../src/common/storage/filesystem.storage.js';
import { S3Storage, type S3StorageConfig } from '../../src/common/storage/s3.storage.js';
import { startS3rver } from '../helpers/s3-server.js';
import { startSilentServer } from '../helpers/silent-server.js';
import { describeStorageContract } from './storage.contract.js';

/** The bucket, credentials and addressing s3rver (startS3rver) answers to. */
function s3rverSettings(endpoint: string): S3StorageConfig {
  return { endpoint, bucket: 'ihosi-test', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'app/' };
}

describeStorageContract('filesystem', async () => {
  const root = await mkdtemp(join(tmpdir(), 'storage-contract-'));
  const storage = new FilesystemStorage(root);
  return { storage, close: async () => rm(root, { recursive: true, force: true }) };
});

describeStorageContract('s3 (s3rver)', async () => {
  const server = await startS3rver('ihosi-test');
  const storage = new S3Storage(s3rverSettings(server.endpoint));
  return {
    storage,
    close: async () => {
      await storage.close();
      await server.close();
    },
  };
});

describe('filesystem storage', () => {
  it('leaves no temporary file behind after a write', async () => {
    const root = await mkdtemp(join(tmpdir(), 'storage-fs-'));
    const storage = new FilesystemStorage(root);
    await storage.put('a/b.bin', Buffer.from('x'), 'application/octet-stream');
    expect((await readdir(join(root, 'a'))).sort()).toEqual(['b.bin', 'b.bin.type']);
    await rm(root, { recursive: true, force: true });
  });

  it('removes its temporary root on close when asked to', async () => {
    const root = await mkdtemp(join(tmpdir(), 'storage-fs-'));
    const storage = new FilesystemStorage(root, true);
    await storage.put('x.bin', Buffer.from('x'), 'application/octet-stream');
    await storage.close();
    await expect(readdir(root)).rejects.toThrow(/ENOENT/);
  });
});

describe('s3 storage against a store that accepts connections and never answers', () => {
  it('fails every call at its deadline instead of waiting for good', async () => {
    const silent = await startSilentServer();
    const storage = new S3Storage({ ...s3rverSettings(`http://127.0.0.1:${silent.port}`), requestTimeoutMs: 300 });
    try {
      // The SDK's retries (three tries) each meet the deadline; what counts is that they end.
      await expect(storage.ping()).rejects.toThrow();
      await expect(storage.get('a/b.bin')).rejects.toThrow();
      await expect(storage.put('a/b.bin', Buffer.from('x'), 'application/octet-stream')).rejects.toThrow();
      expect(silent.connections()).toBeGreaterThan(0);
    } finally {
      await storage.close();
      await silent.close();
    }
  });
});
