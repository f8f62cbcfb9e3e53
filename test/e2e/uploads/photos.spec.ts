import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, registerUser } from '../../helpers/auth.js';
import { adminToken, startDoctorsTestApp } from '../../helpers/doctors.js';
import { createDoctor, type TestDoctor } from '../../helpers/factories.js';
import { expectProblem } from '../../helpers/http.js';
import type { TestApp } from '../../helpers/test-app.js';
import { jpegWithGps, multipartBody, png, storedKeys, upload } from '../../helpers/uploads.js';

describe('doctor photos', () => {
  let t: TestApp;
  let admin: string;
  let doctor: TestDoctor;
  const put = (body: Buffer, token = doctor.token) => upload(t, 'PUT', '/api/v1/doctors/me/photo', token, body);

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    admin = await adminToken(t);
  });
  beforeEach(async () => {
    doctor = await createDoctor(t, { admin });
  });
  afterAll(() => t.close());

  it('stores three WebP sizes without EXIF or GPS, and profiles and cards carry content-hashed paths', async () => {
    const jpeg = await jpegWithGps();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const response = await put(multipartBody(jpeg, { filename: 'me.jpg', contentType: 'image/jpeg' }));
    expect(response.statusCode, response.body).toBe(200);
    const photo = response.json() as { small: string; medium: string; large: string };
    expect(photo.small).toMatch(new RegExp(`^/api/v1/doctors/${doctor.doctorId}/photos/[0-9a-f]{16}-128\\.webp$`));
    for (const [url, edge] of [[photo.small, 128], [photo.medium, 256], [photo.large, 512]] as const) {
      const image = await t.request({ method: 'GET', url });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe('image/webp');
      expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(image.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: edge, height: edge });
      expect(meta.exif).toBeUndefined();
      expect(image.rawPayload.includes(Buffer.from('PhoneCo'))).toBe(false);
      // Signed in, the same bytes, but never cacheable (the rule for every signed-in answer).
      const signedIn = await t.request({ method: 'GET', url, headers: bearer(doctor.token) });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.headers['cache-control']).toBe('private, no-store');
      expect(signedIn.headers.etag).toBeUndefined();
    }
    expect((await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}` })).json().photo).toEqual(photo);
    const cards = (await t.request({ method: 'GET', url: `/api/v1/doctors?q=${encodeURIComponent(doctor.fullName)}&limit=50` })).json().data as { id: string; photo: unknown }[];
    expect(cards.find((c) => c.id === doctor.doctorId)?.photo).toEqual(photo);
  });

  it('gives a new photo new paths and removes the old files; DELETE removes the photo and its files', async () => {
    const first = (await put(multipartBody(await png(300, 200)))).json() as { small: string };
    const second = await put(multipartBody(await png(200, 300)));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().small).not.toBe(first.small);
    expect((await t.request({ method: 'GET', url: first.small })).statusCode).toBe(404);
    const mine = (await storedKeys(t)).filter((k) => k.includes(doctor.doctorId));
    expect(mine).toHaveLength(3);
    const removed = await t.request({ method: 'DELETE', url: '/api/v1/doctors/me/photo', headers: bearer(doctor.token) });
    expect(removed.statusCode).toBe(204);
    expect((await storedKeys(t)).filter((k) => k.includes(doctor.doctorId))).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/v1/doctors/me', headers: bearer(doctor.token) })).json().photo).toBeNull();
    expect((await t.request({ method: 'DELETE', url: '/api/v1/doctors/me/photo', headers: bearer(doctor.token) })).statusCode).toBe(204);
  });

  describe('refused uploads leave nothing behind', () => {
    const refusals: [string, () => Promise<Buffer>, number, string][] = [
      ['over 5 MB', async () => multipartBody(Buffer.concat([await png(), randomBytes(5 * 1024 * 1024)])), 413, 'PAYLOAD_TOO_LARGE'],
      ['a PDF named .jpg', async () => multipartBody(Buffer.from('%PDF-1.7\n...'), { filename: 'me.jpg', contentType: 'image/jpeg' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['PNG magic with no image after it', async () => multipartBody((await png()).subarray(0, 40)), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['zero bytes', async () => multipartBody(Buffer.alloc(0)), 400, 'UPLOAD_EMPTY'],
      ['a body cut off inside the file', async () => multipartBody(await png()).subarray(0, 400), 400, 'UPLOAD_INCOMPLETE'],
      ['the file in another field', async () => multipartBody(await png(), { field: 'photo' }), 400, 'VALIDATION_FAILED'],
    ];
    it.each(refusals)('%s', async (_name, body, status, code) => {
      const before = await storedKeys(t);
      expectProblem(await put(await body()), status, code);
      expect(await storedKeys(t)).toEqual(before);
      expect((await t.request({ method: 'GET', url: '/api/v1/doctors/me', headers: bearer(doctor.token) })).json().photo).toBeNull();
    });

    it('a JSON body is 415', async () => {
      const response = await t.request({ method: 'PUT', url: '/api/v1/doctors/me/photo', headers: bearer(doctor.token), payload: { file: 'x' } });
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('is for doctors only, and an unknown photo path is 404', async () => {
    const patient = await registerUser(t);
    expectProblem(await put(multipartBody(await png()), patient.accessToken), 403, 'FORBIDDEN');
    expectProblem(await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/photos/0123456789abcdef-128.webp` }), 404, 'NOT_FOUND');
  });
});
