import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_CONFIG } from '../../../src/common/core/tokens.js';
import { FileCipher } from '../../../src/common/crypto/file-cipher.js';
import { STORAGE, type StoragePort } from '../../../src/common/storage/storage.port.js';
import type { AppConfig } from '../../../src/config/config.js';
import { DATABASE, type Database } from '../../../src/db/database.js';
import { rotateDocumentFiles } from '../../../src/modules/doctors/documents/document-key-rotation.js';
import { bearer, persistentDatabase } from '../../helpers/auth.js';
import { queryRows } from '../../helpers/db.js';
import { createDoctor } from '../../helpers/factories.js';
import { multipartBody, upload } from '../../helpers/uploads.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const keyA = `a:${randomBytes(32).toString('base64')}`;
const keyB = `b:${randomBytes(32).toString('base64')}`;
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1500), Buffer.from('\n%%EOF\n')]);

describe('npm run keys:rotate: verification documents', () => {
  let database: Awaited<ReturnType<typeof persistentDatabase>>;
  let uploads: string;
  const started: TestApp[] = [];
  /** An app on the same database and the same file store as the others, with `keys`. */
  const start = async (keys: string) => {
    // The embedded lane keeps database and files under one DATA_DIR; on PostgreSQL the files get their own.
    const t = await startTestApp({ databaseUrl: database.databaseUrl, env: { DATA_DIR: uploads, ...database.env, DATA_ENCRYPTION_KEYS: keys } });
    started.push(t);
    return t;
  };
  beforeAll(async () => {
    database = await persistentDatabase();
    uploads = await mkdtemp(join(tmpdir(), 'ihosi-rotate-files-'));
  });
  afterAll(async () => {
    for (const t of started) await t.close().catch(() => undefined);
    await database.cleanup();
    await rm(uploads, { recursive: true, force: true });
  });

  it('rewrites files under older keys under the first key, in batches, idempotently; then the old key can go', async () => {
    const first = await start(keyA);
    const doctor = await createDoctor(first, { status: 'pending' });
    const files = [pdf(), pdf(), pdf()];
    const ids: string[] = [];
    for (const file of files) {
      const created = await upload(first, 'POST', '/api/v1/doctors/me/documents?kind=licence', doctor.token, multipartBody(file, { filename: 'licence.pdf' }));
      expect(created.statusCode, created.body).toBe(201);
      ids.push((created.json() as { id: string }).id);
    }
    await first.close();

    const second = await start(`${keyB},${keyA}`);
    const db = second.app.get<Database>(DATABASE);
    const storage = second.app.get<StoragePort>(STORAGE);
    const cipher = new FileCipher(second.app.get<AppConfig>(APP_CONFIG).encryption.keys);
    expect(await rotateDocumentFiles(db, storage, cipher, { batchSize: 2 })).toEqual({ reencrypted: 3, remaining: 0 });
    const keyIds = await queryRows<{ key_id: string }>(second, sql`select key_id from doctor_documents`);
    expect(keyIds.map((r) => r.key_id)).toEqual(['b', 'b', 'b']);
    expect(await rotateDocumentFiles(db, storage, cipher)).toEqual({ reencrypted: 0, remaining: 0 });
    await second.close();

    // Key A is gone: every file still reads, byte for byte.
    const third = await start(keyB);
    for (const [i, id] of ids.entries()) {
      const read = await third.request({ method: 'GET', url: `/api/v1/doctors/me/documents/${id}`, headers: bearer(doctor.token) });
      expect(read.statusCode, read.body).toBe(200);
      expect(read.rawPayload.equals(files[i]!)).toBe(true);
    }
  });
});
