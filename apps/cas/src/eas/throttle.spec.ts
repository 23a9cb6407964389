import { DeviceThrottle } from './throttle';

const limits = {
  windowMs: 60_000,
  freeRepeats: 3,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxTrackedDevices: 2,
};

describe('DeviceThrottle', () => {
  it('delays the same failing request after the free repeats, doubling up to the bound', () => {
    let now = 0;
    const throttle = new DeviceThrottle(limits, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(throttle.delayFor('pat/DEV1', 'same'));
      throttle.record('pat/DEV1', 'same', true);
      now += 100;
    }
    expect(delays).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
    expect(throttle.delayFor('pat/DEV1', 'other')).toBe(0);
    expect(throttle.delayFor('kim/DEV2', 'same')).toBe(0);
  });

  it('forgets after a success, a quiet window, or a different request', () => {
    let now = 0;
    const throttle = new DeviceThrottle(limits, () => now);
    const fail = (fingerprint = 'same') => throttle.record('d', fingerprint, true);
    for (let i = 0; i < 5; i++) fail();
    expect(throttle.delayFor('d', 'same')).toBeGreaterThan(0);
    throttle.record('d', 'same', false);
    expect(throttle.delayFor('d', 'same')).toBe(0);
    for (let i = 0; i < 5; i++) fail();
    now += 60_001;
    expect(throttle.delayFor('d', 'same')).toBe(0);
    fail('other');
    expect(throttle.delayFor('d', 'same')).toBe(0);
  });

  it('tracks a bounded number of devices', () => {
    const throttle = new DeviceThrottle(limits);
    for (const device of ['a', 'b', 'c'])
      for (let i = 0; i < 5; i++) throttle.record(device, 'x', true);
    expect(throttle.delayFor('a', 'x')).toBe(0);
    expect(throttle.delayFor('c', 'x')).toBeGreaterThan(0);
  });
});
