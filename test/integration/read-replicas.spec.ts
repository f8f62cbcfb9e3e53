import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE, type Database, type Db } from '../../src/db/database.js';
import { bearer, login } from '../helpers/auth.js';
import { createBookableDoctor, createPatient, patchMe, type BookableDoctor, type TestPatient } from '../helpers/factories.js';
import { expectProblem } from '../helpers/http.js';
import { onRealPostgres } from '../helpers/lanes.js';
import { startStreamingPair, type StreamingPair } from '../helpers/replica-cluster.js';
import { book, bookOk, setNow } from '../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const DAY = '2027-03-02';
const SLOT = '2027-03-02T10:00:00.000Z';
const FELL_BACK = 'database replica unreachable; its reads run on the primary';

async function inRecovery(db: Pick<Db, 'execute'>): Promise<boolean> {
  const result = (await db.execute(sql`select pg_is_in_recovery() as standby`)) as unknown as { rows: { standby: boolean }[] };
  return result.rows[0]!.standby;
}

// Needs PostgreSQL's binaries and a server to copy, so the real lane only (where it must run).
describe.skipIf(!onRealPostgres)('read replicas (a streaming replica made with pg_basebackup for this test)', () => {
  let pair: StreamingPair;
  let t: TestApp;
  let database: Database;
  let doctor: BookableDoctor;
  let patient: TestPatient;

  beforeAll(async () => {
    pair = await startStreamingPair();
    // A long window, so that "the writer reads the primary" cannot expire mid-test.
    t = await startTestApp({ databaseUrl: pair.primaryUrl, env: { DATABASE_REPLICA_URLS: pair.replicaUrl, REPLICA_READ_AFTER_WRITE_SECONDS: '120' } });
    setNow(t, NOW);
    database = t.app.get<Database>(DATABASE);
    doctor = await createBookableDoctor(t);
    // Signing up is no signed-in write: this patient has written nothing yet.
    patient = await createPatient(t);
    await pair.caughtUp();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await pair?.destroy();
  });

  const profile = (doctorId: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url: `/api/v1/doctors/${doctorId}`, headers });
  const slots = async (headers: Record<string, string> = {}) => {
    const response = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/slots?appointmentTypeId=${doctor.typeId}&from=${DAY}&to=${DAY}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().slots as { start: string }[]).map((s) => s.start);
  };

  it('runs the reader’s statements on the replica and its transactions on the primary', async () => {
    expect(await inRecovery(database.reader)).toBe(true);
    expect(await database.reader.transaction((tx) => inRecovery(tx))).toBe(false);
    expect(await inRecovery(database.db)).toBe(false);
  });

  it('answers public reads from the replica, and the writer’s own reads and every decision from the primary', async () => {
    const bio = 'Written while the replica stood still.';
    await pair.pauseReplay();
    try {
      expect((await patchMe(t, doctor.token, { bio })).statusCode).toBe(200);
      // Anonymous, and signed in without a write of their own: the replica, which has not replayed it.
      expect((await profile(doctor.doctorId)).json().bio).not.toBe(bio);
      expect((await profile(doctor.doctorId, bearer(patient.token))).json().bio).not.toBe(bio);
      // The writer: the primary, past the cache entry the replica's answer has just filled.
      expect((await profile(doctor.doctorId, bearer(doctor.token))).json().bio).toBe(bio);

      // The booking is decided on the primary; the patient who booked sees it in the listing, others not yet.
      await bookOk(t, patient.token, doctor, SLOT);
      expect(await slots()).toContain(SLOT);
      expect(await slots(bearer(patient.token))).not.toContain(SLOT);
      const other = await createPatient(t);
      expectProblem(await book(t, other.token, { doctorId: doctor.doctorId, appointmentTypeId: doctor.typeId, start: SLOT }), 409, 'SLOT_TAKEN');

      // A doctor only the primary knows yet: not on public pages, yet signing in and booking find them.
      const newcomer = await createBookableDoctor(t);
      expectProblem(await profile(newcomer.doctorId), 404, 'NOT_FOUND');
      expect((await login(t, newcomer.email, newcomer.password)).statusCode).toBe(200);
      await bookOk(t, other.token, newcomer, SLOT);
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
    expect((await profile(doctor.doctorId)).json().bio).toBe(bio);
  });

  it('sends public reads to the primary while the replica is down, says so once, and stays ready', async () => {
    await pair.stopReplica();
    for (let i = 0; i < 3; i++) {
      const reviews = await t.request({ method: 'GET', url: `/api/v1/doctors/${doctor.doctorId}/reviews` });
      expect(reviews.statusCode, reviews.body).toBe(200);
    }
    expect(await inRecovery(database.reader)).toBe(false);
    expect(t.logs.filter((line) => line.msg === FELL_BACK)).toHaveLength(1);
    expect((await t.request({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});
