import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemStorage } from '../../../src/common/storage/filesystem.storage.js';
import { STORAGE } from '../../../src/common/storage/storage.port.js';
import { bearer } from '../../helpers/auth.js';
import { adminToken, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createDoctor, type TestDoctor } from '../../helpers/factories.js';
import { queryRows } from '../../helpers/db.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';
import { multipartBody, png, storedKeys, upload } from '../../helpers/uploads.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`licence ${randomBytes(8).toString('hex')} `), randomBytes(2000), Buffer.from('\n%%EOF\n')]);

describe('verification documents', () => {
  let t: TestApp;
  let admin: string;
  let doctor: TestDoctor;
  let other: TestDoctor;
  const post = (body: Buffer, token = doctor.token, kind = 'licence') => upload(t, 'POST', `/api/v1/doctors/me/documents?kind=${kind}`, token, body);
  const auditRows = (action: string, id: string) => queryRows<{ actor_id: string }>(t, sql`select actor_id from audit_events where action = ${action} and resource_id = ${id}`);

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
    doctor = await createDoctor(t, { status: 'pending' });
    other = await createDoctor(t, { admin });
  });
  afterAll(() => t.close());

  it('tells admins that a pending profile has no document yet', async () => {
    const queue = (await t.request({ method: 'GET', url: '/api/v1/admin/doctors?status=pending&limit=100', headers: bearer(admin) })).json().data as { id: string; verificationDocumentCount: number }[];
    expect(queue.find((d) => d.id === doctor.doctorId)?.verificationDocumentCount).toBe(0);
  });

  it('stores the file encrypted, lets the doctor and admins read it back (audited), and no one else', async () => {
    const created = await post(multipartBody(PDF, { filename: '../../licence.pdf', contentType: 'image/png' }));
    expect(created.statusCode, created.body).toBe(201);
    const doc = created.json() as { id: string; contentType: string; fileName: string; sizeBytes: number };
    expect(doc).toMatchObject({ contentType: 'application/pdf', fileName: 'licence.pdf', sizeBytes: PDF.length, kind: 'licence' });

    // At rest: not the plaintext.
    const storage = t.app.get(STORAGE) as FilesystemStorage;
    const [key] = (await storedKeys(t)).filter((k) => k.includes(doc.id));
    const atRest = await readFile(join(storage.root, key!));
    expect(atRest.includes(PDF.subarray(0, 30))).toBe(false);

    const mine = await t.request({ method: 'GET', url: `/api/v1/doctors/me/documents/${doc.id}`, headers: bearer(doctor.token) });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(mine.headers['cache-control']).toBe('private, no-store');
    expect(mine.rawPayload.equals(PDF)).toBe(true);
    const byAdmin = await t.request({ method: 'GET', url: `/api/v1/admin/doctors/${doctor.doctorId}/documents/${doc.id}`, headers: bearer(admin) });
    expect(byAdmin.rawPayload.equals(PDF)).toBe(true);
    expect(await auditRows('doctor_document.view', doc.id)).toHaveLength(2);

    expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/me/documents/${doc.id}`, headers: bearer(other.token) }), 404, 'NOT_FOUND');
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/admin/doctors/${doctor.doctorId}/documents/${doc.id}`, headers: bearer(other.token) }), 403, 'FORBIDDEN');
    const list = (await t.request({ method: 'GET', url: `/api/v1/admin/doctors/${doctor.doctorId}/documents`, headers: bearer(admin) })).json() as { id: string }[];
    expect(list.map((d) => d.id)).toEqual([doc.id]);
    const queue = (await t.request({ method: 'GET', url: '/api/v1/admin/doctors?status=pending&limit=100', headers: bearer(admin) })).json().data as { id: string; verificationDocumentCount: number }[];
    expect(queue.find((d) => d.id === doctor.doctorId)?.verificationDocumentCount).toBe(1);
    // The public profile says nothing of documents.
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${other.doctorId}` })).json()).not.toHaveProperty('verificationDocumentCount');
  });

  it('an admin deletes a document: audited, and its file is gone', async () => {
    const doc = (await post(multipartBody(await png()), doctor.token, 'board_certificate')).json() as { id: string; contentType: string };
    expect(doc.contentType).toBe('image/png');
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/admin/doctors/${doctor.doctorId}/documents/${doc.id}`, headers: bearer(admin) });
    expect(removed.statusCode).toBe(204);
    expect((await storedKeys(t)).filter((k) => k.includes(doc.id))).toEqual([]);
    expect(await auditRows('doctor_document.delete', doc.id)).toHaveLength(1);
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/me/documents/${doc.id}`, headers: bearer(doctor.token) }), 404, 'NOT_FOUND');
  });

  describe('refused uploads leave nothing behind', () => {
    const refusals: [string, () => Buffer, number, string][] = [
      ['over 10 MB', () => multipartBody(Buffer.concat([PDF, randomBytes(10 * 1024 * 1024)])), 413, 'PAYLOAD_TOO_LARGE'],
      ['a WebP (not a document type)', () => multipartBody(Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 '), randomBytes(100)])), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['zero bytes', () => multipartBody(Buffer.alloc(0)), 400, 'UPLOAD_EMPTY'],
      ['a body cut off inside the file', () => multipartBody(PDF).subarray(0, 1000), 400, 'UPLOAD_INCOMPLETE'],
    ];
    it.each(refusals)('%s', async (_name, body, status, code) => {
      const before = await storedKeys(t);
      const [{ count: rowsBefore } = { count: -1 }] = await queryRows<{ count: number }>(t, sql`select count(*)::int as count from doctor_documents`);
      expectProblem(await post(body()), status, code);
      expect(await storedKeys(t)).toEqual(before);
      const [{ count: rowsAfter } = { count: -2 }] = await queryRows<{ count: number }>(t, sql`select count(*)::int as count from doctor_documents`);
      expect(rowsAfter).toBe(rowsBefore);
    });

    it('an unknown kind is 400', async () => {
      expectProblem(await post(multipartBody(PDF), doctor.token, 'selfie'), 400, 'VALIDATION_FAILED');
    });
  });
});
