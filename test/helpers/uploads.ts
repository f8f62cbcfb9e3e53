import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { InjectOptions } from 'light-my-request';
import sharp from 'sharp';
import { FilesystemStorage } from '../../src/common/storage/filesystem.storage.js';
import { STORAGE, type StoragePort } from '../../src/common/storage/storage.port.js';
import { bearer } from './auth.js';
import type { TestApp } from './test-app.js';

const BOUNDARY = '----ihosi-test-boundary';

/** A multipart/form-data body with one file part (and the raw bytes, to cut it short). */
export function multipartBody(data: Buffer, options: { field?: string; filename?: string; contentType?: string } = {}): Buffer {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'upload.bin'}"\r\nContent-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

export function upload(t: TestApp, method: 'PUT' | 'POST', url: string, token: string, body: Buffer): ReturnType<TestApp['request']> {
  const options: InjectOptions = { method, url, headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: body };
  return t.request(options);
}

/** Every key the app's file store holds (the embedded filesystem store of the test app). */
export async function storedKeys(t: TestApp): Promise<string[]> {
  const storage = t.app.get<StoragePort>(STORAGE);
  if (!(storage instanceof FilesystemStorage)) throw new Error('storedKeys reads the filesystem store only');
  const files = await readdir(storage.root, { recursive: true, withFileTypes: true }).catch(() => []);
  return files
    .filter((f) => f.isFile() && !f.name.endsWith('.type'))
    .map((f) => relative(storage.root, join(f.parentPath, f.name)))
    .sort();
}

/** A real JPEG with EXIF and GPS tags, as a phone writes it. */
export function jpegWithGps(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Leaky 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 0/1' } })
    .jpeg()
    .toBuffer();
}

export function png(width = 300, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 200, b: 90, alpha: 1 } } })
    .png()
    .toBuffer();
}
