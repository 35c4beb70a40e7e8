import { jest } from '@jest/globals';
import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

  it('gets what was set, and undefined for unknown keys', () => {
    const map = new ExpiringMap<number>();
    map.set('a', 1, 60);
    expect(map.get('a')).toBe(1);
    expect(map.get('b')).toBeUndefined();
  });

  it('overwrites a key with the new value and ttl', () => {
    const map = new ExpiringMap<string>();
    map.set('a', 'old', 1);
    map.set('a', 'new', 10);
    advance(5000);
    expect(map.get('a')).toBe('new');
    expect(map.size).toBe(1);
  });

  it('take returns the value once and removes it', () => {
    const map = new ExpiringMap<string>();
    map.set('a', 'x', 60);
    expect(map.take('a')).toBe('x');
    expect(map.take('a')).toBeUndefined();
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('expires entries exactly at their ttl, and drops them when read', () => {
    const map = new ExpiringMap<number>();
    map.set('a', 1, 2);
    advance(1999);
    expect(map.get('a')).toBe(1);
    advance(1);
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('take gives nothing for an expired entry', () => {
    const map = new ExpiringMap<number>();
    map.set('a', 1, 1);
    advance(1000);
    expect(map.take('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('sweeps expired entries every sweepEvery writes, keeping live ones', () => {
    const map = new ExpiringMap<number>(3);
    map.set('short-1', 1, 1);
    map.set('short-2', 2, 1);
    advance(1000);
    expect(map.size).toBe(2); // nobody read them: still held
    map.set('long', 3, 60); // third write: sweep
    expect(map.size).toBe(1);
    expect(map.get('long')).toBe(3);
  });

  it('stays bounded when many keys are written and never read', () => {
    const map = new ExpiringMap<number>(100);
    for (let i = 0; i < 10_000; i++) {
      map.set(`k${i}`, i, 1);
      advance(20);
    }
    // Each entry lives 1 s = 50 writes; a sweep every 100 writes leaves at most ~150.
    expect(map.size).toBeLessThanOrEqual(150);
  });

  it('expires with real time too', async () => {
    jest.useRealTimers();
    const map = new ExpiringMap<number>();
    map.set('a', 1, 0.05);
    expect(map.get('a')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(map.get('a')).toBeUndefined();
  });
});
