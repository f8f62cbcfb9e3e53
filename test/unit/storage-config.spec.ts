import { describe, expect, it } from 'vitest';
import { loadConfig, MEMORY_DATA_DIR } from '../../src/config/config.js';
import { assertStorageKey } from '../../src/common/storage/storage.port.js';
import { PRODUCTION_ENV, problemsOf } from '../helpers/config.js';

describe('storage configuration', () => {
  it('keeps uploads under DATA_DIR/uploads by default, and in a temporary directory for memory://', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/ihosi' }).storage).toEqual({ kind: 'filesystem', root: '/var/lib/ihosi/uploads' });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR }).storage).toEqual({ kind: 'filesystem', root: null });
  });

  it('warns in production that files kept under DATA_DIR need a persistent volume every instance mounts, and not with S3 or outside production', () => {
    const production = { ...PRODUCTION_ENV, DATA_DIR: '/var/lib/ihosi' };
    const volumeWarning = /S3_BUCKET not set: .* kept in \/var\/lib\/ihosi\/uploads .* persistent volume that every instance mounts/;
    expect(loadConfig(production).warnings.join('\n')).toMatch(volumeWarning);
    expect(loadConfig({ ...production, S3_BUCKET: 'ihosi-uploads' }).warnings.join('\n')).not.toMatch(/S3_BUCKET not set/);
    expect(loadConfig({ DATA_DIR: '/var/lib/ihosi' }).warnings.join('\n')).not.toMatch(/S3_BUCKET not set/);
  });

  it('uses S3 when S3_BUCKET is set, path-style by default with an endpoint', () => {
    const storage = loadConfig({
      DATA_DIR: MEMORY_DATA_DIR,
      S3_BUCKET: 'ihosi-uploads',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'ihosi',
      S3_SECRET_ACCESS_KEY: 'secret-secret',
    }).storage;
    expect(storage).toMatchObject({ kind: 's3', bucket: 'ihosi-uploads', endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true, prefix: '' });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, S3_BUCKET: 'b-on-aws' }).storage).toMatchObject({ kind: 's3', endpoint: null, forcePathStyle: false, accessKeyId: null });
    expect(loadConfig({ DATA_DIR: MEMORY_DATA_DIR, S3_BUCKET: 'bucket', S3_ENDPOINT: 'https://r2.example', S3_FORCE_PATH_STYLE: 'false' }).storage).toMatchObject({ forcePathStyle: false });
  });

  it('refuses half a credential pair, S3 settings without a bucket, and bad names', () => {
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, S3_BUCKET: 'bucket', S3_ACCESS_KEY_ID: 'x' })).toMatch(/S3_SECRET_ACCESS_KEY /);
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, S3_ENDPOINT: 'http://minio:9000' })).toMatch(/S3_BUCKET /);
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, S3_BUCKET: 'Bad_Bucket' })).toMatch(/S3_BUCKET /);
    expect(problemsOf({ DATA_DIR: MEMORY_DATA_DIR, S3_BUCKET: 'bucket', S3_KEY_PREFIX: 'no-slash' })).toMatch(/S3_KEY_PREFIX /);
  });
});

describe('storage keys', () => {
  it('accepts lower-case relative paths and refuses anything that could escape', () => {
    expect(() => assertStorageKey('photos/4f1c/3a9b-512.webp')).not.toThrow();
    for (const bad of ['..', 'a/..', '/a', 'a\\b', 'a b', 'A', 'a//b', 'a/']) expect(() => assertStorageKey(bad), bad).toThrow();
  });
});
