import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlotCache } from '../../../src/modules/scheduling/slots/slot.cache.js';
import { bearer } from '../../helpers/auth.js';
import { setNow } from '../../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createBookableDoctor } from '../../helpers/factories.js';

const NOW = '2027-03-01T00:00:00.000Z';

// A UUID is the same id in either case; the slot cache must not keep a second, never-bumped
// generation for the upper-case spelling of a doctor's id.
describe('slot cache and the spelling of the doctor id', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
  });
  afterAll(() => t.close());

  it('shows a change in the very next response whatever the case of the id in the URL', async ({ skip }) => {
    if (!t.app.get(SlotCache, { strict: false }).enabled) skip(); // PostgreSQL with a process-local cache: no slot caching
    const doctor = await createBookableDoctor(t, { weekly: [{ day: 'monday', start: '09:00', end: '11:00' }] });
    const starts = async () => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/doctors/${doctor.doctorId.toUpperCase()}/slots`,
        query: { appointmentTypeId: doctor.typeId, from: '2027-03-08', to: '2027-03-08' },
      });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().slots as { start: string }[]).map((s) => s.start);
    };
    expect(await starts()).toHaveLength(4);
    const off = await t.request({ method: 'POST', url: '/api/v1/doctors/me/time-off', headers: bearer(doctor.token), payload: { start: '2027-03-08T09:00:00Z', end: '2027-03-08T10:00:00Z' } });
    expect(off.statusCode, off.body).toBe(201);
    expect(await starts()).toEqual(['2027-03-08T10:00:00.000Z', '2027-03-08T10:30:00.000Z']);
  });
});
