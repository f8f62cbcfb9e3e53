import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus, type EventMap } from '../../src/common/events/event-bus.service.js';
import { createBookableDoctor, createPatient, type BookableDoctor } from '../helpers/factories.js';
import { appointmentAction, bookOk, setNow, slotStarts } from '../helpers/scheduling.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const NOW = '2027-03-01T00:00:00.000Z';
const MORNING = [{ day: 'monday', start: '09:00', end: '12:00' }];
const DAY = '2027-03-08';
const at = (time: string) => `${DAY}T${time}:00.000Z`;

type AppointmentEventName = 'appointment.booked' | 'appointment.rescheduled' | 'appointment.cancelled' | 'appointment.completed' | 'appointment.noShow';
const NAMES: AppointmentEventName[] = ['appointment.booked', 'appointment.rescheduled', 'appointment.cancelled', 'appointment.completed', 'appointment.noShow'];

/**
 * Every change of an appointment is told to the other modules as a committed `appointment.*`
 * event, whichever path made it, and the slot list already follows it when the response is out
 * (the scheduling module's own listener).
 */
describe('appointment events', () => {
  let t: TestApp;
  let doctor: BookableDoctor;
  let heard: { name: AppointmentEventName; payload: EventMap[AppointmentEventName] }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    setNow(t, NOW);
    const bus = t.app.get(EventBus, { strict: false });
    for (const name of NAMES) bus.on(name, (payload) => void heard.push({ name, payload }));
    doctor = await createBookableDoctor(t, { weekly: MORNING });
  });
  afterAll(() => t.close());

  it('tells of a booking with the time it holds, and of a move, a cancellation and the two closings', async () => {
    const patient = await createPatient(t);
    heard = [];
    const booked = await bookOk(t, patient.token, doctor, at('09:00'));
    const about = { appointmentId: booked.id, doctorId: doctor.doctorId, patientId: patient.userId };
    expect(heard).toEqual([{ name: 'appointment.booked', payload: { ...about, holds: { start: new Date(at('09:00')), end: expect.any(Date) }, doctorNextAvailableAt: expect.anything() } }]);
    expect(await slotStarts(t, doctor, DAY)).not.toContain(at('09:00'));

    heard = [];
    expect((await appointmentAction(t, patient.token, booked.id, 'reschedule', { start: at('10:00') })).statusCode).toBe(200);
    expect(heard).toEqual([{ name: 'appointment.rescheduled', payload: { ...about, from: new Date(at('09:00')), to: new Date(at('10:00')) } }]);
    expect(await slotStarts(t, doctor, DAY)).toContain(at('09:00'));

    heard = [];
    expect((await appointmentAction(t, doctor.token, booked.id, 'cancel', {})).statusCode).toBe(200);
    expect(heard).toEqual([{ name: 'appointment.cancelled', payload: { ...about, by: 'doctor' } }]);
    expect(await slotStarts(t, doctor, DAY)).toContain(at('10:00'));

    const completed = await bookOk(t, patient.token, doctor, at('11:00'));
    const missed = await bookOk(t, (await createPatient(t)).token, doctor, at('11:30'));
    setNow(t, `${DAY}T12:05:00.000Z`);
    try {
      heard = [];
      expect((await appointmentAction(t, doctor.token, completed.id, 'complete')).statusCode).toBe(200);
      expect((await appointmentAction(t, doctor.token, missed.id, 'no-show')).statusCode).toBe(200);
    } finally {
      setNow(t, NOW);
    }
    expect(heard.map((event) => [event.name, event.payload.appointmentId])).toEqual([
      ['appointment.completed', completed.id],
      ['appointment.noShow', missed.id],
    ]);
  });

  it('tells of nothing when a change is refused', async () => {
    const patient = await createPatient(t);
    const other = await createPatient(t);
    const booked = await bookOk(t, patient.token, doctor, at('09:30'));
    await bookOk(t, other.token, doctor, at('10:30'));
    heard = [];
    expect((await appointmentAction(t, other.token, booked.id, 'cancel', {})).statusCode).toBe(404);
    expect((await appointmentAction(t, patient.token, booked.id, 'reschedule', { start: at('10:30') })).statusCode).toBe(409);
    expect(heard).toEqual([]);
  });
});
