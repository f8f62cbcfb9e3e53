import { multipartBody, png, upload } from '../../helpers/uploads.js';
import type { Response } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHEABLE_READS } from '../../../src/common/http/caching/cache-policy.js';
import { startDoctorsTestApp } from '../../helpers/doctors.js';
import { createBookableDoctor, createPatient, patchMe, profile, type BookableDoctor } from '../../helpers/factories.js';
import { bookOk, setNow } from '../../helpers/scheduling.js';
import { nestRoutes } from '../../helpers/routes.js';
import type { TestApp } from '../../helpers/test-app.js';

// A Monday; the slots asked for are a week later.
const NOW = '2027-03-01T00:00:00.000Z';
const DAY = '2027-03-08';
const STRONG_TAG = /^"[A-Za-z0-9_-]{43}"$/;
const DIRECTORY = 'public, max-age=60, stale-while-revalidate=300';

describe('HTTP caching of public reads', () => {
  let t: TestApp;
  let doctor: BookableDoctor;
  /** One URL per cacheable read, with the Cache-Control it must carry. */
  let reads: { url: string; cacheControl: string }[];

  const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') => t.request({ method, url, headers });
  const slotsUrl = () => `/api/v1/doctors/${doctor.doctorId}/slots?${new URLSearchParams({ appointmentTypeId: doctor.typeId, from: DAY, to: DAY })}`;
  const etagOf = (response: Response) => String(response.headers.etag);

  beforeAll(async () => {
    t = await startDoctorsTestApp();
    setNow(t, NOW);
    doctor = await createBookableDoctor(t, { profile: profile({ bio: 'Listens first.' }) });
    const id = doctor.doctorId;
    const uploaded = await upload(t, 'PUT', '/api/v1/doctors/me/photo', doctor.token, multipartBody(await png()));
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    const photo = uploaded.json() as { small: string };
    reads = [
      { url: '/api/v1/specialties', cacheControl: 'public, max-age=3600' },
      { url: '/api/v1/insurance-plans', cacheControl: DIRECTORY },
      { url: `/api/v1/doctors?specialty=cardiology`, cacheControl: DIRECTORY },
      { url: `/api/v1/doctors/${id}`, cacheControl: DIRECTORY },
      { url: `/api/v1/doctors/${id}/reviews`, cacheControl: DIRECTORY },
      { url: `/api/v1/doctors/${id}/availability`, cacheControl: DIRECTORY },
      { url: `/api/v1/doctors/${id}/appointment-types`, cacheControl: DIRECTORY },
      { url: slotsUrl(), cacheControl: 'no-cache' },
      { url: photo.small, cacheControl: 'public, max-age=31536000, immutable' },
      // SMART Scheduling Links: the manifest names the latest change, so it too stays the same while nothing changes.
      ...['', '/Location.ndjson', '/Schedule.ndjson', '/Slot.ndjson'].map((file) => ({ url: `/fhir/R4/$bulk-publish${file}`, cacheControl: 'public, max-age=300' })),
    ];
  });
  afterAll(() => t.close());

  it('lists only public GET routes as cacheable, and every one of them is exercised here', () => {
    const routes = nestRoutes(t);
    for (const template of CACHEABLE_READS.keys()) {
      const route = routes.find((r) => r.method === 'GET' && r.url === template);
      expect(route?.policy, template).toEqual({ kind: 'public' });
    }
    expect(reads).toHaveLength(CACHEABLE_READS.size);
  });

  it('gives each read its Cache-Control, a strong ETag of the body and Vary: Authorization', async () => {
    for (const read of reads) {
      const response = await get(read.url);
      expect(response.statusCode, `${read.url} ${response.body}`).toBe(200);
      expect(response.headers['cache-control'], read.url).toBe(read.cacheControl);
      expect(response.headers.etag, read.url).toMatch(STRONG_TAG);
      expect(String(response.headers.vary), read.url).toMatch(/\bAuthorization\b/);
    }
  });

  it('keeps the ETag while the resource is unchanged', async () => {
    for (const read of reads) expect(etagOf(await get(read.url)), read.url).toBe(etagOf(await get(read.url)));
  });

  it('answers 304 with no body, the same ETag, Cache-Control and Vary to a matching If-None-Match', async () => {
    for (const read of reads) {
      const full = await get(read.url);
      const notModified = await get(read.url, { 'if-none-match': etagOf(full) });
      expect(notModified.statusCode, read.url).toBe(304);
      expect(notModified.body, read.url).toBe('');
      expect(notModified.headers['content-length'], read.url).toBeUndefined();
      expect(notModified.headers['content-type'], read.url).toBeUndefined();
      expect(notModified.headers.etag, read.url).toBe(full.headers.etag);
      expect(notModified.headers['cache-control'], read.url).toBe(read.cacheControl);
      expect(notModified.headers.vary, read.url).toBe(full.headers.vary);
    }
  });

  it('matches a tag in a list, a weak form of the tag and *; a tag that differs gets the full 200', async () => {
    const url = `/api/v1/doctors/${doctor.doctorId}`;
    const full = await get(url);
    const tag = etagOf(full);
    for (const field of [`"stale", ${tag}`, `W/${tag}`, '*']) expect((await get(url, { 'if-none-match': field })).statusCode, field).toBe(304);
    for (const field of ['"stale"', `"${tag.slice(1, -2)}"`, 'W/"stale", "older"']) {
      const response = await get(url, { 'if-none-match': field });
      expect(response.statusCode, field).toBe(200);
      expect(response.body).toBe(full.body);
      expect(response.headers.etag).toBe(tag);
    }
  });

  it('changes the profile’s ETag when the doctor edits it, and the old tag then gets the new body', async () => {
    const url = `/api/v1/doctors/${doctor.doctorId}`;
    const before = await get(url);
    expect((await patchMe(t, doctor.token, { bio: 'Listens first, then examines.' })).statusCode).toBe(200);
    const stale = await get(url, { 'if-none-match': etagOf(before) });
    expect(stale.statusCode).toBe(200);
    expect(stale.json().bio).toBe('Listens first, then examines.');
    expect(etagOf(stale)).not.toBe(etagOf(before));
    expect((await get(url, { 'if-none-match': etagOf(stale) })).statusCode).toBe(304);
  });

  it('changes the slots’ ETag when a booking takes a slot', async () => {
    const before = await get(slotsUrl());
    const patient = await createPatient(t);
    await bookOk(t, patient.token, doctor, (before.json().slots as { start: string }[])[0]!.start);
    const after = await get(slotsUrl(), { 'if-none-match': etagOf(before) });
    expect(after.statusCode).toBe(200);
    expect(after.json().slots).toHaveLength(before.json().slots.length - 1);
    expect(etagOf(after)).not.toBe(etagOf(before));
  });

  it('answers HEAD like GET: the same headers and ETag, 304 on a match, never a body', async () => {
    for (const read of reads) {
      const full = await get(read.url);
      const head = await get(read.url, {}, 'HEAD');
      expect(head.statusCode, read.url).toBe(200);
      expect(head.body, read.url).toBe('');
      expect(head.headers.etag, read.url).toBe(full.headers.etag);
      expect(head.headers['cache-control'], read.url).toBe(read.cacheControl);
      const notModified = await get(read.url, { 'if-none-match': etagOf(full) }, 'HEAD');
      expect(notModified.statusCode, read.url).toBe(304);
      expect(notModified.body, read.url).toBe('');
      expect(notModified.headers.etag, read.url).toBe(full.headers.etag);
    }
  });
});
