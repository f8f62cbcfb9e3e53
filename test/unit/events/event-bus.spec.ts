import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/common/events/event-bus.service.js';

describe('EventBus', () => {
  it('runs the handlers of an event in registration order, each awaited before the next', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    bus.on('doctor.ratingChanged', async ({ doctorId }) => {
      seen.push(`first starts ${doctorId}`);
      await firstMayFinish;
      seen.push('first ends');
    });
    bus.on('doctor.ratingChanged', ({ doctorId }) => {
      seen.push(`second ${doctorId}`);
    });
    bus.on('doctor.scheduleChanged', () => {
      seen.push('another event');
    });

    const emitted = bus.emit('doctor.ratingChanged', { doctorId: 'd1' });
    await Promise.resolve();
    expect(seen).toEqual(['first starts d1']);
    releaseFirst();
    await emitted;
    expect(seen).toEqual(['first starts d1', 'first ends', 'second d1']);
  });

  it('lets the first failure reach the emitter and runs no later handler', async () => {
    const bus = new EventBus();
    const later: string[] = [];
    bus.on('doctor.scheduleChanged', () => {
      throw new Error('refused');
    });
    bus.on('doctor.scheduleChanged', () => {
      later.push('ran');
    });
    await expect(bus.emit('doctor.scheduleChanged', { doctorId: 'd1', zoneChanged: true })).rejects.toThrow('refused');
    expect(later).toEqual([]);
  });

  it('emits to no one when nothing listens', async () => {
    await expect(new EventBus().emit('doctor.profileChanged', { doctorId: 'd1', identityChanged: [], timezoneChanged: false })).resolves.toBeUndefined();
  });

  it('keeps a handler registered during an emission out of that emission', async () => {
    const bus = new EventBus();
    const calls: string[] = [];
    bus.on('doctor.ratingChanged', () => {
      calls.push('outer');
      bus.on('doctor.ratingChanged', () => {
        calls.push('inner');
      });
    });
    await bus.emit('doctor.ratingChanged', { doctorId: 'd1' });
    expect(calls).toEqual(['outer']);
  });
});
