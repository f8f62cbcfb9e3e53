import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { assertStorageKey, type StoragePort, type StoredObject } from './storage.port.js';

export interface S3StorageConfig {
  endpoint: string | null;
  bucket: string;
  region: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
  /** Prepended to every key (several deployments can share a bucket). */
  prefix: string;
  /** Tests only: how long a request may take (S3_REQUEST_TIMEOUT_MS by default). */
  requestTimeoutMs?: number;
}

/**
 * The SDK sets no timeout at all by default, so a store that accepts a connection and stalls
 * would hold the request (a public photo, a document) and its socket for good: up to 50
 * sockets, then every S3 call queues. A connection must open within 3 s, a request be answered
 * within 15 s, and a socket never go silent for longer than that.
 */
const S3_CONNECT_TIMEOUT_MS = 3_000;
const S3_REQUEST_TIMEOUT_MS = 15_000;

/** Any S3-compatible service through @aws-sdk/client-s3 (MinIO and s3rver want path-style). */
export class S3Storage implements StoragePort {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly config: S3StorageConfig) {
    const requestTimeoutMs = config.requestTimeoutMs ?? S3_REQUEST_TIMEOUT_MS;
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      requestHandler: {
        connectionTimeout: S3_CONNECT_TIMEOUT_MS,
        requestTimeout: requestTimeoutMs,
        throwOnRequestTimeout: true,
        socketTimeout: requestTimeoutMs,
      },
      ...(config.accessKeyId && config.secretAccessKey
        ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
        : {}),
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.key(key), Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
      return { body: out.Body as Readable, size: out.ContentLength ?? 0, contentType: out.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private key(key: string): string {
    assertStorageKey(key);
    return `${this.config.prefix}${key}`;
  }
}
