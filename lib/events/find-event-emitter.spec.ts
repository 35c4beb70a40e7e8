import { jest } from '@jest/globals';
import { findEventEmitter } from './find-event-emitter.js';

class EventEmitter2 {
  emitAsync = async () => [];
}

const notInstalled = () =>
  Promise.reject(
    Object.assign(new Error("Cannot find package '@nestjs/event-emitter' imported from x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    }),
  );

describe('findEventEmitter', () => {
  it("is undefined when @nestjs/event-emitter is not installed, without asking the app's modules", async () => {
    const get = jest.fn();
    await expect(findEventEmitter({ get }, notInstalled)).resolves.toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });

  it('is undefined when the app did not import EventEmitterModule', async () => {
    const get = jest.fn(() => {
      throw new Error('Nest could not find EventEmitter2 element');
    });
    await expect(
      findEventEmitter({ get }, async () => ({ EventEmitter2 })),
    ).resolves.toBeUndefined();
  });

  it("is the app's EventEmitter2, looked up across modules", async () => {
    const emitter = new EventEmitter2();
    const get = jest.fn(() => emitter);
    await expect(findEventEmitter({ get }, async () => ({ EventEmitter2 }))).resolves.toBe(emitter);
    expect(get).toHaveBeenCalledWith(EventEmitter2, { strict: false });
  });
});
