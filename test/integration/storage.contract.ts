import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoragePort } from '../../src/common/storage/storage.port.js';

/** A store under test and how to end it (and whatever server it talks to). */
export interface StorageSubject {
  storage: StoragePort;
  close(): Promise<void>;
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** One suite for every backend: the filesystem default must behave as S3 does. */
export function describeStorageContract(name: string, open: () => Promise<StorageSubject>): void {
  describe(`storage contract: ${name}`, () => {
    let subject: StorageSubject;
    let storage: StoragePort;
    const key = (what: string) => `contract/${randomBytes(4).toString('hex')}/${what}`;

    beforeAll(async () => {
      subject = await open();
      storage = subject.storage;
    }, 30_000);
    afterAll(() => subject?.close());

    it('answers ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('gives back exactly the bytes, size and content type it was given', async () => {
      const k = key('photo.webp');
      const body = randomBytes(300_000);
      await storage.put(k, body, 'image/webp');
      const stored = await storage.get(k);
      expect(stored).not.toBeNull();
      expect(stored!.size).toBe(body.length);
      expect(stored!.contentType).toBe('image/webp');
      expect((await readAll(stored!.body)).equals(body)).toBe(true);
    });

    it('returns null for a key that was never written', async () => {
      expect(await storage.get(key('missing.bin'))).toBeNull();
    });

    it('replaces an object written again under the same key', async () => {
      const k = key('doc.bin');
      await storage.put(k, Buffer.from('first'), 'application/octet-stream');
      await storage.put(k, Buffer.from('second'), 'application/pdf');
      const stored = await storage.get(k);
      expect((await readAll(stored!.body)).toString()).toBe('second');
      expect(stored!.contentType).toBe('application/pdf');
    });

    it('deletes, and deleting a missing key is not an error', async () => {
      const k = key('gone.bin');
      await storage.put(k, Buffer.from('x'), 'application/octet-stream');
      await storage.delete(k);
      expect(await storage.get(k)).toBeNull();
      await expect(storage.delete(k)).resolves.toBeUndefined();
    });

    it('stores an empty object', async () => {
      const k = key('empty.bin');
      await storage.put(k, Buffer.alloc(0), 'application/octet-stream');
      const stored = await storage.get(k);
      expect(stored!.size).toBe(0);
      expect((await readAll(stored!.body)).length).toBe(0);
    });

    it('refuses keys that could leave the store', async () => {
      for (const bad of ['../etc/passwd', '/abs/path', 'a/../../b', 'Upper/case', 'a//b', '', 'a/./b']) {
        await expect(storage.put(bad, Buffer.from('x'), 'text/plain'), bad).rejects.toThrow(/invalid storage key/);
        await expect(storage.get(bad), bad).rejects.toThrow(/invalid storage key/);
      }
    });
  });
}
